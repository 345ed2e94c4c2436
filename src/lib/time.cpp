#include "hitlog/time.h"

#include <array>
#include <cstring>
#include <limits>

namespace hitlog {
namespace {

constexpr Seconds kSecondsPerDay = 86400;
constexpr int kMaxOffsetMinutes = 14 * 60;
constexpr std::array<std::string_view, 12> kMonthNames = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The value of the n digits starting at text[pos], or -1 when one of them is not a digit.
// REQUIRES: pos + n <= text.size().
int read_digits(std::string_view text, std::size_t pos, std::size_t n) {
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap_year(std::int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int days_in_month(std::int64_t year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// 1..12 for "Jan".."Dec" at the start of text, 0 otherwise.
int month_from_name(std::string_view text) {
  for (std::size_t i = 0; i < kMonthNames.size(); ++i) {
    if (text.starts_with(kMonthNames[i])) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool valid_date(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// Seconds of a time of day; a leap second (60) is accepted and runs into the next minute.
std::optional<Seconds> time_of_day(int hour, int minute, int second) {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  return hour * 3600 + minute * 60 + second;
}

// A UTC offset "+hhmm" (colon == false) or "+hh:mm" (colon == true) making up all of text, in
// seconds east of UTC.
std::optional<Seconds> parse_offset(std::string_view text, bool colon) {
  if (text.size() != (colon ? 6u : 5u) || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  if (colon && text[3] != ':') return std::nullopt;
  const int hours = read_digits(text, 1, 2);
  const int minutes = read_digits(text, colon ? 4 : 3, 2);
  if (hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > kMaxOffsetMinutes) {
    return std::nullopt;
  }
  const Seconds offset = (hours * 60 + minutes) * 60;
  return text[0] == '-' ? -offset : offset;
}

struct CivilDate {
  std::int64_t year;
  int month;
  int day;
};

// The inverse of days_from_civil, on the same March-based 400-year eras.
CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t shifted = days + 719468;  // days since 0000-03-01
  const std::int64_t era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
  const std::int64_t day_of_era = shifted - era * 146097;  // [0, 146096]
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // from March 1
  const std::int64_t march_month = (5 * day_of_year + 2) / 153;                // 0 = March
  const int day = static_cast<int>(day_of_year - (153 * march_month + 2) / 5 + 1);
  const int month = static_cast<int>(march_month < 10 ? march_month + 3 : march_month - 9);
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Writes value with at least width digits, returning the position after the last one.
char* write_digits(char* out, std::uint64_t value, int width) {
  char reversed[20];
  int count = 0;
  do {
    reversed[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (count < width) reversed[count++] = '0';
  while (count > 0) *out++ = reversed[--count];
  return out;
}

// A non-negative decimal number that is all of text; nullopt when empty, not digits or too big.
std::optional<std::int64_t> parse_number(std::string_view text) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    const int digit = c - '0';
    if (!is_digit(c) || value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) {
  // Counting years from March puts the leap day last, so a day of the year does not depend
  // on whether the year is a leap year; eras of 400 years repeat exactly.
  const std::int64_t march_year = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (march_year >= 0 ? march_year : march_year - 399) / 400;
  const std::int64_t year_of_era = march_year - era * 400;  // [0, 399]
  const std::int64_t march_month = (month + 9) % 12;        // 0 = March
  const std::int64_t day_of_year = (153 * march_month + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

std::optional<Seconds> parse_time_local(std::string_view text) {
  // "10/Oct/2000:13:55:36 -0700"
  if (text.size() != 26 || text[2] != '/' || text[6] != '/' || text[11] != ':' || text[14] != ':' ||
      text[17] != ':' || text[20] != ' ') {
    return std::nullopt;
  }
  const int day = read_digits(text, 0, 2);
  const int month = month_from_name(text.substr(3, 3));
  const int year = read_digits(text, 7, 4);
  if (year < 0 || !valid_date(year, month, day)) return std::nullopt;
  const auto clock =
      time_of_day(read_digits(text, 12, 2), read_digits(text, 15, 2), read_digits(text, 18, 2));
  const auto offset = parse_offset(text.substr(21), false);
  if (!clock || !offset) return std::nullopt;
  return days_from_civil(year, month, day) * kSecondsPerDay + *clock - *offset;
}

std::optional<Seconds> parse_time_iso8601(std::string_view text) {
  // "2000-10-10T13:55:36.123-07:00"; the date alone is also accepted.
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = read_digits(text, 0, 4);
  const int month = read_digits(text, 5, 2);
  const int day = read_digits(text, 8, 2);
  if (year < 0 || !valid_date(year, month, day)) return std::nullopt;
  const Seconds midnight = days_from_civil(year, month, day) * kSecondsPerDay;
  if (text.size() == 10) return midnight;

  if (text.size() < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto clock =
      time_of_day(read_digits(text, 11, 2), read_digits(text, 14, 2), read_digits(text, 17, 2));
  if (!clock) return std::nullopt;
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t first_digit = ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == first_digit) return std::nullopt;
  }
  const std::string_view zone = text.substr(pos);
  std::optional<Seconds> offset;
  if (zone.empty() || zone == "Z") {
    offset = 0;
  } else {
    offset = parse_offset(zone, zone.size() == 6);
  }
  if (!offset) return std::nullopt;
  return midnight + *clock - *offset;
}

std::optional<Seconds> parse_msec(std::string_view text) {
  const std::size_t dot = text.find('.');
  if (dot != std::string_view::npos && !parse_number(text.substr(dot + 1))) return std::nullopt;
  // Beyond year 9999 is garbage, and window arithmetic near INT64_MAX would overflow.
  constexpr Seconds kLastSecondOf9999 = 253402300799;
  const auto seconds = parse_number(text.substr(0, dot));
  if (!seconds || *seconds > kLastSecondOf9999) return std::nullopt;
  return seconds;
}

std::optional<Seconds> parse_duration(std::string_view text) {
  // 10,000 years: more than any log spans, and window ends stay far from overflow.
  constexpr Seconds kMax = 10000 * 366 * kSecondsPerDay;
  Seconds total = 0;
  int previous_rank = 5;  // units must come largest first, each at most once
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t number_start = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    const auto number = parse_number(text.substr(number_start, pos - number_start));
    if (!number) return std::nullopt;
    if (pos == text.size()) {
      // A bare number is seconds, but only on its own: "1h30" is more likely a typo.
      if (number_start != 0) return std::nullopt;
      total = *number;
      break;
    }
    Seconds unit = 0;
    int rank = 0;
    switch (text[pos++]) {
      case 'd':
        unit = kSecondsPerDay;
        rank = 4;
        break;
      case 'h':
        unit = 3600;
        rank = 3;
        break;
      case 'm':
        unit = 60;
        rank = 2;
        break;
      case 's':
        unit = 1;
        rank = 1;
        break;
      default:
        return std::nullopt;
    }
    if (rank >= previous_rank || *number > (kMax - total) / unit) return std::nullopt;
    total += *number * unit;
    previous_rank = rank;
  }
  if (total <= 0 || total > kMax) return std::nullopt;
  return total;
}

std::string format_utc(Seconds t) {
  std::string out;
  append_utc(out, t);
  return out;
}

void append_utc(std::string& out, Seconds t) {
  // Floor division, so that times before 1970 fall on the right day.
  std::int64_t days = t / kSecondsPerDay;
  std::int64_t second_of_day = t % kSecondsPerDay;
  if (second_of_day < 0) {
    second_of_day += kSecondsPerDay;
    --days;
  }
  const CivilDate date = civil_from_days(days);

  char buffer[40];
  char* p = buffer;
  if (date.year < 0) *p++ = '-';
  p = write_digits(p, static_cast<std::uint64_t>(date.year < 0 ? -date.year : date.year), 4);
  *p++ = '-';
  p = write_digits(p, static_cast<std::uint64_t>(date.month), 2);
  *p++ = '-';
  p = write_digits(p, static_cast<std::uint64_t>(date.day), 2);
  *p++ = 'T';
  p = write_digits(p, static_cast<std::uint64_t>(second_of_day / 3600), 2);
  *p++ = ':';
  p = write_digits(p, static_cast<std::uint64_t>(second_of_day / 60 % 60), 2);
  *p++ = ':';
  p = write_digits(p, static_cast<std::uint64_t>(second_of_day % 60), 2);
  *p++ = 'Z';
  out.append(buffer, static_cast<std::size_t>(p - buffer));
}

bool TimeLocalParser::parse_and_cache(std::string_view text, Seconds& t) {
  const auto parsed = parse_time_local(text);
  if (!parsed) return false;
  std::memcpy(cached_key_, text.data(), sizeof cached_key_);
  std::memcpy(cached_offset_, text.data() + 21, sizeof cached_offset_);
  cached_minute_ = *parsed - read_digits(text, 18, 2);
  have_cache_ = true;
  t = *parsed;
  return true;
}

}  // namespace hitlog
