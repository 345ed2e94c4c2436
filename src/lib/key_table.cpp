#include "hitlog/key_table.h"

#include <tuple>

namespace hitlog {

KeyId KeyTable::intern(const Hit& hit) {
  std::string_view method = group_by_.method ? hit.method : std::string_view{};
  const int status = group_by_.status ? hit.status : 0;
  std::string_view lookup = hit.endpoint;
  if (group_by_.method || group_by_.status) {
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
    lookup = scratch_;
  }
  if (auto it = ids_.find(lookup); it != ids_.end()) return it->second;

  const std::string& stored = storage_.emplace_back(lookup);
  const KeyId id = static_cast<KeyId>(parts_.size());
  KeyParts parts;
  if (lookup.data() == scratch_.data()) {
    const std::string_view s = stored;
    parts.method = s.substr(4, method.size());
    parts.endpoint = s.substr(4 + method.size());
    parts.status = status;
  } else {
    parts.endpoint = stored;
  }
  parts_.push_back(parts);
  ids_.emplace(std::string_view(stored), id);
  return id;
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
