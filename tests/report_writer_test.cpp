#include "hitlog/report_writer.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace hitlog {
namespace {

// 2026-12-01T10:00:00Z and one minute later.
constexpr Seconds kTen = 1796119200;
constexpr Seconds kTenOne = kTen + 60;

struct Window {
  Seconds start;
  Seconds end;
  std::vector<ReportRow> rows;
};

std::string render(ReportFormat format, const std::vector<Window>& windows,
                   const ReportOptions& options = {}) {
  std::ostringstream out;
  auto writer = make_report_writer(format, out, options);
  for (const Window& window : windows) writer->write_window(window.start, window.end, window.rows);
  writer->finish();
  return out.str();
}

ReportRow row(std::string_view endpoint, std::string_view method, int status, std::uint64_t count) {
  return {.endpoint = endpoint, .method = method, .status = status, .count = count};
}

ReportRow row(std::string_view endpoint, std::uint64_t count) {
  return row(endpoint, "", 0, count);
}

// A row whose count is an estimate with the given relative standard error.
ReportRow estimate(std::string_view endpoint, std::uint64_t count, double rse) {
  ReportRow estimated = row(endpoint, count);
  estimated.exact = false;
  estimated.relative_std_error = rse;
  return estimated;
}

}  // namespace

TEST_CASE("report format names", "[report]") {
  CHECK(parse_report_format("csv") == ReportFormat::csv);
  CHECK(parse_report_format("jsonl") == ReportFormat::jsonl);
  CHECK(parse_report_format("table") == ReportFormat::table);
  CHECK_FALSE(parse_report_format("CSV"));
  CHECK_FALSE(parse_report_format("json"));
  CHECK_FALSE(parse_report_format(""));
  CHECK_FALSE(parse_report_format("csv "));
}

TEST_CASE("csv header depends on the columns", "[report]") {
  CHECK(render(ReportFormat::csv, {}) == "window_start,window_end,endpoint,count\n");
  CHECK(render(ReportFormat::csv, {}, {.method_column = true}) ==
        "window_start,window_end,endpoint,method,count\n");
  CHECK(render(ReportFormat::csv, {}, {.status_column = true}) ==
        "window_start,window_end,endpoint,status,count\n");
  CHECK(render(ReportFormat::csv, {}, {.method_column = true, .status_column = true}) ==
        "window_start,window_end,endpoint,method,status,count\n");
}

TEST_CASE("csv rows", "[report]") {
  const std::string text =
      render(ReportFormat::csv, {{kTen, kTenOne, {row("/api/v1/users", 42), row("/index.html", 7)}},
                                 {kTenOne, kTenOne + 60, {}},
                                 {kTenOne + 60, kTenOne + 120, {row("/", 1)}}});
  CHECK(text ==
        "window_start,window_end,endpoint,count\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/api/v1/users,42\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/index.html,7\n"
        "2026-12-01T10:02:00Z,2026-12-01T10:03:00Z,/,1\n");
}

TEST_CASE("csv quotes only fields that need it", "[report]") {
  const std::string text =
      render(ReportFormat::csv, {{kTen,
                                  kTenOne,
                                  {row("/a,b", 1), row("/say \"hi\"", 2), row("/line\nbreak", 3),
                                   row("/cr\rhere", 4), row(" /spaced ", 5), row("/x\\\"y", 6)}}});
  CHECK(text ==
        "window_start,window_end,endpoint,count\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,\"/a,b\",1\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,\"/say \"\"hi\"\"\",2\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,\"/line\nbreak\",3\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,\"/cr\rhere\",4\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z, /spaced ,5\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,\"/x\\\"\"y\",6\n");
}

TEST_CASE("csv finds a character to quote anywhere in a long field", "[report]") {
  // Fields over 16 bytes are checked 16 bytes at a time: the special character at each end of
  // a block, and past the last whole block.
  for (const std::size_t length : {std::size_t{16}, std::size_t{31}, std::size_t{40}}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (const char special : {',', '"', '\n', '\r'}) {
        std::string endpoint(length, 'p');
        endpoint[at] = special;
        std::string quoted = "\"";
        for (const char c : endpoint) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += "\"";
        const std::string text = render(ReportFormat::csv, {{kTen, kTenOne, {row(endpoint, 1)}}});
        INFO("length " << length << ", special at " << at);
        REQUIRE(text.find("," + quoted + ",1\n") != std::string::npos);
      }
    }
    const std::string plain(length, 'p');
    CHECK(
        render(ReportFormat::csv, {{kTen, kTenOne, {row(plain, 1)}}}).find("," + plain + ",1\n") !=
        std::string::npos);
  }
}

TEST_CASE("csv method and status columns", "[report]") {
  const std::vector<Window> windows = {
      {kTen,
       kTenOne,
       {row("/a", "GET", 200, 3), row("/a", "POST", 201, 1), row("(invalid)", "", 400, 2)}}};
  CHECK(render(ReportFormat::csv, windows, {.method_column = true, .status_column = true}) ==
        "window_start,window_end,endpoint,method,status,count\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/a,GET,200,3\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/a,POST,201,1\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,(invalid),,400,2\n");
  CHECK(render(ReportFormat::csv, windows, {.status_column = true}) ==
        "window_start,window_end,endpoint,status,count\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/a,200,3\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/a,201,1\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,(invalid),400,2\n");
}

TEST_CASE("csv times before 1970 and across a leap day", "[report]") {
  CHECK(render(ReportFormat::csv, {{-60, 0, {row("/old", 1)}}}) ==
        "window_start,window_end,endpoint,count\n"
        "1969-12-31T23:59:00Z,1970-01-01T00:00:00Z,/old,1\n");
  // 2024-02-29T00:00:00Z for one day.
  CHECK(render(ReportFormat::csv, {{1709164800, 1709251200, {row("/leap", 1)}}}) ==
        "window_start,window_end,endpoint,count\n"
        "2024-02-29T00:00:00Z,2024-03-01T00:00:00Z,/leap,1\n");
}

TEST_CASE("csv keeps a large window whole", "[report]") {
  // More rows than fit in the writer's buffer: flushed in parts, still every row once.
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back("/item/" + std::to_string(i));
  std::vector<ReportRow> rows;
  for (const std::string& name : names) rows.push_back(row(name, 1));
  const std::string text = render(ReportFormat::csv, {{kTen, kTenOne, rows}});
  CHECK(std::count(text.begin(), text.end(), '\n') == 5001);
  CHECK(text.ends_with("2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/item/4999,1\n"));
}

TEST_CASE("jsonl rows", "[report]") {
  CHECK(render(ReportFormat::jsonl, {}).empty());
  CHECK(render(ReportFormat::jsonl, {{kTen, kTenOne, {}}}).empty());
  CHECK(render(ReportFormat::jsonl, {{kTen, kTenOne, {row("/a", 42), row("/b", 1)}}}) ==
        "{\"window_start\":\"2026-12-01T10:00:00Z\",\"window_end\":\"2026-12-01T10:01:00Z\","
        "\"endpoint\":\"/a\",\"count\":42}\n"
        "{\"window_start\":\"2026-12-01T10:00:00Z\",\"window_end\":\"2026-12-01T10:01:00Z\","
        "\"endpoint\":\"/b\",\"count\":1}\n");
}

TEST_CASE("jsonl method and status keys", "[report]") {
  const std::vector<Window> windows = {{kTen, kTenOne, {row("/a", "GET", 304, 5)}}};
  CHECK(render(ReportFormat::jsonl, windows, {.method_column = true, .status_column = true}) ==
        "{\"window_start\":\"2026-12-01T10:00:00Z\",\"window_end\":\"2026-12-01T10:01:00Z\","
        "\"endpoint\":\"/a\",\"method\":\"GET\",\"status\":304,\"count\":5}\n");
  CHECK(render(ReportFormat::jsonl, windows, {.method_column = true}) ==
        "{\"window_start\":\"2026-12-01T10:00:00Z\",\"window_end\":\"2026-12-01T10:01:00Z\","
        "\"endpoint\":\"/a\",\"method\":\"GET\",\"count\":5}\n");
  CHECK(render(ReportFormat::jsonl, windows, {.status_column = true}) ==
        "{\"window_start\":\"2026-12-01T10:00:00Z\",\"window_end\":\"2026-12-01T10:01:00Z\","
        "\"endpoint\":\"/a\",\"status\":304,\"count\":5}\n");
}

TEST_CASE("jsonl marks estimates and their error", "[report]") {
  const std::vector<Window> windows = {
      {kTen, kTenOne, {estimate("/a", 1024, 0.70710678), row("/b", 3)}}};
  CHECK(render(ReportFormat::jsonl, windows) ==
        "{\"window_start\":\"2026-12-01T10:00:00Z\",\"window_end\":\"2026-12-01T10:01:00Z\","
        "\"endpoint\":\"/a\",\"count\":1024,\"exact\":false,\"rse\":0.7071}\n"
        "{\"window_start\":\"2026-12-01T10:00:00Z\",\"window_end\":\"2026-12-01T10:01:00Z\","
        "\"endpoint\":\"/b\",\"count\":3}\n");
  // The fields follow the count also when method and status are shown.
  const std::vector<ReportRow> grouped = {{.endpoint = "/a",
                                           .method = "GET",
                                           .status = 200,
                                           .count = 7,
                                           .exact = false,
                                           .relative_std_error = 0.25}};
  CHECK(render(ReportFormat::jsonl, {{kTen, kTenOne, grouped}},
               {.method_column = true, .status_column = true})
            .ends_with("\"method\":\"GET\",\"status\":200,\"count\":7,\"exact\":false,"
                       "\"rse\":0.25}\n"));
  const auto rse_json = [](double rse) {
    const std::string text =
        render(ReportFormat::jsonl, {{kTen, kTenOne, {estimate("/a", 1, rse)}}});
    const std::string_view key = "\"rse\":";
    const std::size_t from = text.find(key) + key.size();
    return text.substr(from, text.find('}') - from);
  };
  // Four significant digits, rounded, trailing zeros dropped, never a locale's comma.
  CHECK(rse_json(0.70710678) == "0.7071");
  CHECK(rse_json(0.035355339) == "0.03536");
  CHECK(rse_json(0.5) == "0.5");
  CHECK(rse_json(1.0) == "1");
  CHECK(rse_json(12.34567) == "12.35");
  CHECK(rse_json(0) == "0");
  CHECK(rse_json(0.000012345) == "1.234e-05");
}

TEST_CASE("csv writes estimates as plain counts", "[report]") {
  CHECK(render(ReportFormat::csv, {{kTen, kTenOne, {estimate("/a", 1024, 0.7071)}}}) ==
        "window_start,window_end,endpoint,count\n"
        "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/a,1024\n");
}

TEST_CASE("jsonl escapes strings", "[report]") {
  const auto endpoint_json = [](std::string_view endpoint) {
    const std::string text = render(ReportFormat::jsonl, {{kTen, kTenOne, {row(endpoint, 1)}}});
    const std::string_view key = "\"endpoint\":";
    const std::size_t from = text.find(key) + key.size();
    return text.substr(from, text.find(",\"count\"") - from);
  };
  CHECK(endpoint_json("/say \"hi\"") == R"("/say \"hi\"")");
  CHECK(endpoint_json("/back\\slash") == R"("/back\\slash")");
  CHECK(endpoint_json("/a\nb\rc\td") == R"("/a\nb\rc\td")");
  CHECK(endpoint_json(std::string_view("/nul\0\x01\x1f", 7)) == R"("/nul\u0000\u0001\u001f")");
  CHECK(endpoint_json("/del\x7f") == "\"/del\x7f\"");
  // Well-formed UTF-8 of two, three and four bytes passes through.
  CHECK(endpoint_json("/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x98\x80") ==
        "\"/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x98\x80\"");
  // Bytes outside well-formed UTF-8 are read as Latin-1.
  CHECK(endpoint_json("/\xff") == R"("/\u00ff")");
  CHECK(endpoint_json("/caf\xe9") == R"("/caf\u00e9")");
  CHECK(endpoint_json("/cut\xc3") == R"("/cut\u00c3")");
  CHECK(endpoint_json("/cut\xe2\x82") == R"("/cut\u00e2\u0082")");
  CHECK(endpoint_json("/overlong\xc0\xaf") == R"("/overlong\u00c0\u00af")");
  CHECK(endpoint_json("/overlong\xe0\x80\xaf") == R"("/overlong\u00e0\u0080\u00af")");
  CHECK(endpoint_json("/surrogate\xed\xa0\x80") == R"("/surrogate\u00ed\u00a0\u0080")");
  CHECK(endpoint_json("/too-high\xf4\x90\x80\x80") == R"("/too-high\u00f4\u0090\u0080\u0080")");
  CHECK(endpoint_json("\x16\x03\x01") == R"("\u0016\u0003\u0001")");
}

TEST_CASE("table layout", "[report]") {
  const std::vector<Window> windows = {
      {kTen, kTenOne, {row("/b", 5), row("/a", 5), row("/index.html", 123), row("/z", 1)}},
      {kTenOne, kTenOne + 60, {}},
      {kTenOne + 60, kTenOne + 120, {row("/only", 1)}}};
  CHECK(render(ReportFormat::table, windows) ==
        "2026-12-01T10:00:00Z .. 10:01:00Z  4 endpoints, 134 hits\n"
        "  123  /index.html\n"
        "    5  /a\n"
        "    5  /b\n"
        "    1  /z\n"
        "\n"
        "2026-12-01T10:02:00Z .. 10:03:00Z  1 endpoint, 1 hit\n"
        "  1  /only\n");
}

TEST_CASE("table shows the top rows and sums the rest", "[report]") {
  const std::vector<Window> windows = {
      {kTen,
       kTenOne,
       {row("/a", 2), row("/b", 30), row("/c", 7), row("/d", 1000), row("/e", 7), row("/f", 3)}}};
  CHECK(render(ReportFormat::table, windows, {.top = 3}) ==
        "2026-12-01T10:00:00Z .. 10:01:00Z  6 endpoints, 1049 hits\n"
        "  1000  /d\n"
        "    30  /b\n"
        "     7  /c\n"
        "  ... 3 more endpoints, 12 hits\n");
  CHECK(render(ReportFormat::table, windows, {.top = 5})
            .ends_with("  ... 1 more endpoint, 2 hits\n"));
  // A top at or above the row count shows everything and no summary line.
  const std::string all = render(ReportFormat::table, windows, {.top = 6});
  CHECK(all == render(ReportFormat::table, windows));
  CHECK(all.find("more") == std::string::npos);
}

TEST_CASE("table with method and status columns", "[report]") {
  const std::vector<Window> windows = {
      {kTen,
       kTenOne,
       {row("/a", "GET", 200, 40), row("/a", "DELETE", 204, 2), row("(invalid)", "", 400, 3)}}};
  CHECK(render(ReportFormat::table, windows, {.method_column = true, .status_column = true}) ==
        "2026-12-01T10:00:00Z .. 10:01:00Z  3 keys, 45 hits\n"
        "  40  GET     200  /a\n"
        "   3  -       400  (invalid)\n"
        "   2  DELETE  204  /a\n");
  CHECK(render(ReportFormat::table, windows, {.status_column = true, .top = 1}) ==
        "2026-12-01T10:00:00Z .. 10:01:00Z  3 keys, 45 hits\n"
        "  40  200  /a\n"
        "  ... 2 more keys, 5 hits\n");
}

TEST_CASE("table dates and odd bytes", "[report]") {
  // A window that crosses midnight keeps the end's date.
  CHECK(render(ReportFormat::table, {{-60, 0, {row("/old", 1)}}}) ==
        "1969-12-31T23:59:00Z .. 1970-01-01T00:00:00Z  1 endpoint, 1 hit\n"
        "  1  /old\n");
  // Control bytes cannot start a new line of the table.
  CHECK(render(ReportFormat::table, {{kTen, kTenOne, {row("/a\nb\x1b[31m\x7f", 1)}}}) ==
        "2026-12-01T10:00:00Z .. 10:01:00Z  1 endpoint, 1 hit\n"
        "  1  /a\\x0Ab\\x1B[31m\\x7F\n");
}

TEST_CASE("table marks estimates and keeps counts aligned", "[report]") {
  const std::vector<Window> windows = {
      {kTen, kTenOne, {estimate("/a", 1024, 0.7), row("/b", 5), estimate("/c", 2, 0.7)}}};
  CHECK(render(ReportFormat::table, windows) ==
        "2026-12-01T10:00:00Z .. 10:01:00Z  3 endpoints, ~1031 hits\n"
        "  ~1024  /a\n"
        "      5  /b\n"
        "     ~2  /c\n");
  // The mark widens the column only when an estimate needs the room.
  CHECK(
      render(ReportFormat::table, {{kTen, kTenOne, {row("/a", 1000), estimate("/b", 20, 0.7)}}}) ==
      "2026-12-01T10:00:00Z .. 10:01:00Z  2 endpoints, ~1020 hits\n"
      "  1000  /a\n"
      "   ~20  /b\n");
  // A hidden sum is an estimate only when a hidden row is.
  CHECK(render(ReportFormat::table, windows, {.top = 1}) ==
        "2026-12-01T10:00:00Z .. 10:01:00Z  3 endpoints, ~1031 hits\n"
        "  ~1024  /a\n"
        "  ... 2 more endpoints, ~7 hits\n");
  CHECK(render(ReportFormat::table, {{kTen, kTenOne, {estimate("/a", 9, 0.7), row("/b", 1)}}},
               {.top = 1})
            .ends_with("  ... 1 more endpoint, 1 hit\n"));
}

TEST_CASE("table says when there were no hits", "[report]") {
  CHECK(render(ReportFormat::table, {}) == "(no hits)\n");
  CHECK(render(ReportFormat::table, {{kTen, kTenOne, {}}}) == "(no hits)\n");
}

TEST_CASE("csv and jsonl gather rows into large writes, handed over at flush and finish",
          "[report]") {
  for (const ReportFormat format : {ReportFormat::csv, ReportFormat::jsonl}) {
    std::ostringstream out;
    auto writer = make_report_writer(format, out, {.header = false});
    const std::vector<ReportRow> rows = {row("/a", 1), row("/b", 2)};
    writer->write_window(kTen, kTenOne, rows);
    CHECK(out.str().empty());  // held, not written per window
    writer->flush();
    const std::string first = out.str();
    CHECK(first.find("/b") != std::string::npos);
    writer->write_window(kTenOne, kTenOne + 60, rows);
    CHECK(out.str() == first);
    writer->finish();
    CHECK(out.str().size() > first.size());
    // Many windows go out on their own once the buffer is full.
    std::ostringstream big;
    auto many = make_report_writer(format, big, {.header = false});
    for (int i = 0; i < 2000; ++i) many->write_window(kTen + 60 * i, kTen + 60 * (i + 1), rows);
    CHECK(big.str().size() >= 64 * 1024);
  }
}

}  // namespace hitlog
