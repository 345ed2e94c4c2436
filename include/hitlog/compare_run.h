// `hitlog compare`: several strategies over one pass of the input, each measured against the
// exact count of the same windows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hitlog/count_run.h"
#include "hitlog/counting_strategy.h"

namespace hitlog {

// How one strategy did.
struct StrategyScore {
  std::string strategy;      // name, with its parameters for people ("morris base=2 bits=8")
  bool exact = true;         // the strategy reports exact counts
  std::uint64_t cells = 0;   // (window, endpoint) counts compared with the exact count
  // Relative error |reported - exact| / exact over those cells.
  double mean_error = 0;
  double rms_error = 0;  // the figure a theoretical relative standard error predicts
  double p50_error = 0;
  double p95_error = 0;
  double max_error = 0;
  double theoretical_rse = 0;  // the strategy's own claim (0 for exact strategies)
  std::uint64_t memory_entries = 0;  // peak
  std::uint64_t memory_bytes = 0;    // peak
  double seconds = 0;                // time spent counting with this strategy
};

// The design's talking point: bursts that straddle a fixed window boundary.
struct PeakComparison {
  std::uint64_t fixed_count = 0;  // the most hits of one endpoint in one fixed window
  std::string fixed_endpoint;
  Seconds fixed_start = 0;
  std::uint64_t sliding_count = 0;  // the most hits of one endpoint in any horizon [t-W, t)
  std::string sliding_endpoint;
  Seconds sliding_start = 0;  // t - W, t a whole second
};

struct CompareResult {
  RunStatus status = RunStatus::ok;
  std::string message;
  RunStats stats;  // the input figures of the one pass
  std::vector<StrategyScore> scores;
  PeakComparison peaks;
};

class CompareRun {
 public:
  // strategies share config's window; returns nullptr and sets error when a spec or the
  // configuration is invalid.
  static std::unique_ptr<CompareRun> create(const CountConfig& config,
                                            const std::vector<StrategySpec>& strategies,
                                            std::string& error);
  ~CompareRun();

  CompareResult run();

 private:
  CompareRun(const CountConfig& config, const std::vector<StrategySpec>& strategies,
             std::unique_ptr<LineParser> parser, std::unique_ptr<HitFilter> filter);

  CountConfig config_;
  std::vector<StrategySpec> strategies_;
  std::unique_ptr<LineParser> parser_;
  std::unique_ptr<HitFilter> filter_;
};

}  // namespace hitlog
