#include "hitlog/time.h"

#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace hitlog {
namespace {

constexpr Seconds kDay = 86400;
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// t as $time_local text at the given offset ("+hhmm"), built from format_utc's fields.
std::string time_local_text(Seconds t, const std::string& offset) {
  const int sign = offset[0] == '-' ? -1 : 1;
  const Seconds shift =
      sign * (std::stoi(offset.substr(1, 2)) * 3600 + std::stoi(offset.substr(3, 2)) * 60);
  const std::string iso = format_utc(t + shift);  // "YYYY-MM-DDTHH:MM:SSZ"
  return iso.substr(8, 2) + "/" + kMonths[std::stoi(iso.substr(5, 2)) - 1] + "/" +
         iso.substr(0, 4) + ":" + iso.substr(11, 8) + " " + offset;
}

TEST_CASE("days_from_civil counts days from 1970 in the proleptic Gregorian calendar") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(1900, 1, 1) == -25567);
  CHECK(days_from_civil(1, 1, 1) == -719162);
  CHECK(days_from_civil(9999, 12, 31) == 2932896);
  CHECK(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28) == 2);
  CHECK(days_from_civil(2023, 3, 1) - days_from_civil(2023, 2, 28) == 1);
}

TEST_CASE("days_from_civil agrees with counting day by day from 1600 to 2400") {
  const std::array<int, 12> month_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::int64_t expected = days_from_civil(1600, 1, 1);
  for (int year = 1600; year <= 2400; ++year) {
    const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    for (int month = 1; month <= 12; ++month) {
      const int days = month_days[month - 1] + (month == 2 && leap ? 1 : 0);
      for (int day = 1; day <= days; ++day) {
        if (days_from_civil(year, month, day) != expected) {
          FAIL("wrong day count for " << year << "-" << month << "-" << day);
        }
        ++expected;
      }
    }
  }
  CHECK(expected == days_from_civil(2401, 1, 1));
}

TEST_CASE("parse_time_local applies the offset") {
  CHECK(parse_time_local("10/Oct/2000:13:55:36 -0700") == 971211336);
  CHECK(parse_time_local("10/Oct/2000:20:55:36 +0000") == 971211336);
  CHECK(parse_time_local("11/Oct/2000:02:25:36 +0530") == 971211336);
  CHECK(parse_time_local("01/Jan/1970:14:00:00 +1400") == 0);
  CHECK(parse_time_local("31/Dec/1969:10:00:00 -1400") == 0);
  CHECK(parse_time_local("17/May/2015:10:05:03 +0000") == 1431857103);
}

TEST_CASE("parse_time_local knows every month name") {
  for (int month = 1; month <= 12; ++month) {
    const std::string text = std::string("01/") + kMonths[month - 1] + "/2021:00:00:00 +0000";
    INFO(text);
    CHECK(parse_time_local(text) == days_from_civil(2021, month, 1) * kDay);
  }
  CHECK_FALSE(parse_time_local("01/oct/2021:00:00:00 +0000"));
  CHECK_FALSE(parse_time_local("01/OCT/2021:00:00:00 +0000"));
  CHECK_FALSE(parse_time_local("01/Okt/2021:00:00:00 +0000"));
}

TEST_CASE("parse_time_local validates the day of the month, leap years included") {
  CHECK(parse_time_local("29/Feb/2000:00:00:00 +0000") == days_from_civil(2000, 2, 29) * kDay);
  CHECK(parse_time_local("29/Feb/2024:00:00:00 +0000") == days_from_civil(2024, 2, 29) * kDay);
  CHECK_FALSE(parse_time_local("29/Feb/1900:00:00:00 +0000"));
  CHECK_FALSE(parse_time_local("29/Feb/2023:00:00:00 +0000"));
  CHECK_FALSE(parse_time_local("30/Feb/2024:00:00:00 +0000"));
  CHECK(parse_time_local("30/Apr/2021:00:00:00 +0000"));
  CHECK_FALSE(parse_time_local("31/Apr/2021:00:00:00 +0000"));
  CHECK_FALSE(parse_time_local("31/Jun/2021:00:00:00 +0000"));
  CHECK(parse_time_local("31/Dec/2021:00:00:00 +0000"));
  CHECK_FALSE(parse_time_local("00/Jan/2021:00:00:00 +0000"));
  CHECK_FALSE(parse_time_local("32/Jan/2021:00:00:00 +0000"));
}

TEST_CASE("parse_time_local validates the time of day and accepts a leap second") {
  const Seconds midnight = days_from_civil(2016, 12, 31) * kDay;
  CHECK(parse_time_local("31/Dec/2016:23:59:59 +0000") == midnight + kDay - 1);
  CHECK(parse_time_local("31/Dec/2016:23:59:60 +0000") == midnight + kDay);
  CHECK_FALSE(parse_time_local("31/Dec/2016:24:00:00 +0000"));
  CHECK_FALSE(parse_time_local("31/Dec/2016:23:60:00 +0000"));
  CHECK_FALSE(parse_time_local("31/Dec/2016:23:59:61 +0000"));
}

TEST_CASE("parse_time_local rejects bad offsets") {
  CHECK(parse_time_local("01/Jan/2021:00:00:00 +1400"));
  CHECK(parse_time_local("01/Jan/2021:00:00:00 -1400"));
  CHECK_FALSE(parse_time_local("01/Jan/2021:00:00:00 +1401"));
  CHECK_FALSE(parse_time_local("01/Jan/2021:00:00:00 -1500"));
  CHECK_FALSE(parse_time_local("01/Jan/2021:00:00:00 +0060"));
  CHECK_FALSE(parse_time_local("01/Jan/2021:00:00:00 00000"));
  CHECK_FALSE(parse_time_local("01/Jan/2021:00:00:00 +00:0"));
  CHECK_FALSE(parse_time_local("01/Jan/2021:00:00:00 +00a0"));
}

TEST_CASE("parse_time_local rejects garbage and wrong lengths") {
  for (const char* text :
       {"", "-", "01/Jan/2021:00:00:00", "01/Jan/2021:00:00:00 +0000 ",
        " 01/Jan/2021:00:00:00 +0000", "1/Jan/2021:00:00:00 +0000", "[01/Jan/2021:00:00:00 +0000]",
        "01-Jan-2021:00:00:00 +0000", "01/Jan/2021 00:00:00 +0000", "01/Jan/2021:00:00:00+00000",
        "0a/Jan/2021:00:00:00 +0000", "01/Jan/2o21:00:00:00 +0000", "01/Jan/2021:0x:00:00 +0000",
        "2021-01-01T00:00:00Z"}) {
    INFO('"' << text << '"');
    CHECK_FALSE(parse_time_local(text));
  }
}

TEST_CASE("parse_time_iso8601 reads offsets, fractions and plain dates") {
  const Seconds t = 1796119200;  // 2026-12-01T10:00:00Z
  CHECK(parse_time_iso8601("2026-12-01T10:00:00Z") == t);
  CHECK(parse_time_iso8601("2026-12-01T11:00:00+01:00") == t);
  CHECK(parse_time_iso8601("2026-12-01T03:00:00-0700") == t);
  CHECK(parse_time_iso8601("2026-12-01T03:00:00-07:00") == t);
  CHECK(parse_time_iso8601("2026-12-01T10:00:00+00:00") == t);
  CHECK(parse_time_iso8601("2026-12-01T10:00:00+0000") == t);
  CHECK(parse_time_iso8601("2026-12-01T10:00:00.123Z") == t);
  CHECK(parse_time_iso8601("2026-12-01T10:00:00.999999+00:00") == t);
  CHECK(parse_time_iso8601("2026-12-01T10:00:00") == t);  // no zone: UTC
  CHECK(parse_time_iso8601("2026-12-01") == t - 10 * 3600);
  CHECK(parse_time_iso8601("1969-12-31T23:59:59Z") == -1);
  CHECK(parse_time_iso8601("2024-02-29") == days_from_civil(2024, 2, 29) * kDay);
}

TEST_CASE("parse_time_iso8601 rejects malformed text") {
  for (const char* text : {"",
                           "2026",
                           "2026-12",
                           "2026-12-1",
                           "2026-13-01",
                           "2026-02-29",
                           "2026-12-00",
                           "2026/12/01",
                           "2026-12-01T",
                           "2026-12-01T10:00",
                           "2026-12-01 10:00:00Z",
                           "2026-12-01T24:00:00Z",
                           "2026-12-01T10:00:00.Z",
                           "2026-12-01T10:00:00+1",
                           "2026-12-01T10:00:00+01",
                           "2026-12-01T10:00:00+15:00",
                           "2026-12-01T10:00:00Zjunk",
                           "2026-12-01T10:00:00z",
                           "2026-12-01T10:00:00+01:00 ",
                           "2026-12-01x"}) {
    INFO('"' << text << '"');
    CHECK_FALSE(parse_time_iso8601(text));
  }
}

TEST_CASE("parse_msec drops the fraction") {
  CHECK(parse_msec("1700000000.123") == 1700000000);
  CHECK(parse_msec("1700000000") == 1700000000);
  CHECK(parse_msec("0.999") == 0);
  CHECK(parse_msec("253402300799.999") == 253402300799);  // 9999-12-31T23:59:59Z
  for (const char* text : {"", ".5", "17.", "1.2.3", "abc", "-1", "1e9", "17 ", "1.x",
                           "253402300800", "9223372036854775807", "99999999999999999999"}) {
    INFO('"' << text << '"');
    CHECK_FALSE(parse_msec(text));
  }
}

TEST_CASE("parse_duration reads units, combinations and bare seconds") {
  CHECK(parse_duration("30s") == 30);
  CHECK(parse_duration("1m") == 60);
  CHECK(parse_duration("5m") == 300);
  CHECK(parse_duration("1h") == 3600);
  CHECK(parse_duration("1d") == kDay);
  CHECK(parse_duration("90") == 90);
  CHECK(parse_duration("1h30m") == 5400);
  CHECK(parse_duration("1d2h3m4s") == kDay + 2 * 3600 + 3 * 60 + 4);
  CHECK(parse_duration("3660000d") == 3660000 * kDay);  // 10,000 years, the longest accepted
  CHECK(parse_duration("0h30m") == 1800);
}

TEST_CASE("parse_duration rejects empty, zero, malformed and overflowing text") {
  for (const char* text :
       {"", "0", "0s", "0h0m", "m", "-5s", "5x", "5 s", " 5s", "5s ", "1h30", "30m1h", "1m1m",
        "1.5h", "99999999999999999999", "9223372036854775807d", "9223372036854775807s1s",
        "3660001d", "316224000001"}) {
    INFO('"' << text << '"');
    CHECK_FALSE(parse_duration(text));
  }
}

TEST_CASE("format_utc renders ISO-8601 UTC, before 1970 too") {
  CHECK(format_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(format_utc(1796119200) == "2026-12-01T10:00:00Z");
  CHECK(format_utc(971211336) == "2000-10-10T20:55:36Z");
  CHECK(format_utc(951782400) == "2000-02-29T00:00:00Z");
  CHECK(format_utc(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_utc(-kDay) == "1969-12-31T00:00:00Z");
  CHECK(format_utc(-kDay - 1) == "1969-12-30T23:59:59Z");
  CHECK(format_utc(-2208988800) == "1900-01-01T00:00:00Z");
  CHECK(format_utc(days_from_civil(1, 1, 1) * kDay) == "0001-01-01T00:00:00Z");
  CHECK(format_utc(days_from_civil(10000, 1, 1) * kDay) == "10000-01-01T00:00:00Z");
  CHECK(format_utc(days_from_civil(-1, 12, 31) * kDay) == "-0001-12-31T00:00:00Z");
}

TEST_CASE("format_utc and parse_time_iso8601 round-trip") {
  for (Seconds t = -4 * 400 * 366 * kDay; t < 4 * 400 * 366 * kDay; t += 7 * kDay + 3599) {
    const std::string text = format_utc(t);
    if (parse_time_iso8601(text) != t) FAIL("round trip of " << t << " gave " << text);
  }
  CHECK(parse_time_iso8601(format_utc(1431857103)) == 1431857103);
}

TEST_CASE("append_utc appends in place without reallocating") {
  std::string out = "start=";
  out.reserve(64);
  const char* data = out.data();
  const std::size_t capacity = out.capacity();
  append_utc(out, -1);
  CHECK(out == "start=1969-12-31T23:59:59Z");
  CHECK(out.data() == data);
  CHECK(out.capacity() == capacity);
}

TEST_CASE("TimeLocalParser gives the same results as parse_time_local") {
  const std::vector<Seconds> starts = {
      971211336,                                 // an ordinary afternoon
      days_from_civil(2000, 1, 1) * kDay - 200,  // across a year boundary
      days_from_civil(2024, 2, 29) * kDay - 90,  // into a leap day
      days_from_civil(2023, 3, 1) * kDay - 90,   // out of February in a common year
      -2 * kDay - 130,                           // before 1970
  };
  const std::vector<std::string> offsets = {"+0000", "-0700", "+0530", "+1400", "-1400"};
  TimeLocalParser parser;
  std::size_t checked = 0;
  for (const Seconds start : starts) {
    for (Seconds t = start; t < start + 2 * 3600 + 7; t += 13) {
      // Switching offset every line defeats the cache as often as possible; a fixed offset
      // exercises the hits.
      for (const std::string& offset : {offsets[static_cast<std::size_t>(t) % offsets.size()],
                                        std::string("+0100"), std::string("+0100")}) {
        const std::string text = time_local_text(t, offset);
        const auto expected = parse_time_local(text);
        REQUIRE(expected == t);
        Seconds parsed = 0;
        if (!parser.parse(text, parsed) || parsed != t) FAIL("cache parser differs on " << text);
        ++checked;
      }
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("TimeLocalParser rejects what parse_time_local rejects, even on a cache hit") {
  TimeLocalParser parser;
  // The parser's result, or -1 when it rejects text.
  const auto parse = [&parser](std::string_view text) {
    Seconds t = 0;
    return parser.parse(text, t) ? t : Seconds{-1};
  };
  REQUIRE(parse("10/Oct/2000:13:55:36 -0700") == 971211336);
  for (const char* text :
       {"10/Oct/2000:13:55:6x -0700", "10/Oct/2000:13:55:61 -0700", "10/Oct/2000:13:55-36 -0700",
        "10/Oct/2000:13:55:36+-0700", "10/Oct/2000:13:55:36 -0700 ", "10/Oct/2000:13:55:36 -070",
        "10/Oct/2000:13:55:36 -1500", ""}) {
    INFO('"' << text << '"');
    CHECK(parse(text) == -1);
    CHECK_FALSE(parse_time_local(text));
  }
  CHECK(parse("10/Oct/2000:13:55:60 -0700") == 971211360);
  CHECK(parse("10/Oct/2000:13:55:37 -0700") == 971211337);
  CHECK(parse("10/Oct/2000:13:55:37 +0000") == 971211337 - 7 * 3600);
  CHECK(parse("10/Oct/2000:13:56:00 +0000") == 971211360 - 7 * 3600);
}

}  // namespace
}  // namespace hitlog
