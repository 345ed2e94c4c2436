// Endpoint interning: the counting stages key their maps by small integers, not strings.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "hitlog/hit.h"

namespace hitlog {

using KeyId = std::uint32_t;

// What a report row is keyed by besides the endpoint.
struct GroupBy {
  bool method = false;
  bool status = false;
  bool operator==(const GroupBy&) const = default;
};

// The parts of one interned key.
struct KeyParts {
  std::string_view endpoint;
  std::string_view method;  // empty unless grouped by method
  int status = 0;           // 0 unless grouped by status
};

// Maps (endpoint[, method][, status]) to dense ids 0, 1, 2, ... Ids and the views returned by
// parts() stay valid for the table's lifetime. Not thread-safe.
class KeyTable {
 public:
  explicit KeyTable(GroupBy group_by);
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;

  // The id of hit's key, interning it on first sight. Allocates only for a new key.
  KeyId intern(const Hit& hit);
  // The same for a key's parts (restoring a checkpoint): interning a table's keys in id order
  // into an empty table with the same grouping gives them the same ids.
  KeyId intern(const KeyParts& parts);

  const KeyParts& parts(KeyId id) const { return parts_[id]; }
  std::size_t size() const { return parts_.size(); }
  GroupBy group_by() const { return group_by_; }

  // Report order: endpoint bytes, then method bytes, then status.
  bool less(KeyId a, KeyId b) const;

 private:
  static constexpr KeyId kNoKey = ~KeyId{0};

  // One cell of the open-addressing index: a key's hash, bytes and id, so that a lookup
  // reads one cell, and compares bytes only when the hash and length agree.
  struct Cell {
    std::uint64_t hash = 0;
    const char* data = nullptr;
    std::uint32_t size = 0;
    KeyId id = kNoKey;
  };

  // The id of the lookup key data[0, size), adding it, with the parts of a composite key
  // (method, status), when it is new.
  KeyId find_or_add(const char* data, std::size_t size, std::string_view method, int status);
  void grow_index();

  GroupBy group_by_;
  std::string scratch_;              // reused to build a composite lookup key without allocating
  std::deque<std::string> storage_;  // deque: growing never moves the strings parts_ views
  std::vector<KeyParts> parts_;
  // Linear probing over a power-of-two number of cells, at most half full: one cache line per
  // lookup on the hot path, where std::unordered_map costs a node walk and a slower hash.
  std::vector<Cell> index_ = std::vector<Cell>(64);
  // Log lines are attacker-controlled: a per-table seed keeps crafted paths from colliding.
  std::uint64_t seed_;
};

}  // namespace hitlog
