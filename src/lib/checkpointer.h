// Saves a count run's checkpoints: the report written out first, then the whole state written
// atomically (by a CheckpointSaver), every so many lines or seconds, when asked to stop, and at
// the end.
// Not thread-safe; the stop flag is the only thing another thread touches.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "hitlog/checkpoint.h"
#include "hitlog/count_run.h"
#include "hitlog/hit_counter.h"
#include "hitlog/key_table.h"
#include "checkpoint_saver.h"
#include "input_ledger.h"
#include "report_emitter.h"

namespace hitlog {

// What a checkpoint records besides the counter, keys and inputs, as of the run's start.
struct CheckpointHeader {
  std::vector<std::pair<std::string, std::string>> config;
  StrategySpec strategy;       // counting at the start
  std::string strategy_chain;  // including the strategy counting at the start
  std::uint64_t swaps = 0;     // done before the scan
  std::vector<StrategySpec> scheduled;  // the swaps still to come, in time order
  CheckpointTotals totals;              // of the runs before this one

  // The strategy counting, and the chain so far, once done of the scheduled swaps happened.
  const StrategySpec& strategy_after(std::size_t done) const {
    return done == 0 ? strategy : scheduled[done - 1];
  }
  std::string chain_after(std::size_t done) const {
    std::string chain = strategy_chain;
    for (std::size_t i = 0; i < done; ++i) chain += ">" + scheduled[i].name;
    return chain;
  }
};

class Checkpointer {
 public:
  Checkpointer(const CheckpointPlan& plan, CheckpointHeader header, const HitCounter& counter,
               const KeyTable& keys, InputLedger& ledger, const RunStats& stats,
               ReportEmitter& emitter);

  InputLedger& ledger() { return ledger_; }
  // After every line: records that the current input is counted up to offset (lines before
  // it), and saves when one is due. False when the scan must stop: a stop was asked (and
  // saved) or a save failed.
  bool line_done(std::uint64_t offset, std::uint64_t lines) {
    ledger_.advance(offset, lines);
    if (plan_.stop != nullptr && plan_.stop->load(std::memory_order_relaxed)) {
      interrupted_ = true;
      return false;
    }
    if (++since_save_ < next_check_) return true;
    return periodic_save();
  }

  // Saves now, on the saver's thread: the scan goes on while the file is written. run_over
  // when every input was read to its end. Durable (fsynced) when asked, or when the last
  // durable save is a second old. False with error() set when this or an earlier save failed.
  bool save(bool run_over, bool durable);
  // Waits until every save is on disk. False with error() set when one failed.
  bool finish_saving() { return saver_.wait(error_); }

  bool interrupted() const { return interrupted_; }
  const std::string& error() const { return error_; }

 private:
  static constexpr std::uint64_t kClockEveryLines = 1024;
  // A power loss may lose at most this much of the checkpoints' progress.
  static constexpr double kDurableEverySeconds = 1.0;

  bool periodic_save();
  // The line count (since the last save) at which to check again whether a save is due.
  std::uint64_t next_check_after(std::uint64_t lines) const;

  const CheckpointPlan& plan_;
  CheckpointHeader header_;
  const HitCounter& counter_;
  const KeyTable& keys_;
  InputLedger& ledger_;
  const RunStats& stats_;
  ReportEmitter& emitter_;
  CheckpointFiles default_files_;
  CheckpointSaver saver_;  // after default_files_, which it may use
  std::uint64_t since_save_ = 0;
  std::uint64_t next_check_;
  std::chrono::steady_clock::time_point last_save_;
  std::chrono::steady_clock::time_point last_durable_save_;
  Checkpoint draft_;  // the last checkpoint saved: its keys only grow, so they are kept
  CheckpointEncoder encoder_;
  bool interrupted_ = false;
  std::string error_;
};

}  // namespace hitlog
