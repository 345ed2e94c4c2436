#include "log_format.h"

#include <algorithm>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Position of the first c in line at or after from, or kNpos. Inline and 16 bytes at a time:
// the fields of a log line are short, and a call to memchr per field costs more than the scan.
std::size_t find_byte(std::string_view line, std::size_t from, char c) {
  const char* data = line.data();
  std::size_t pos = from;
#if defined(__SSE2__)
  const __m128i needle = _mm_set1_epi8(c);
  for (; pos + 16 <= line.size(); pos += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    const auto hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, needle)));
    if (hits != 0) return pos + static_cast<std::size_t>(__builtin_ctz(hits));
  }
#endif
  for (; pos < line.size(); ++pos) {
    if (data[pos] == c) return pos;
  }
  return kNpos;
}

// Position of the first occurrence of literal in line at or after from, or kNpos.
// REQUIRES: literal is not empty; from <= line.size().
std::size_t find_literal(std::string_view line, std::size_t from, std::string_view literal) {
  for (std::size_t pos = find_byte(line, from, literal[0]); pos != kNpos;
       pos = find_byte(line, pos + 1, literal[0])) {
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
  if (trailing == Trailing::allowed && spec == kCommonLogFormat) {
    format.builtin_ = Builtin::common;
  } else if (trailing == Trailing::allowed && spec == kCombinedLogFormat) {
    format.builtin_ = Builtin::combined;
  }
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
  if (builtin_ != Builtin::none) return match_builtin(line, values);
  if (!literal_at(line, 0, head_)) return false;
  std::size_t pos = head_.size();
  for (const Step& step : steps_) {
    std::size_t end = kNpos;
    if (!step.literal.empty()) {
      end = step.quoted ? find_closing(line, pos, step.literal)
                        : find_literal(line, pos, step.literal);
      if (end == kNpos) return false;
    } else if (trailing_ == Trailing::allowed) {
      end = std::min(find_byte(line, pos, ' '), line.size());
    } else {
      end = line.size();
    }
    // Values of ignored variables land in the `none` slot, which nobody reads.
    values[static_cast<std::size_t>(step.slot)] = line.substr(pos, end - pos);
    pos = end + step.literal.size();
  }
  return trailing_ == Trailing::allowed || pos == line.size();
}

// The general loop unrolled for the built-in formats, with their literals as constants:
// $remote_addr " " $ident " " $remote_user " [" $time_local "] \"" $request "\" " $status " "
// $body_bytes_sent, then " \"" (combined) or up to a space or the end of the line (common).
bool LogFormat::match_builtin(std::string_view line, SlotValues& values) const {
  const std::size_t client_end = find_byte(line, 0, ' ');
  if (client_end == kNpos) return false;
  const std::size_t ident_end = find_byte(line, client_end + 1, ' ');
  if (ident_end == kNpos) return false;
  const std::size_t user_end = find_literal(line, ident_end + 1, " [");
  if (user_end == kNpos) return false;
  const std::size_t time_start = user_end + 2;
  const std::size_t time_end = find_literal(line, time_start, "] \"");
  if (time_end == kNpos) return false;
  const std::size_t request_start = time_end + 3;
  const std::size_t request_end = find_closing(line, request_start, "\" ");
  if (request_end == kNpos) return false;
  const std::size_t status_start = request_end + 2;
  const std::size_t status_end = find_byte(line, status_start, ' ');
  if (status_end == kNpos) return false;
  const std::size_t bytes_start = status_end + 1;
  const std::size_t bytes_end = builtin_ == Builtin::combined
                                    ? find_literal(line, bytes_start, " \"")
                                    : std::min(find_byte(line, bytes_start, ' '), line.size());
  if (bytes_end == kNpos) return false;
  const auto set = [&](Slot slot, std::size_t begin, std::size_t end) {
    values[static_cast<std::size_t>(slot)] = line.substr(begin, end - begin);
  };
  set(Slot::client, 0, client_end);
  set(Slot::time_local, time_start, time_end);
  set(Slot::request, request_start, request_end);
  set(Slot::status, status_start, status_end);
  set(Slot::bytes, bytes_start, bytes_end);
  return true;
}

}  // namespace hitlog
