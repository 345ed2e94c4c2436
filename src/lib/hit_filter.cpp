#include "hitlog/hit_filter.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace hitlog {
namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "404" sets one status; "4xx" (or "4XX") sets 400..499.
bool add_status(std::string_view text, std::bitset<1000>& set) {
  if (text.size() != 3 || text[0] < '1' || text[0] > '9') return false;
  if ((text[1] == 'x' || text[1] == 'X') && (text[2] == 'x' || text[2] == 'X')) {
    const int base = (text[0] - '0') * 100;
    for (int s = base; s < base + 100; ++s) set.set(s);
    return true;
  }
  if (!all_digits(text)) return false;
  set.set((text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0'));
  return true;
}

}  // namespace

HitFilter::~HitFilter() = default;

std::unique_ptr<HitFilter> HitFilter::create(const FilterSpec& spec, std::string& error) {
  std::unique_ptr<HitFilter> filter(new HitFilter);
  filter->since_ = spec.since;
  filter->until_ = spec.until;
  if (!spec.statuses.empty()) {
    filter->statuses_.emplace();
    for (const std::string& status : spec.statuses) {
      if (!add_status(status, *filter->statuses_)) {
        error =
            "invalid --status '" + status + "': expected a code such as 404 or a class such as 5xx";
        return nullptr;
      }
    }
  }
  filter->methods_ = spec.methods;
  if (!spec.path_regex.empty()) {
    filter->path_ = std::make_unique<re2::RE2>(spec.path_regex, re2::RE2::Quiet);
    if (!filter->path_->ok()) {
      error =
          "invalid --path regular expression '" + spec.path_regex + "': " + filter->path_->error();
      return nullptr;
    }
  }
  filter->accepts_all_ = !spec.since && !spec.until && spec.statuses.empty() &&
                         spec.methods.empty() && spec.path_regex.empty();
  return filter;
}

bool HitFilter::accepts(const Hit& hit) const {
  if (since_ && hit.time < *since_) return false;
  if (until_ && hit.time >= *until_) return false;
  if (statuses_ && (hit.status < 0 || hit.status >= 1000 || !statuses_->test(hit.status))) {
    return false;
  }
  if (!methods_.empty() &&
      std::find(methods_.begin(), methods_.end(), hit.method) == methods_.end()) {
    return false;
  }
  if (path_ && !re2::RE2::PartialMatch(hit.endpoint, *path_)) return false;
  return true;
}

}  // namespace hitlog
