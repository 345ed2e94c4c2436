#include "hitlog/metrics.h"

#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace hitlog {
namespace {

Metrics sample() {
  Metrics m;
  m.total_hits = 1500;
  m.endpoints_count = 12;
  m.pruned_events = 40;
  m.strategy = "fixed>morris";
  m.swaps = 1;
  m.memory_entries = 24;
  m.memory_bytes = 768;
  m.lines = 1510;
  m.bad_lines = 7;
  m.late_hits = 3;
  m.bytes_read = 204800;
  m.windows_emitted = 5;
  m.elapsed_seconds = 0.25;
  return m;
}

std::string json(const Metrics& m) {
  std::ostringstream out;
  write_metrics_json(out, m);
  return out.str();
}

std::string prometheus(const Metrics& m) {
  std::ostringstream out;
  write_metrics_prometheus(out, m);
  return out.str();
}

}  // namespace

TEST_CASE("metrics as one JSON line", "[metrics]") {
  CHECK(json(sample()) ==
        "{\"total_hits\":1500,\"endpoints_count\":12,\"pruned_events\":40,"
        "\"strategy\":\"fixed>morris\",\"swaps\":1,\"memory_entries\":24,\"memory_bytes\":768,"
        "\"lines\":1510,\"bad_lines\":7,\"late_hits\":3,\"bytes_read\":204800,"
        "\"windows_emitted\":5,\"elapsed_seconds\":0.25,\"finished_at\":null}\n");
  Metrics m = sample();
  m.finished_at = 1796119200;
  m.elapsed_seconds = 12;
  CHECK(json(m).ends_with(",\"elapsed_seconds\":12,\"finished_at\":1796119200}\n"));
  m.total_hits = UINT64_MAX;
  CHECK(json(m).starts_with("{\"total_hits\":18446744073709551615,"));
}

TEST_CASE("metrics JSON escapes the strategy", "[metrics]") {
  Metrics m = sample();
  m.strategy = std::string("a\"b\\c\nd\x01", 8);
  CHECK(json(m).find(R"("strategy":"a\"b\\c\nd\u0001",)") != std::string::npos);
}

TEST_CASE("metrics in the Prometheus text format", "[metrics]") {
  CHECK(prometheus(sample()) ==
        "# HELP hitlog_total_hits Hits counted in a window by the last run.\n"
        "# TYPE hitlog_total_hits gauge\n"
        "hitlog_total_hits 1500\n"
        "# HELP hitlog_endpoints_count Distinct endpoint keys seen by the last run.\n"
        "# TYPE hitlog_endpoints_count gauge\n"
        "hitlog_endpoints_count 12\n"
        "# HELP hitlog_pruned_events Memory entries the counting strategy released during the "
        "last run.\n"
        "# TYPE hitlog_pruned_events gauge\n"
        "hitlog_pruned_events 40\n"
        "# HELP hitlog_swaps Strategy swaps during the last run.\n"
        "# TYPE hitlog_swaps gauge\n"
        "hitlog_swaps 1\n"
        "# HELP hitlog_memory_entries Most entries the counting strategy held at once, since the "
        "checkpoint's first run.\n"
        "# TYPE hitlog_memory_entries gauge\n"
        "hitlog_memory_entries 24\n"
        "# HELP hitlog_memory_bytes Most bytes the counting strategy held at once, since the "
        "checkpoint's first run.\n"
        "# TYPE hitlog_memory_bytes gauge\n"
        "hitlog_memory_bytes 768\n"
        "# HELP hitlog_lines Log lines read by the last run.\n"
        "# TYPE hitlog_lines gauge\n"
        "hitlog_lines 1510\n"
        "# HELP hitlog_bad_lines Log lines the last run could not parse.\n"
        "# TYPE hitlog_bad_lines gauge\n"
        "hitlog_bad_lines 7\n"
        "# HELP hitlog_late_hits Hits that arrived after their window was reported, in no "
        "window.\n"
        "# TYPE hitlog_late_hits gauge\n"
        "hitlog_late_hits 3\n"
        "# HELP hitlog_bytes_read Bytes read from the inputs by the last run.\n"
        "# TYPE hitlog_bytes_read gauge\n"
        "hitlog_bytes_read 204800\n"
        "# HELP hitlog_windows_emitted Windows reported by the last run.\n"
        "# TYPE hitlog_windows_emitted gauge\n"
        "hitlog_windows_emitted 5\n"
        "# HELP hitlog_elapsed_seconds Wall-clock duration of the last run.\n"
        "# TYPE hitlog_elapsed_seconds gauge\n"
        "hitlog_elapsed_seconds 0.25\n"
        "# HELP hitlog_info Counting strategy of the last run in the strategy label, from>to "
        "after a swap.\n"
        "# TYPE hitlog_info gauge\n"
        "hitlog_info{strategy=\"fixed>morris\"} 1\n");
}

TEST_CASE("Prometheus last run timestamp only when known", "[metrics]") {
  Metrics m = sample();
  CHECK(prometheus(m).find("last_run") == std::string::npos);
  m.finished_at = 1796119200;
  CHECK(prometheus(m).ends_with(
      "hitlog_info{strategy=\"fixed>morris\"} 1\n"
      "# HELP hitlog_last_run_timestamp_seconds Unix time at which the last run finished.\n"
      "# TYPE hitlog_last_run_timestamp_seconds gauge\n"
      "hitlog_last_run_timestamp_seconds 1796119200\n"));
}

TEST_CASE("Prometheus values and label escaping", "[metrics]") {
  Metrics m = sample();
  m.elapsed_seconds = 3;
  CHECK(prometheus(m).find("\nhitlog_elapsed_seconds 3\n") != std::string::npos);
  m.elapsed_seconds = 1234.5678;
  CHECK(prometheus(m).find("\nhitlog_elapsed_seconds 1234.5678\n") != std::string::npos);
  // Backslash, double quote and line feed are escaped; other bytes are literal.
  m.strategy = "a\\b\"c\nd>e\t";
  CHECK(prometheus(m).find("\nhitlog_info{strategy=\"a\\\\b\\\"c\\nd>e\t\"} 1\n") !=
        std::string::npos);
  m.strategy = "";
  CHECK(prometheus(m).find("\nhitlog_info{strategy=\"\"} 1\n") != std::string::npos);
}

TEST_CASE("Prometheus output follows the exposition format rules", "[metrics]") {
  Metrics m = sample();
  m.finished_at = 1796119200;
  m.strategy = "odd \"name\"\nhere";
  const std::string text = prometheus(m);
  REQUIRE(text.ends_with('\n'));
  const std::regex help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) [^\n]*)");
  const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) gauge)");
  // A sample: a name, labels with escaped values, one space, a value, no timestamp.
  const std::regex sample_line(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*"\})? [0-9.e+-]+)");
  std::set<std::string> helped;
  std::set<std::string> typed;
  std::set<std::string> sampled;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_match(line, match, help)) {
      CHECK(helped.insert(match[1]).second);
    } else if (std::regex_match(line, match, type)) {
      CHECK(typed.insert(match[1]).second);
      CHECK(sampled.count(match[1]) == 0);  // TYPE comes before the metric's first sample
    } else {
      INFO(line);
      REQUIRE(std::regex_match(line, match, sample_line));
      CHECK(typed.count(match[1]) == 1);
      sampled.insert(match[1]);
    }
  }
  CHECK(helped == typed);
  CHECK(typed == sampled);
  CHECK(sampled.size() == 14);
}

}  // namespace hitlog
