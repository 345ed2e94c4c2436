// Which hits a run counts: --since/--until, --status, --method, --path.
#pragma once

#include <bitset>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hitlog/hit.h"

namespace re2 {
class RE2;
}

namespace hitlog {

// The filters as the user gave them.
struct FilterSpec {
  std::optional<Seconds> since;  // inclusive
  std::optional<Seconds> until;  // exclusive
  std::vector<std::string> statuses;  // "404", or a class "5xx"
  std::vector<std::string> methods;   // exact, case-sensitive: "GET"
  std::string path_regex;             // re2, searched anywhere in the endpoint; "" = any
  bool operator==(const FilterSpec&) const = default;
};

// Immutable once built. accepts() is on the hot path.
class HitFilter {
 public:
  // Returns nullptr and sets error for an invalid status or regular expression.
  static std::unique_ptr<HitFilter> create(const FilterSpec& spec, std::string& error);
  ~HitFilter();

  bool accepts(const Hit& hit) const;
  // True when the filter lets every hit through, so the caller can skip it.
  bool accepts_all() const { return accepts_all_; }

 private:
  HitFilter() = default;

  std::optional<Seconds> since_;
  std::optional<Seconds> until_;
  std::optional<std::bitset<1000>> statuses_;  // nullopt: any status
  std::vector<std::string> methods_;
  std::unique_ptr<re2::RE2> path_;
  bool accepts_all_ = true;
};

}  // namespace hitlog
