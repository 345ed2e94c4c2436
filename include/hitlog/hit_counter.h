// The orchestrator of one run's counting: applies the allowed lateness, feeds on-time hits to
// the strategy, and closes windows as the watermark advances.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>

#include "hitlog/counting_strategy.h"

namespace hitlog {

// One per run, owned by the run. Not thread-safe.
class HitCounter {
 public:
  // max_delay: how far behind the largest timestamp seen a hit may arrive and still be counted.
  HitCounter(std::unique_ptr<CountingStrategy> strategy, Seconds max_delay, WindowSink& sink);

  // Counts one hit, or counts it as late when its window has already been reported.
  void record(Seconds t, KeyId key) {
    if (t < accept_from_) {
      ++late_hits_;
      return;
    }
    strategy_->record(t, key);
    ++hits_;
    if (t > max_time_) {
      max_time_ = t;
      if (t - max_delay_ >= next_due_) advance(t - max_delay_);
    }
  }

  // End of input: reports every window still open.
  void finish();

  std::uint64_t hits() const { return hits_; }
  std::uint64_t late_hits() const { return late_hits_; }
  const CountingStrategy& strategy() const { return *strategy_; }

 private:
  void advance(Seconds watermark);

  std::unique_ptr<CountingStrategy> strategy_;
  Seconds max_delay_;
  WindowSink& sink_;
  Seconds max_time_ = std::numeric_limits<Seconds>::min();
  Seconds accept_from_ = std::numeric_limits<Seconds>::min();
  Seconds next_due_ = std::numeric_limits<Seconds>::min();
  std::uint64_t hits_ = 0;
  std::uint64_t late_hits_ = 0;
};

}  // namespace hitlog
