#include "hitlog/key_table.h"

#include <cstring>
#include <random>
#include <tuple>

namespace hitlog {
namespace {

// Loads 1 to 8 bytes as a word with fixed-size loads: a memcpy of variable length would be a
// call, and its store to the stack stalls the load that follows it.
std::uint64_t load_tail(const char* p, std::size_t n) {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  if (n >= 4) {
    std::uint32_t a;
    std::uint32_t b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);  // overlaps a when n < 8
    lo = a;
    hi = b;
  } else {
    lo = static_cast<unsigned char>(p[0]);
    hi = static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
         static_cast<unsigned char>(p[n - 1]);
  }
  return lo | hi << 32;
}

// Eight bytes per multiply, seeded; keys are short paths, where this beats a byte loop.
std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed) {
  constexpr std::uint64_t kOdd = 0x9e3779b97f4a7c15;
  std::uint64_t hash = seed ^ (bytes.size() * kOdd);
  const auto mix = [&hash](std::uint64_t word) {
    hash = (hash ^ word) * kOdd;
    hash ^= hash >> 29;
  };
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  for (; n > 8; n -= 8, p += 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    mix(word);
  }
  if (n > 0) mix(load_tail(p, n));  // the length is in the seed: equal tails of other keys differ
  return hash ^ (hash >> 32);
}

}  // namespace

KeyTable::KeyTable(GroupBy group_by)
    : group_by_(group_by),
      seed_((std::uint64_t{std::random_device{}()} << 32) | std::random_device{}()) {}

KeyId KeyTable::intern(const Hit& hit) {
  if (!group_by_.method && !group_by_.status) {
    // The view's halves one at a time: the parser stored them apart, and copying the view
    // whole is a 16-byte load that waits for both stores (a store-forwarding stall).
    return find_or_add(hit.endpoint.data(), hit.endpoint.size(), {}, 0);
  }
  std::string_view method = group_by_.method ? hit.method : std::string_view{};
  const int status = group_by_.status ? hit.status : 0;
  // Composite key: status (3 chars), method length (1 byte), method, endpoint. The fixed-size
  // prefix keeps it unambiguous whatever bytes the endpoint holds.
  if (method.size() > 255) method = method.substr(0, 255);
  scratch_.clear();
  scratch_.push_back(static_cast<char>('0' + status / 100 % 10));
  scratch_.push_back(static_cast<char>('0' + status / 10 % 10));
  scratch_.push_back(static_cast<char>('0' + status % 10));
  scratch_.push_back(static_cast<char>(method.size()));
  scratch_.append(method);
  scratch_.append(hit.endpoint);
  return find_or_add(scratch_.data(), scratch_.size(), method, status);
}

KeyId KeyTable::find_or_add(const char* data, std::size_t size, std::string_view method,
                            int status) {
  const std::uint64_t hash = hash_bytes(std::string_view(data, size), seed_);
  const std::size_t mask = index_.size() - 1;
  std::size_t at = hash & mask;
  for (; index_[at].id != kNoKey; at = (at + 1) & mask) {
    const Cell& cell = index_[at];
    if (cell.hash == hash && cell.size == size && std::memcmp(cell.data, data, size) == 0) {
      return cell.id;
    }
  }

  const std::string& stored = storage_.emplace_back(data, size);
  const KeyId id = static_cast<KeyId>(parts_.size());
  KeyParts parts;
  if (group_by_.method || group_by_.status) {
    const std::string_view s = stored;
    parts.method = s.substr(4, method.size());
    parts.endpoint = s.substr(4 + method.size());
    parts.status = status;
  } else {
    parts.endpoint = stored;
  }
  parts_.push_back(parts);
  index_[at] = Cell{hash, stored.data(), static_cast<std::uint32_t>(stored.size()), id};
  if (2 * parts_.size() > index_.size()) grow_index();
  return id;
}

void KeyTable::grow_index() {
  std::vector<Cell> bigger(2 * index_.size());
  const std::size_t mask = bigger.size() - 1;
  for (const Cell& cell : index_) {
    if (cell.id == kNoKey) continue;
    std::size_t at = cell.hash & mask;
    while (bigger[at].id != kNoKey) at = (at + 1) & mask;
    bigger[at] = cell;
  }
  index_ = std::move(bigger);
}

KeyId KeyTable::intern(const KeyParts& parts) {
  Hit hit;
  hit.endpoint = parts.endpoint;
  hit.method = parts.method;
  hit.status = parts.status;
  return intern(hit);
}

bool KeyTable::less(KeyId a, KeyId b) const {
  const KeyParts& x = parts_[a];
  const KeyParts& y = parts_[b];
  return std::tie(x.endpoint, x.method, x.status) < std::tie(y.endpoint, y.method, y.status);
}

}  // namespace hitlog
