// `hitlog demo`: the design's five scenarios, run for real over the files in sample_logs/.
//
// Each scenario writes a heading, a few lines saying what it shows and why an operator cares,
// and its figures to out, and returns those figures so that tests can check them. Nothing is
// hard-coded: every figure is computed from the sample logs. A sample file that cannot be read
// throws InputError (byte_source.h) with a message naming it. Not thread-safe.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "hitlog/compare_run.h"
#include "hitlog/time.h"

namespace hitlog::demo {

// One report row, owning its endpoint so that it outlives the run that produced it.
struct Row {
  std::string endpoint;
  std::uint64_t count = 0;
  bool exact = true;
  bool operator==(const Row&) const = default;
};

// One reported window, rows in endpoint byte order.
struct Window {
  Seconds start = 0;
  Seconds end = 0;
  std::vector<Row> rows;
  std::uint64_t total() const;
  bool operator==(const Window&) const = default;
};

// 1. Basic fixed window counting over access.log, one-minute windows.
struct FixedWindowsResult {
  std::uint64_t lines = 0;
  std::uint64_t hits = 0;
  std::uint64_t late_hits = 0;
  std::uint64_t endpoints = 0;
  std::vector<Window> windows;
  Window busiest;        // the window with the most hits
  std::vector<Row> top;  // its three busiest endpoints, busiest first
};
FixedWindowsResult fixed_windows(const std::string& sample_dir, std::ostream& out);

// 2. Sliding window precision vs fixed, over access.log.
struct SlidingPrecisionResult {
  Seconds window = 0;
  PeakComparison peaks;
  std::vector<StrategyScore> scores;  // fixed, then sliding
};
SlidingPrecisionResult sliding_precision(const std::string& sample_dir, std::ostream& out);

// 3. A swap from fixed to Morris in the middle of access.log, against an exact run.
struct MorrisSwapResult {
  Seconds swap_at = 0;
  std::vector<Window> swapped;                  // the run with the swap
  std::vector<Window> reference;                // the exact run (fixed all along)
  std::uint64_t exact_windows = 0;              // reported exactly, before the swap
  std::uint64_t exact_total = 0;                // their hits
  std::uint64_t reference_exact_total = 0;      // the exact run's hits in the same windows
  std::uint64_t estimated_windows = 0;          // reported with estimates, after the swap
  std::uint64_t estimated_total = 0;            // the sum of their estimates
  std::uint64_t reference_estimated_total = 0;  // the exact run's hits in the same windows
  std::uint64_t inexact_rows = 0;
  double relative_std_error = 0;    // of one Morris count, as the strategy claims
  double expected_total_error = 0;  // standard error of estimated_total, in hits
};
MorrisSwapResult morris_swap(const std::string& sample_dir, std::ostream& out);

// 4. Mixed endpoints through the exact sliding window over messy.log: pruning keeps memory
// bounded.
struct PruningResult {
  std::uint64_t lines = 0;
  std::uint64_t bad_lines = 0;
  std::uint64_t hits = 0;
  std::uint64_t late_hits = 0;
  std::uint64_t endpoints = 0;
  std::uint64_t ticks = 0;           // sliding reports (one every step) with at least one row
  std::uint64_t pruned_events = 0;   // pruned() notifications an observer received
  std::uint64_t pruned_entries = 0;  // entries they released
  std::uint64_t peak_memory_entries = 0;
  std::uint64_t peak_memory_bytes = 0;
};
PruningResult pruning(const std::string& sample_dir, std::ostream& out);

// 5. Snapshot, mutate, restore (Memento) with the library's stages driven by hand.
struct SnapshotResult {
  std::uint64_t lines = 0;
  std::uint64_t hits_at_snapshot = 0;
  std::uint64_t mutation_hits = 0;
  std::uint64_t hits_after_mutation = 0;
  std::uint64_t hits_after_restore = 0;
  int snapshots_taken = 0;  // as an observer saw them
  int snapshots_restored = 0;
  std::vector<Window> straight;  // a run without the mutation
  std::vector<Window> restored;  // the run that was mutated and restored
};
SnapshotResult snapshot_restore(const std::string& sample_dir, std::ostream& out);

inline constexpr int kScenarioCount = 5;

// Runs scenario number (1..kScenarioCount). REQUIRES: number in that range.
void run_scenario(int number, const std::string& sample_dir, std::ostream& out);

}  // namespace hitlog::demo
