// Time values and their text forms: the log's timestamps, the report's ISO-8601 times,
// durations given on the command line.
//
// All functions are pure and thread-safe except TimeLocalParser, which keeps a one-entry cache
// and belongs to one thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace hitlog {

// Seconds since 1970-01-01T00:00:00Z. Log offsets are applied, so every Seconds value is UTC.
using Seconds = std::int64_t;

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, day 1..31).
std::int64_t days_from_civil(int year, int month, int day);

// nginx $time_local / Apache %t without the brackets: "10/Oct/2000:13:55:36 -0700".
// Month names are English, first letter upper case. Rejects impossible dates (31/Apr, 29/Feb
// of a non-leap year), hours > 23, minutes/seconds > 59 (a leap second 60 is accepted),
// offsets beyond +-14:00.
std::optional<Seconds> parse_time_local(std::string_view text);

// nginx $time_iso8601 ("2000-10-10T13:55:36-07:00", "...Z", "+0000" also accepted) and the
// same shape for command-line timestamps. A fraction of a second (".123") is dropped. A date
// alone ("2026-12-01") means midnight UTC, and a time without a zone is UTC too.
std::optional<Seconds> parse_time_iso8601(std::string_view text);

// nginx $msec: seconds with an optional fraction, "1700000000.123"; the fraction is dropped.
// Times after the year 9999 are rejected, as for the other formats.
std::optional<Seconds> parse_msec(std::string_view text);

// "30s", "5m", "1h", "1d" or a bare number of seconds; must be positive. Several units
// may be combined, largest first and each once ("1h30m", not "30m1h" or "1h30"). At most
// 10,000 years (3660000d).
std::optional<Seconds> parse_duration(std::string_view text);

// Renders t as "2026-12-01T10:00:00Z".
std::string format_utc(Seconds t);
// Appends the same text to out without allocating when out has capacity.
void append_utc(std::string& out, Seconds t);

// parse_time_local with a cache of the last minute seen: log lines arrive in near time
// order, so most lines share the "dd/Mon/yyyy:HH:MM" prefix and offset of the line before.
class TimeLocalParser {
 public:
  // Sets t and returns true when text is a valid $time_local, as parse_time_local says. Inline,
  // and not std::optional, so that a cache hit (nearly every line) costs two comparisons and
  // two digits, with no copy through the stack.
  bool parse(std::string_view text, Seconds& t) {
    // Layout: "dd/Mon/yyyy:HH:MM" [0,17) ':' SS [18,20) ' ' offset [21,26).
    if (have_cache_ && text.size() == 26 && text[17] == ':' && text[20] == ' ' &&
        std::memcmp(text.data(), cached_key_, sizeof cached_key_) == 0 &&
        std::memcmp(text.data() + 21, cached_offset_, sizeof cached_offset_) == 0) {
      const unsigned tens = static_cast<unsigned char>(text[18]) - '0';
      const unsigned ones = static_cast<unsigned char>(text[19]) - '0';
      const unsigned second = tens * 10 + ones;
      if (tens > 9 || ones > 9 || second > 60) return false;
      t = cached_minute_ + second;
      return true;
    }
    return parse_and_cache(text, t);
  }

 private:
  bool parse_and_cache(std::string_view text, Seconds& t);

  char cached_key_[17] = {};  // "dd/Mon/yyyy:HH:MM", the part that names the minute
  char cached_offset_[5] = {};
  bool have_cache_ = false;
  Seconds cached_minute_ = 0;  // UTC value of cached_key_ at second 0 with cached_offset_
};

}  // namespace hitlog
