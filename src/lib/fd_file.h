// Reading a file descriptor, shared by the plain and gzip sources. Private to the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "hitlog/byte_source.h"

namespace hitlog {

// An open file descriptor read with the rules every source shares: reads are retried after
// EINTR and failures become InputError naming the file and offset. Move-only; closes the
// descriptor when it owns it (standard input is borrowed). Not thread-safe.
class FdFile {
 public:
  FdFile(int fd, std::string name, bool owned);
  FdFile(FdFile&& other) noexcept;
  FdFile(const FdFile&) = delete;
  FdFile& operator=(const FdFile&) = delete;
  FdFile& operator=(FdFile&&) = delete;
  ~FdFile();

  // Reads up to capacity bytes; returns 0 only at the end of the file. REQUIRES: capacity > 0.
  std::size_t read(char* dst, std::size_t capacity);
  const std::string& name() const { return name_; }
  // Bytes read from the descriptor so far.
  std::uint64_t offset() const { return offset_; }
  // Moves n bytes forward without reading them; false, having done nothing, when the
  // descriptor is not a regular file holding at least n more bytes.
  bool seek_forward(std::uint64_t n);
  int fd() const { return fd_; }

 private:
  int fd_;
  bool owned_;
  std::string name_;
  std::uint64_t offset_ = 0;
};

// Wraps an open descriptor as a source, plain or gzip according to its first bytes.
// open_source() is open(2) plus this; tests use it to read pipes the way stdin is read.
std::unique_ptr<ByteSource> open_fd_source(FdFile file);

}  // namespace hitlog
