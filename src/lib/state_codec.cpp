#include "hitlog/state_codec.h"

#include <bit>

namespace hitlog {

void StateWriter::patch_u64(std::size_t offset, std::uint64_t v) {
  for (std::size_t i = 0; i < 8; ++i) out_[offset + i] = static_cast<char>(v >> (8 * i));
}

void StateWriter::f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }

void StateWriter::str(std::string_view s) {
  u64(s.size());
  out_.append(s);
}

bool StateReader::need(std::size_t n) {
  if (!ok()) return false;
  if (in_.size() - pos_ >= n) return true;
  fail("truncated at byte " + std::to_string(pos_));
  return false;
}

std::uint8_t StateReader::u8() {
  if (!need(1)) return 0;
  return static_cast<std::uint8_t>(in_[pos_++]);
}

std::uint32_t StateReader::u32() {
  if (!need(4)) return 0;
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<std::uint8_t>(in_[pos_++])} << (8 * i);
  return v;
}

std::uint64_t StateReader::u64() {
  if (!need(8)) return 0;
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<std::uint8_t>(in_[pos_++])} << (8 * i);
  return v;
}

double StateReader::f64() { return std::bit_cast<double>(u64()); }

bool StateReader::boolean() {
  const std::uint8_t v = u8();
  if (v > 1) fail("a flag is neither 0 nor 1 at byte " + std::to_string(pos_ - 1));
  return v == 1;
}

std::string StateReader::str() {
  const std::uint64_t size = count(1);
  if (!ok()) return {};
  std::string s(in_.substr(pos_, size));
  pos_ += size;
  return s;
}

std::uint64_t StateReader::count(std::size_t min_item_bytes) {
  const std::uint64_t n = u64();
  if (!ok()) return 0;
  const std::uint64_t left = in_.size() - pos_;
  if (min_item_bytes > 0 && n > left / min_item_bytes) {
    fail("a count of " + std::to_string(n) + " at byte " + std::to_string(pos_ - 8) +
         " exceeds the data left");
    return 0;
  }
  return n;
}

std::uint32_t StateReader::key() {
  const std::uint32_t k = u32();
  if (ok() && k >= key_limit_) {
    fail("key id " + std::to_string(k) + " at byte " + std::to_string(pos_ - 4) +
         " is not a known key");
    return 0;
  }
  return k;
}

void StateReader::fail(std::string_view reason) {
  if (ok()) error_ = reason;
}

}  // namespace hitlog
