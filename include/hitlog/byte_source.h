// Where the bytes come from: a plain file, a gzip file, or standard input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace hitlog {

// An input that cannot be read: missing, unreadable, or a corrupt or truncated gzip stream.
// what() is a complete message for the user naming the file and, where known, the offset.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A stream of decompressed bytes. Not thread-safe.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to capacity bytes into dst; returns 0 only at the end of input. May return fewer
  // bytes than are available (a short read is not the end). REQUIRES: capacity > 0.
  // Throws InputError on a read error or corrupt compressed data.
  virtual std::size_t read(char* dst, std::size_t capacity) = 0;
  // The name used in messages: the path as given, or "<stdin>".
  virtual const std::string& name() const = 0;
  // Bytes consumed from the underlying file so far (compressed bytes for gzip).
  virtual std::uint64_t raw_offset() const = 0;
  // True when the content is gzip-compressed.
  virtual bool compressed() const = 0;
  // Skips the next n decompressed bytes (resuming from a checkpoint): a seek for a plain file,
  // reading and dropping them otherwise. Throws InputError on a read error, or when the
  // input ends first.
  virtual void skip(std::uint64_t n);
};

// Opens path ("-" means standard input). gzip is recognised by its magic bytes, not its name,
// and multi-member gzip files are read to the end of the last member. Throws InputError when
// the file cannot be opened.
std::unique_ptr<ByteSource> open_source(const std::string& path);

}  // namespace hitlog
