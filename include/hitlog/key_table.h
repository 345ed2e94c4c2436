// Endpoint interning: the counting stages key their maps by small integers, not strings.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
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
  explicit KeyTable(GroupBy group_by) : group_by_(group_by) {}
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
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  GroupBy group_by_;
  std::string scratch_;  // reused to build a composite lookup key without allocating
  std::deque<std::string> storage_;  // deque: growing never moves the strings parts_ views
  std::unordered_map<std::string_view, KeyId, Hash, std::equal_to<>> ids_;
  std::vector<KeyParts> parts_;
};

}  // namespace hitlog
