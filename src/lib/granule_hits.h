// GranuleHits: the hits of one granule of time (the sliding window's unit), packed in bytes.
//
// An entry is a key and its hits in the granule: varint(key * 2 + (hits > 1)), then
// varint(hits - 2) when hits > 1. Keys interned early (the busy endpoints) take one byte, any
// key of the first 8,192 two; a lone hit adds nothing, so a sparse key costs one or two bytes a
// hit. Hits are appended as they come, one entry each; merge() folds the entries of a key into
// one; its owner calls it whenever wants_merge() says the bytes have doubled since the last
// merge, so a busy key costs a few bytes a granule, not a byte a hit. The storage grows by a
// quarter at a time, not double, and fit() trims it once the granule is complete: the room
// allocated stays close to the bytes used (a few allocations per granule, none per hit).

#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hitlog/key_table.h"

namespace hitlog {

class GranuleHits {
 public:
  explicit GranuleHits(std::int64_t index) : index_(index) {}

  // The granule [index * g, (index + 1) * g) for the granule length g.
  std::int64_t index() const { return index_; }
  std::size_t entries() const { return entries_; }
  std::size_t bytes() const { return bytes_.size(); }
  std::size_t capacity() const { return bytes_.capacity(); }

  // Appends an entry. REQUIRES: hits >= 1.
  void add(KeyId key, std::uint64_t hits) {
    put(std::uint64_t{key} << 1 | (hits > 1 ? 1 : 0));
    if (hits > 1) put(hits - 2);
    ++entries_;
  }

  bool wants_merge() const { return bytes_.size() >= merge_at_; }

  // Folds the entries of each key into one, in the order the keys first appear, and calls
  // visit(key, hits) for each. pending is scratch indexed by key: all zero, longer than the
  // largest key; it is left so.
  template <typename Visit>
  void merge(std::vector<std::uint64_t>& pending, std::vector<KeyId>& order, Visit&& visit) {
    order.clear();
    for_each([&](KeyId key, std::uint64_t hits) {
      if (pending[key] == 0) order.push_back(key);
      pending[key] += hits;
    });
    const bool folded = order.size() < entries_;
    if (folded) {
      bytes_.clear();  // rewritten in place: the merged entries take fewer bytes
      entries_ = 0;
    }
    for (KeyId key : order) {
      if (folded) add(key, pending[key]);
      visit(key, pending[key]);
      pending[key] = 0;
    }
    merge_at_ = 2 * bytes_.size() + kFirstMerge;
  }

  // Calls visit(key, hits) for every entry in order.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    const std::uint8_t* at = bytes_.data();
    const std::uint8_t* const end = at + bytes_.size();
    while (at != end) {
      const std::uint64_t head = get(at);
      visit(static_cast<KeyId>(head >> 1), (head & 1) != 0 ? get(at) + 2 : std::uint64_t{1});
    }
  }

  // Gives back the room the entries do not use, for a granule that takes no more hits; a
  // small one keeps it (a granule reusing the storage then starts without allocating).
  void fit() {
    if (bytes_.capacity() - bytes_.size() > kKeptRoom) {
      std::vector<std::uint8_t>(bytes_).swap(bytes_);
    }
  }

  // Empties it for the granule index, keeping the bytes' storage.
  void reuse(std::int64_t index) {
    index_ = index;
    bytes_.clear();
    entries_ = 0;
    merge_at_ = kFirstMerge;
  }

 private:
  static constexpr std::size_t kFirstMerge = 256;
  static constexpr std::size_t kKeptRoom = 32;
  static constexpr std::size_t kMaxVarintBytes = 10;  // of a 64-bit value

  void put(std::uint64_t value) {
    if (bytes_.capacity() - bytes_.size() < kMaxVarintBytes) {
      bytes_.reserve(bytes_.capacity() * 5 / 4 + 16);
    }
    for (; value >= 0x80; value >>= 7) bytes_.push_back(static_cast<std::uint8_t>(value | 0x80));
    bytes_.push_back(static_cast<std::uint8_t>(value));
  }

  static std::uint64_t get(const std::uint8_t*& at) {
    std::uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      const std::uint8_t byte = *at++;
      value |= std::uint64_t{byte & 0x7fu} << shift;
      if (byte < 0x80) return value;
    }
  }

  std::vector<std::uint8_t> bytes_;
  std::int64_t index_;
  std::size_t entries_ = 0;
  std::size_t merge_at_ = kFirstMerge;
};

}  // namespace hitlog
