// End-to-end tests of the strategies, swaps, events, metrics and compare, through the binary.

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "reference_log.h"
#include "run_binary.h"

using hitlog::test::Process;
using hitlog::test::read_file;
using hitlog::test::run_hitlog;
using hitlog::test::source_path;
using hitlog::test::TempDir;

namespace {

std::string sample(const std::string& name) { return source_path("sample_logs/" + name); }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// The sum of the count column of a csv report.
long long total_count(const std::string& csv) {
  long long total = 0;
  const std::vector<std::string> rows = lines_of(csv);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    total += std::stoll(rows[i].substr(rows[i].rfind(',') + 1));
  }
  return total;
}

}  // namespace

TEST_CASE("sliding with step equal to the window is byte-identical to fixed", "[e2e][sliding]") {
  for (const char* file : {"access.log", "messy.log", "common.log"}) {
    INFO(file);
    const std::string format = std::string(file) == "common.log" ? "common" : "combined";
    for (const char* window : {"1m", "5m"}) {
      const Process fixed =
          run_hitlog({"count", "-q", "--format", format, "--window", window, sample(file)});
      const Process sliding = run_hitlog({"count", "-q", "--format", format, "--window", window,
                                          "--strategy", "sliding", sample(file)});
      REQUIRE(fixed.exit_code == 0);
      CHECK(sliding.exit_code == 0);
      CHECK(sliding.out == fixed.out);
    }
  }
}

TEST_CASE("sliding with a smaller step equals a brute-force count of every horizon",
          "[e2e][sliding]") {
  const std::string path = sample("access.log");
  const auto log = hitlog::test::read_reference_log(read_file(path));
  REQUIRE(log.bad == 0);
  for (const auto& [window, step] : {std::pair{60LL, 10LL}, {60LL, 25LL}, {300LL, 60LL}}) {
    INFO(window << "s window, " << step << "s step");
    const Process run = run_hitlog({"count", "-q", "--strategy", "sliding", "--window",
                                    std::to_string(window) + "s", "--step",
                                    std::to_string(step) + "s", "--max-delay", "1d", path});
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == hitlog::test::reference_csv(log.hits, window, step));
  }
}

TEST_CASE("morris is reproducible with a seed and close to the exact totals", "[e2e][morris]") {
  const std::string path = sample("access.log");
  const Process a = run_hitlog({"count", "-q", "--strategy", "morris", path});
  const Process b = run_hitlog({"count", "-q", "--strategy", "morris", path});
  const Process c = run_hitlog({"count", "-q", "--strategy", "morris", "--seed", "7", path});
  const Process exact = run_hitlog({"count", "-q", path});
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  CHECK(a.out != c.out);
  CHECK(lines_of(a.out).front() == "window_start,window_end,endpoint,count");
  // Same cells as the exact count; totals within a few standard errors of the sum.
  CHECK(lines_of(a.out).size() == lines_of(exact.out).size());
  const double total = static_cast<double>(total_count(a.out));
  CHECK(total == Approx(2000).epsilon(0.25));

  const Process jsonl =
      run_hitlog({"count", "-q", "--strategy", "morris", "--report", "jsonl", path});
  CHECK_THAT(jsonl.out, Catch::Contains("\"exact\":false,\"rse\":0.7071"));
}

TEST_CASE("invalid strategy options are usage errors", "[e2e][usage]") {
  const std::string path = sample("access.log");
  const std::vector<std::vector<std::string>> bad = {
      {"count", "--strategy", "magic", path},
      {"count", "--strategy", "sliding", "--step", "2m", path},
      {"count", "--strategy", "morris", "--morris-bits", "0", path},
      {"count", "--strategy", "morris", "--morris-base", "1", path},
      {"count", "--swap-at", "soon=morris", path},
      {"count", "--swap-at", "2026-12-01T10:05:00Z=magic", path},
      {"count", "--metrics-format", "xml", path},
      {"count", "--events-verbose", path},
  };
  for (const auto& args : bad) {
    INFO(args[2]);
    const Process run = run_hitlog(args);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK_FALSE(run.err.empty());
  }
}

TEST_CASE("a swap to morris keeps exact rows before it and marks rows after it",
          "[e2e][swap]") {
  const std::string path = sample("access.log");
  const Process swapped = run_hitlog({"count", "--report", "jsonl", "--swap-at",
                                      "2026-12-01T10:06:00Z=morris", path});
  const Process exact = run_hitlog({"count", "-q", "--report", "jsonl", path});
  REQUIRE(swapped.exit_code == 0);
  const auto rows = lines_of(swapped.out);
  const auto exact_rows = lines_of(exact.out);
  std::size_t first_inexact = rows.size();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].find("\"exact\":false") != std::string::npos) {
      first_inexact = i;
      break;
    }
  }
  REQUIRE(first_inexact < rows.size());
  REQUIRE(first_inexact > 0);
  // Windows reported before the swap are the exact ones, row for row.
  for (std::size_t i = 0; i < first_inexact; ++i) CHECK(rows[i] == exact_rows[i]);
  for (std::size_t i = first_inexact; i < rows.size(); ++i) {
    CHECK_THAT(rows[i], Catch::Contains("\"exact\":false"));
  }
  CHECK_THAT(swapped.err, Catch::Contains("fixed>morris"));

  // Back to exact: windows open at the swap keep their estimates and say so.
  const Process back =
      run_hitlog({"count", "-q", "--report", "jsonl", "--strategy", "morris", "--swap-at",
                  "2026-12-01T10:06:00Z=fixed", path});
  REQUIRE(back.exit_code == 0);
  const auto back_rows = lines_of(back.out);
  CHECK_THAT(back_rows.front(), Catch::Contains("\"exact\":false"));
  CHECK(back_rows.back().find("\"exact\":false") == std::string::npos);
}

TEST_CASE("events are written as JSON lines", "[e2e][events]") {
  TempDir dir;
  const std::string path = sample("messy.log");
  const Process run = run_hitlog({"count", "-q", "--events", dir.file("events.jsonl"),
                                  "--swap-at", "2026-12-01T10:02:00Z=morris", path});
  REQUIRE(run.exit_code == 0);
  const std::string events = read_file(dir.file("events.jsonl"));
  const auto lines = lines_of(events);
  REQUIRE(lines.size() > 3);
  CHECK_THAT(lines.front(), Catch::StartsWith("{\"event\":\"file_started\""));
  CHECK_THAT(lines.back(), Catch::StartsWith("{\"event\":\"window_closed\""));
  for (const char* kind : {"file_finished", "bad_line", "window_closed", "strategy_swapped",
                           "pruned"}) {
    CHECK_THAT(events, Catch::Contains(std::string("\"event\":\"") + kind + "\""));
  }
  CHECK_THAT(events, !Catch::Contains("hit_recorded"));

  const Process verbose = run_hitlog({"count", "-q", "--events", dir.file("all.jsonl"),
                                      "--events-verbose", sample("access.log")});
  REQUIRE(verbose.exit_code == 0);
  std::size_t hits = 0;
  for (const std::string& line : lines_of(read_file(dir.file("all.jsonl")))) {
    hits += line.rfind("{\"event\":\"hit_recorded\"", 0) == 0;
  }
  CHECK(hits == 2000);
}

TEST_CASE("metrics are written as JSON and in the Prometheus text format", "[e2e][metrics]") {
  TempDir dir;
  const std::string path = sample("messy.log");
  const Process json = run_hitlog({"count", "-q", "--metrics", dir.file("m.json"), path});
  REQUIRE(json.exit_code == 0);
  const std::string metrics = read_file(dir.file("m.json"));
  for (const char* key : {"\"total_hits\":883", "\"bad_lines\":12", "\"late_hits\":5",
                          "\"lines\":900", "\"strategy\":\"fixed\"", "\"endpoints_count\":",
                          "\"pruned_events\":", "\"memory_entries\":", "\"memory_bytes\":",
                          "\"bytes_read\":", "\"windows_emitted\":", "\"elapsed_seconds\":"}) {
    CHECK_THAT(metrics, Catch::Contains(key));
  }
  const Process prom = run_hitlog({"count", "-q", "--metrics", dir.file("m.prom"),
                                   "--metrics-format", "prometheus", path});
  REQUIRE(prom.exit_code == 0);
  const std::string text = read_file(dir.file("m.prom"));
  CHECK_THAT(text, Catch::Contains("# TYPE hitlog_total_hits gauge\nhitlog_total_hits 883\n"));
  CHECK_THAT(text, Catch::Contains("hitlog_info{strategy=\"fixed\"} 1\n"));
  CHECK_FALSE(std::filesystem::exists(dir.file("m.prom.tmp")));
}

TEST_CASE("compare scores each strategy against exact counts", "[e2e][compare]") {
  const std::string path = sample("access.log");
  const Process csv = run_hitlog({"compare", "-q", "--strategies", "fixed,sliding,morris",
                                  "--step", "10s", "--report", "csv", path});
  INFO(csv.err);
  REQUIRE(csv.exit_code == 0);
  const auto rows = lines_of(csv.out);
  REQUIRE(rows.size() == 4);
  CHECK_THAT(rows[1], Catch::StartsWith("fixed,true,"));
  CHECK_THAT(rows[1], Catch::Contains(",0.000000,0.000000,0.000000,0.000000,0.000000,0.000000,"));
  CHECK_THAT(rows[2], Catch::StartsWith("sliding step=10s,true,"));
  CHECK_THAT(rows[2], Catch::Contains(",0.000000,0.000000,0.000000,0.000000,0.000000,0.000000,"));
  CHECK_THAT(rows[3], Catch::StartsWith("morris base=2 bits=8,false,"));
  CHECK_THAT(rows[3], Catch::Contains(",0.707107,"));

  const Process table = run_hitlog({"compare", "-q", path});
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("busiest endpoint in any sliding horizon"));
  CHECK_THAT(table.out, Catch::Contains("morris base=2 bits=8"));
}
