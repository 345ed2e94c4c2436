// One `hitlog count` run: inputs -> lines -> hits -> counts -> report rows.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hitlog/checkpoint.h"
#include "hitlog/counting_strategy.h"
#include "hitlog/events.h"
#include "hitlog/hit_filter.h"
#include "hitlog/key_table.h"
#include "hitlog/line_parser.h"
#include "hitlog/metrics.h"
#include "hitlog/report_file.h"
#include "hitlog/report_writer.h"
#include "hitlog/time.h"

namespace hitlog {

// --swap-at TIME=STRATEGY: from the first hit at or after `at`, count with `strategy`.
struct ScheduledSwap {
  Seconds at;
  StrategySpec strategy;
};

struct CountConfig {
  std::vector<std::string> inputs;  // as given; "-" is standard input; read in order_inputs order
  std::string format = "combined";
  StrategySpec strategy;  // its window is the report's window
  std::vector<ScheduledSwap> swaps;
  Seconds max_delay = 60;
  GroupBy group_by;
  FilterSpec filters;
  bool strict = false;  // stop at the first bad line
  int threads = 0;  // 1: one thread; 2 or more: read ahead on a second; 0: 2 if there are 2 cores
};

// A bad line kept as an example for the summary.
struct BadLineSample {
  std::string file;
  std::uint64_t line = 0;
  LineError reason = LineError::none;
  std::string text;  // the start of the line, as read
};

// Figures of one run.
struct RunStats {
  static constexpr std::size_t kMaxBadSamples = 5;

  std::uint64_t files = 0;
  std::uint64_t lines = 0;
  std::uint64_t hits = 0;       // counted in a window
  std::uint64_t late_hits = 0;  // arrived after their window was reported: not in any row
  std::uint64_t filtered = 0;   // parsed but excluded by --since/--until/--status/...
  std::uint64_t bad_lines = 0;
  std::uint64_t bytes = 0;      // decompressed bytes read
  std::uint64_t raw_bytes = 0;  // bytes read from files (compressed size for gzip)
  std::uint64_t endpoints = 0;  // distinct keys
  std::uint64_t windows = 0;    // windows reported with at least one row
  std::uint64_t rows = 0;
  std::uint64_t pruned = 0;          // memory entries the strategy released
  std::uint64_t memory_entries = 0;  // the strategy's peak
  std::uint64_t memory_bytes = 0;    // the strategy's peak
  std::string strategy;              // "fixed", or "fixed>morris" after a swap
  std::uint64_t swaps = 0;
  double elapsed_seconds = 0;
  std::vector<BadLineSample> bad_samples;
};

// The run's figures under their published metric names (finished_at left unknown).
Metrics metrics_of(const RunStats& stats);

enum class RunStatus {
  ok,
  input_error,       // an input could not be read; what came before it was counted and reported
  strict_bad_line,   // --strict stopped at a bad line; what came before it was reported
  interrupted,       // the stop flag was raised: the checkpoint holds what was counted
  checkpoint_error,  // a checkpoint or the report could not be saved; the last good one stands
};

struct RunResult {
  RunStatus status = RunStatus::ok;
  std::string message;  // for the user when status != ok
  std::vector<std::string> warnings;  // for the user whatever the status (a truncated input)
  RunStats stats;
};

// Checkpoint mode: the run resumes from a checkpoint, saves one every so often and at the end,
// and leaves the windows still open in it (the next run adds to them) unless final.
struct CheckpointPlan {
  std::string path;                  // STATE; STATE.tmp and STATE.prev are written beside it
  std::optional<Checkpoint> resume;  // what to continue; checked with config_difference()
  std::uint64_t every_lines = 0;     // save every so many lines (0: not by lines)
  double every_seconds = 0;          // save every so many seconds (0: not by time)
  bool final = false;                // report every window at the end, as a run without one
  std::string report_format;         // stored with the configuration: "csv" or "jsonl"
  // Raised from another thread (a signal): the run saves and stops at the next line.
  const std::atomic<bool>* stop = nullptr;
  ReportFile* output = nullptr;      // REQUIRED: the report's file, synced before every save
  CheckpointFiles* files = nullptr;  // where checkpoints are written; null: the filesystem
};

// The settings a checkpoint must agree with, as (option, value) pairs.
std::vector<std::pair<std::string, std::string>> checkpoint_config(
    const CountConfig& config, const std::string& report_format);

// Empty when a run of config may continue checkpoint; otherwise a message naming the first
// setting that differs, as the user wrote it.
std::string config_difference(const Checkpoint& checkpoint, const CountConfig& config,
                              const std::string& report_format);

// A checked configuration, ready to run: made before any output is opened, so that a bad
// format or filter is reported before anything is written.
class CountRun {
 public:
  // Returns nullptr and sets error to a message for the user when the format or a filter is
  // invalid.
  static std::unique_ptr<CountRun> create(const CountConfig& config, std::string& error);
  ~CountRun();

  // Runs the whole pipeline once, writing every window to report, then report.finish().
  // events, when given, receives the run's lifecycle events. With a plan, runs in checkpoint
  // mode (see CheckpointPlan). Never throws for bad input; the result says what went wrong.
  RunResult run(ReportWriter& report, EventHub* events = nullptr,
                const CheckpointPlan* plan = nullptr);

 private:
  CountRun(const CountConfig& config, std::unique_ptr<LineParser> parser,
           std::unique_ptr<HitFilter> filter);

  CountConfig config_;
  std::unique_ptr<LineParser> parser_;
  std::unique_ptr<HitFilter> filter_;
};

}  // namespace hitlog
