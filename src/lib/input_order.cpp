#include "hitlog/input_order.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace hitlog {
namespace {

// Declared oldest first: this is the order within a set.
enum class Kind { kNumbered, kDated, kBare };

struct Member {
  std::string_view path;
  std::string_view base;  // the bare name of the set the path would belong to
  Kind kind = Kind::kBare;
  std::uint64_t number = 0;  // the rotation number, or the date as YYYYMMDD
};

bool parse_digits(std::string_view text, std::uint64_t& value) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

// "X.N[.gz]" is numbered, "X-YYYYMMDD[.gz]" is dated, anything else is a bare name.
Member classify(std::string_view path) {
  Member member{path, path};
  std::string_view stem = path;
  if (stem.ends_with(".gz")) stem.remove_suffix(3);
  const std::size_t cut = stem.find_last_of(".-");
  if (cut == std::string_view::npos || cut == 0) return member;
  const std::string_view suffix = stem.substr(cut + 1);
  std::uint64_t number = 0;
  if (!parse_digits(suffix, number)) return member;
  if (stem[cut] == '.') return {path, stem.substr(0, cut), Kind::kNumbered, number};
  if (suffix.size() == 8) return {path, stem.substr(0, cut), Kind::kDated, number};
  return member;
}

bool older(const Member& a, const Member& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  if (a.kind == Kind::kNumbered) return a.number > b.number;
  return a.number < b.number;
}

}  // namespace

std::vector<std::string> order_inputs(const std::vector<std::string>& paths) {
  std::vector<Member> members;
  std::unordered_set<std::string_view> seen;
  std::unordered_map<std::string_view, std::vector<Member>> sets;
  for (const std::string& path : paths) {
    if (!seen.insert(path).second) continue;
    members.push_back(classify(path));
    if (path != "-") sets[members.back().base].push_back(members.back());
  }

  std::vector<std::string> ordered;
  ordered.reserve(members.size());
  for (const Member& member : members) {
    if (member.path == "-") {
      ordered.emplace_back(member.path);
      continue;
    }
    std::vector<Member>& set = sets[member.base];
    if (set.size() == 1) {
      ordered.emplace_back(member.path);
    } else if (!set.empty()) {
      // The first member met emits the whole set and empties it, so the others are skipped.
      std::stable_sort(set.begin(), set.end(), older);
      for (const Member& m : set) ordered.emplace_back(m.path);
      set.clear();
    }
  }
  return ordered;
}

}  // namespace hitlog
