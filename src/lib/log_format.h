// An nginx log_format string compiled into a program of (variable, literal) steps, and the
// matching of one line against it. Private to the library: LineParser turns the matched
// values into a Hit.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hitlog {

// What a variable's value is used for. Every kind is filled by at most one variable of a
// compiled format; variables that feed nothing use `none`.
enum class Slot : std::uint8_t {
  none,
  client,      // $remote_addr
  time_local,  // the first time variable, whichever kind it is
  time_iso8601,
  msec,
  request,      // $request; when present, $request_method/$request_uri/$uri are not used
  method,       // $request_method
  request_uri,  // $request_uri; preferred to $uri
  uri,
  status,
  bytes,  // the first of $body_bytes_sent and $bytes_sent
};
inline constexpr std::size_t kSlotCount = static_cast<std::size_t>(Slot::bytes) + 1;

// The values of one matched line, indexed by Slot; views into the line.
using SlotValues = std::array<std::string_view, kSlotCount>;

// The built-in formats. $ident stands for Apache's %l, nginx's literal "-"; as an unknown
// variable it is ignored. With trailing text allowed, match() splits them by a hand-written
// path that gives the same values as the general one.
inline constexpr std::string_view kCommonLogFormat =
    "$remote_addr $ident $remote_user [$time_local] \"$request\" $status $body_bytes_sent";
inline constexpr std::string_view kCombinedLogFormat =
    "$remote_addr $ident $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
    "\"$http_referer\" \"$http_user_agent\"";

// Whether text may follow the part of a line the format describes.
enum class Trailing : std::uint8_t {
  forbidden,  // the whole line must match
  allowed,    // the line must match up to the literal after the last variable that is used
};

// Immutable once compiled; match() is thread-safe and does not allocate.
class LogFormat {
 public:
  // Compiles an nginx log_format string: literal text and $name or ${name} variables, name
  // being [A-Za-z0-9_]+. Returns nullopt and sets error to a message for the user when the
  // format cannot be matched (two variables with no literal between them, a stray '$') or
  // lacks a time variable or a variable giving the endpoint.
  static std::optional<LogFormat> compile(std::string_view spec, Trailing trailing,
                                          std::string& error);

  // Splits line by the format's literals: each value runs to the first occurrence of the
  // literal after it (skipping backslash-escaped characters inside double quotes); a last
  // variable with no literal after it takes the rest of the line, or with trailing text
  // allowed the text up to the next space. Fills values of the slots in use and returns
  // true when the line has the format's shape.
  bool match(std::string_view line, SlotValues& values) const;

  bool uses(Slot slot) const { return used_[static_cast<std::size_t>(slot)]; }
  // One of time_local, time_iso8601, msec.
  Slot time_slot() const { return time_slot_; }
  // One of request, request_uri, uri.
  Slot target_slot() const { return target_slot_; }

 private:
  struct Step {
    Slot slot = Slot::none;
    bool quoted = false;  // between a literal ending in '"' and one starting with '"'
    std::string literal;  // the text that ends the value; empty only for a last variable
  };

  enum class Builtin : std::uint8_t { none, common, combined };

  LogFormat() = default;
  bool match_builtin(std::string_view line, SlotValues& values) const;

  std::string head_;  // literal text before the first variable
  std::vector<Step> steps_;
  Trailing trailing_ = Trailing::forbidden;
  Builtin builtin_ = Builtin::none;
  std::array<bool, kSlotCount> used_ = {};
  Slot time_slot_ = Slot::none;
  Slot target_slot_ = Slot::none;
};

}  // namespace hitlog
