// The five demo scenarios over the real sample logs, and `hitlog demo` end to end.

#include "hitlog/demo.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "run_binary.h"

using hitlog::test::Process;
using hitlog::test::run_hitlog;
using hitlog::test::source_path;
namespace demo = hitlog::demo;

namespace {

std::string samples() { return source_path("sample_logs"); }

std::uint64_t total_of(const std::vector<demo::Window>& windows) {
  std::uint64_t total = 0;
  for (const demo::Window& window : windows) total += window.total();
  return total;
}

}  // namespace

TEST_CASE("demo 1 counts every line of access.log in one-minute windows", "[demo]") {
  std::ostringstream out;
  const demo::FixedWindowsResult r = demo::fixed_windows(samples(), out);
  CHECK(r.lines == 2000);
  CHECK(r.hits == 2000);
  CHECK(r.late_hits == 0);
  REQUIRE(!r.windows.empty());
  CHECK(total_of(r.windows) == r.hits);
  for (const demo::Window& window : r.windows) {
    CHECK(window.end - window.start == 60);
    CHECK(window.total() <= r.busiest.total());
  }
  REQUIRE(r.top.size() == 3);
  CHECK(r.top[0].count >= r.top[1].count);
  CHECK(r.top[1].count >= r.top[2].count);
  for (const demo::Row& row : r.busiest.rows) CHECK(row.count <= r.top[0].count);
  CHECK(out.str().find(r.top[0].endpoint) != std::string::npos);
}

TEST_CASE("demo 2 finds a sliding peak at least the fixed peak", "[demo]") {
  std::ostringstream out;
  const demo::SlidingPrecisionResult r = demo::sliding_precision(samples(), out);
  CHECK(r.peaks.fixed_count > 0);
  CHECK(r.peaks.sliding_count >= r.peaks.fixed_count);
  REQUIRE(r.scores.size() == 2);
  CHECK(r.scores[0].exact);
  CHECK(r.scores[1].exact);
  CHECK(out.str().find(std::to_string(r.peaks.sliding_count) + " hits") != std::string::npos);
}

TEST_CASE("demo 3 keeps the windows before a swap to morris exact", "[demo]") {
  std::ostringstream out;
  const demo::MorrisSwapResult r = demo::morris_swap(samples(), out);
  REQUIRE(r.exact_windows > 0);
  REQUIRE(r.estimated_windows > 0);
  REQUIRE(r.swapped.size() == r.exact_windows + r.estimated_windows);
  REQUIRE(r.reference.size() == r.swapped.size());
  CHECK(r.reference.front().start < r.swap_at);
  CHECK(r.swap_at < r.reference.back().end);

  // Windows reported before the swap are the exact run's, row for row.
  for (std::size_t i = 0; i < r.exact_windows; ++i) CHECK(r.swapped[i] == r.reference[i]);
  CHECK(r.exact_total == r.reference_exact_total);

  // After it, every row is an estimate, marked so, and the total stays near the truth.
  std::uint64_t rows_after = 0;
  for (std::size_t i = r.exact_windows; i < r.swapped.size(); ++i) {
    CHECK(r.swapped[i].start == r.reference[i].start);
    rows_after += r.swapped[i].rows.size();
  }
  CHECK(r.inexact_rows == rows_after);
  CHECK(r.inexact_rows > 0);
  CHECK(r.reference_exact_total + r.reference_estimated_total == 2000);
  const double error = std::abs(static_cast<double>(r.estimated_total) -
                                static_cast<double>(r.reference_estimated_total));
  CHECK(r.expected_total_error > 0);
  CHECK(error <= 4 * r.expected_total_error);
  CHECK(error <= 0.25 * static_cast<double>(r.reference_estimated_total));
}

TEST_CASE("demo 4 prunes the sliding window so its memory stays below the hits", "[demo]") {
  std::ostringstream out;
  const demo::PruningResult r = demo::pruning(samples(), out);
  CHECK(r.lines == 900);
  CHECK(r.bad_lines == 12);  // sample_logs/README.md: 12 malformed lines
  CHECK(r.late_hits > 0);
  CHECK(r.hits + r.late_hits + r.bad_lines == r.lines);
  CHECK(r.ticks > 0);
  CHECK(r.pruned_events > 0);
  CHECK(r.pruned_entries >= r.pruned_events);
  CHECK(r.peak_memory_entries > 0);
  CHECK(r.peak_memory_entries < r.hits);
}

TEST_CASE("demo 5 restores a snapshot so the mutation leaves no trace", "[demo]") {
  std::ostringstream out;
  const demo::SnapshotResult r = demo::snapshot_restore(samples(), out);
  CHECK(r.lines == 2000);
  CHECK(r.snapshots_taken == 1);
  CHECK(r.snapshots_restored == 1);
  CHECK(r.hits_after_mutation == r.hits_at_snapshot + r.mutation_hits);
  CHECK(r.hits_after_restore == r.hits_at_snapshot);
  REQUIRE(!r.straight.empty());
  CHECK(r.restored == r.straight);
  CHECK(total_of(r.restored) == 2000);
  for (const demo::Window& window : r.restored) {
    for (const demo::Row& row : window.rows) CHECK(row.endpoint != "/demo/mutation");
  }
}

TEST_CASE("hitlog demo runs all five scenarios over the sample logs", "[demo][e2e]") {
  const Process run = run_hitlog({"demo", samples()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  for (int n = 1; n <= demo::kScenarioCount; ++n) {
    CHECK(run.out.find("Scenario " + std::to_string(n) + "/5: ") != std::string::npos);
  }
}

TEST_CASE("hitlog demo --scenario 5 runs that scenario alone", "[demo][e2e]") {
  const Process run = run_hitlog({"demo", "--scenario", "5", samples()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("Scenario 5/5: ") != std::string::npos);
  CHECK(run.out.find("Scenario 1/5: ") == std::string::npos);
  CHECK(run.out.find("identical") != std::string::npos);
}

TEST_CASE("hitlog demo names a missing sample file and fails", "[demo][e2e]") {
  const hitlog::test::TempDir empty;
  const Process run = run_hitlog({"demo", "--scenario", "1", empty.path()});
  CHECK(run.exit_code == 1);
  CHECK(run.err.find("access.log") != std::string::npos);
}

TEST_CASE("hitlog demo rejects a scenario out of range", "[demo][e2e]") {
  const Process run = run_hitlog({"demo", "--scenario", "6", samples()});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("--scenario") != std::string::npos);
}
