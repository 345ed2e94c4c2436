#include "log_format.h"

#include <algorithm>

namespace hitlog {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// The slot a variable would fill if it is the first of its kind; none for ignored variables.
Slot slot_of(std::string_view name) {
  if (name == "remote_addr") return Slot::client;
  if (name == "time_local") return Slot::time_local;
  if (name == "time_iso8601") return Slot::time_iso8601;
  if (name == "msec") return Slot::msec;
  if (name == "request") return Slot::request;
  if (name == "request_method") return Slot::method;
  if (name == "request_uri") return Slot::request_uri;
  if (name == "uri") return Slot::uri;
  if (name == "status") return Slot::status;
  if (name == "body_bytes_sent" || name == "bytes_sent") return Slot::bytes;
  return Slot::none;
}

bool is_time_slot(Slot slot) {
  return slot == Slot::time_local || slot == Slot::time_iso8601 || slot == Slot::msec;
}

// Whether line holds literal at pos. Literals are short, so a loop beats a call to memcmp.
bool literal_at(std::string_view line, std::size_t pos, std::string_view literal) {
  if (line.size() - pos < literal.size()) return false;
  for (std::size_t i = 0; i < literal.size(); ++i) {
    if (line[pos + i] != literal[i]) return false;
  }
  return true;
}

// Position of the first occurrence of literal in line at or after from, or kNpos.
// REQUIRES: literal is not empty; from <= line.size().
std::size_t find_literal(std::string_view line, std::size_t from, std::string_view literal) {
  for (std::size_t pos = line.find(literal[0], from); pos != kNpos;
       pos = line.find(literal[0], pos + 1)) {
    if (literal_at(line, pos, literal)) return pos;
  }
  return kNpos;
}

// As find_literal, but skips occurrences whose first character is escaped by a backslash
// (Apache writes a '"' inside a quoted field as \"). Only backslashes at or after from count.
std::size_t find_closing(std::string_view line, std::size_t from, std::string_view literal) {
  std::size_t pos = find_literal(line, from, literal);
  while (pos != kNpos) {
    std::size_t backslashes = 0;
    while (pos - backslashes > from && line[pos - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return pos;
    pos = find_literal(line, pos + 1, literal);
  }
  return kNpos;
}

}  // namespace

std::optional<LogFormat> LogFormat::compile(std::string_view spec, Trailing trailing,
                                            std::string& error) {
  LogFormat format;
  format.trailing_ = trailing;
  std::vector<std::string_view> names;  // of the variables, parallel to steps_
  std::string literal;                  // text since the last variable
  std::size_t pos = 0;
  while (pos < spec.size()) {
    if (spec[pos] != '$') {
      literal += spec[pos++];
      continue;
    }
    const std::string position = std::to_string(pos + 1);
    std::string_view name;
    if (pos + 1 < spec.size() && spec[pos + 1] == '{') {
      const std::size_t close = spec.find('}', pos + 2);
      if (close == kNpos) {
        error = "\"${\" at position " + position + " of the format has no closing \"}\"";
        return std::nullopt;
      }
      name = spec.substr(pos + 2, close - pos - 2);
      if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
        error = "\"${" + std::string(name) + "}\" at position " + position +
                " of the format is not a variable name (letters, digits and '_')";
        return std::nullopt;
      }
      pos = close + 1;
    } else {
      std::size_t end = pos + 1;
      while (end < spec.size() && is_name_char(spec[end])) ++end;
      name = spec.substr(pos + 1, end - pos - 1);
      if (name.empty()) {
        error =
            "\"$\" at position " + position + " of the format is not followed by a variable name";
        return std::nullopt;
      }
      pos = end;
    }
    if (names.empty()) {
      format.head_ = std::move(literal);
    } else if (literal.empty()) {
      error = "variables $" + std::string(names.back()) + " and $" + std::string(name) +
              " have no text between them in the format, so their values cannot be told apart";
      return std::nullopt;
    } else {
      format.steps_.back().literal = std::move(literal);
    }
    literal.clear();
    names.push_back(name);
    format.steps_.push_back(Step{});
  }
  if (names.empty()) {
    format.head_ = std::move(literal);
  } else {
    format.steps_.back().literal = std::move(literal);
  }

  // Decide which variable feeds each slot: the first of each kind, with $request preferred to
  // $request_method/$request_uri/$uri and $request_uri preferred to $uri.
  const auto has = [&names](std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  const bool has_request = has("request");
  const bool has_request_uri = has("request_uri");
  for (std::size_t i = 0; i < names.size(); ++i) {
    Slot slot = slot_of(names[i]);
    if ((has_request && (slot == Slot::method || slot == Slot::request_uri)) ||
        ((has_request || has_request_uri) && slot == Slot::uri) ||
        (is_time_slot(slot) && format.time_slot_ != Slot::none) || format.uses(slot)) {
      slot = Slot::none;
    }
    if (is_time_slot(slot)) format.time_slot_ = slot;
    if (slot == Slot::request || slot == Slot::request_uri || slot == Slot::uri) {
      format.target_slot_ = slot;
    }
    if (slot != Slot::none) format.used_[static_cast<std::size_t>(slot)] = true;
    format.steps_[i].slot = slot;

    const std::string_view before = i == 0 ? format.head_ : format.steps_[i - 1].literal;
    format.steps_[i].quoted =
        before.ends_with('"') && std::string_view(format.steps_[i].literal).starts_with('"');
  }

  if (format.time_slot_ == Slot::none) {
    error = "format has no time variable ($time_local, $time_iso8601 or $msec)";
    return std::nullopt;
  }
  if (format.target_slot_ == Slot::none) {
    error = "format has no variable giving the endpoint ($request, $request_uri or $uri)";
    return std::nullopt;
  }
  if (trailing == Trailing::allowed) {
    // Nothing after the last used value is read, so the text there is not checked either.
    const auto last_used = std::find_if(format.steps_.rbegin(), format.steps_.rend(),
                                        [](const Step& step) { return step.slot != Slot::none; });
    format.steps_.erase(last_used.base(), format.steps_.end());
  }
  return format;
}

bool LogFormat::match(std::string_view line, SlotValues& values) const {
  if (!literal_at(line, 0, head_)) return false;
  std::size_t pos = head_.size();
  for (const Step& step : steps_) {
    std::size_t end = kNpos;
    if (!step.literal.empty()) {
      end = step.quoted ? find_closing(line, pos, step.literal)
                        : find_literal(line, pos, step.literal);
      if (end == kNpos) return false;
    } else if (trailing_ == Trailing::allowed) {
      end = std::min(line.find(' ', pos), line.size());
    } else {
      end = line.size();
    }
    // Values of ignored variables land in the `none` slot, which nobody reads.
    values[static_cast<std::size_t>(step.slot)] = line.substr(pos, end - pos);
    pos = end + step.literal.size();
  }
  return trailing_ == Trailing::allowed || pos == line.size();
}

}  // namespace hitlog
