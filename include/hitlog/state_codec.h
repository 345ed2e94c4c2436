// The byte encoding of saved state (checkpoints): explicit little-endian fixed-width integers,
// doubles as their IEEE-754 bit patterns, strings as a u64 length and the bytes. The reader
// checks every length against the bytes left before it reads, and once anything is wrong it
// fails for good: every later read returns zero, so decoders check ok() once at the end of a
// section instead of after every field. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hitlog {

class StateWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { put(v); }
  void u64(std::uint64_t v) { put(v); }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void f64(double v);
  void boolean(bool v) { u8(v ? 1 : 0); }
  void str(std::string_view s);
  // Overwrites the u64 written at offset (a length known only later).
  void patch_u64(std::size_t offset, std::uint64_t v);

  std::size_t size() const { return out_.size(); }
  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  template <typename Unsigned>
  void put(Unsigned v) {
    char bytes[sizeof v];
    for (std::size_t i = 0; i < sizeof v; ++i) bytes[i] = static_cast<char>(v >> (8 * i));
    out_.append(bytes, sizeof v);
  }

  std::string out_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view in) : in_(in) {}

  std::uint8_t u8();
  std::uint32_t u32();
  std::uint64_t u64();
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  double f64();
  bool boolean();
  std::string str();

  // A count of items that each take at least min_item_bytes: fails when that many could not
  // fit in what is left, so a corrupt count never makes a decoder allocate without bound.
  std::uint64_t count(std::size_t min_item_bytes);

  // A key id: fails unless it is below the limit set by set_key_limit (the keys known).
  std::uint32_t key();
  void set_key_limit(std::uint64_t limit) { key_limit_ = limit; }

  // Marks the state invalid; the first reason is kept.
  void fail(std::string_view reason);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::size_t offset() const { return pos_; }

 private:
  bool need(std::size_t n);

  std::string_view in_;
  std::size_t pos_ = 0;
  std::uint64_t key_limit_ = 0;
  std::string error_;
};

}  // namespace hitlog
