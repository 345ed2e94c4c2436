// The orchestrator of one run's counting: applies the allowed lateness, feeds on-time hits to
// the strategy, closes windows as the watermark advances, swaps strategies, emits events.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "hitlog/counting_strategy.h"
#include "hitlog/events.h"

namespace hitlog {

// The counter's whole state at one moment (Memento): restore() brings it back exactly.
struct CounterSnapshot {
  std::unique_ptr<CountingStrategy> strategy;
  Seconds max_time;
  Seconds accept_from;
  Seconds next_due;
  std::uint64_t hits;
  std::uint64_t late_hits;
  std::uint64_t pruned;
  std::uint64_t windows;
  std::size_t swaps_done;
};

// One per run, owned by the run. Not thread-safe.
class HitCounter : private WindowSink {
 public:
  // max_delay: how far behind the largest timestamp seen a hit may arrive and still be counted.
  // sink receives every completed window; events, if given, must outlive the counter, and
  // observers that want hit_recorded subscribe to it before the counter is made.
  HitCounter(std::unique_ptr<CountingStrategy> strategy, Seconds max_delay, WindowSink& sink,
             EventHub* events = nullptr);

  // From the first hit at or after `at` on, count with a copy of next (a fresh strategy).
  void schedule_swap(Seconds at, std::unique_ptr<CountingStrategy> next);

  // Counts one hit, or counts it as late when its window has already been reported.
  void record(Seconds t, KeyId key) {
    if (t < accept_from_) {
      ++late_hits_;
      return;
    }
    const bool newest = t > max_time_;
    if (newest) {
      max_time_ = t;
      if (t >= next_swap_at_) swap_due(t);
    }
    strategy_->record(t, key);
    ++hits_;
    if (hit_events_ != nullptr) hit_events_->hit_recorded(t, key);
    if (newest && t - max_delay_ >= next_due_) advance(t - max_delay_);
  }

  // Replaces the strategy now; its open state carries over (see CountingStrategy::take_over).
  void swap_to(std::unique_ptr<CountingStrategy> next);

  // End of input: reports every window still open. Hits for them are late from then on.
  void finish();

  CounterSnapshot snapshot() const;
  void restore(const CounterSnapshot& snapshot);

  // Checkpoints: the counter's figures and watermark, then the strategy's state. Pending
  // swaps are not saved: the run schedules again those still to come.
  void save(StateWriter& out) const;
  // REQUIRES: a counter made with a fresh strategy of the saved strategy's spec, before any
  // record(). Fails the reader on bad bytes. Emits snapshot_restored.
  void load(StateReader& in);

  std::uint64_t hits() const { return hits_; }
  std::uint64_t late_hits() const { return late_hits_; }
  std::uint64_t pruned() const { return pruned_; }
  std::uint64_t windows() const { return windows_; }
  std::size_t swaps_done() const { return swaps_done_; }
  // The largest timestamp recorded (the minimum Seconds before any hit).
  Seconds max_time() const { return max_time_; }
  // Hits earlier than this are late: their windows were reported.
  Seconds accept_from() const { return accept_from_; }
  // The largest memory_entries()/memory_bytes() seen when windows closed.
  std::size_t peak_memory_entries() const { return peak_entries_; }
  std::size_t peak_memory_bytes() const { return peak_bytes_; }
  const CountingStrategy& strategy() const { return *strategy_; }

 private:
  struct PendingSwap {
    Seconds at;
    std::unique_ptr<CountingStrategy> prototype;  // cloned at the swap, so restore() can redo it
  };

  Seconds watermark() const;
  void advance(Seconds watermark);
  void swap_due(Seconds t);
  void update_next_swap();
  void note_memory();
  void window_closed(const ClosedWindow& window) override;  // forwards to sink_ and events_

  std::unique_ptr<CountingStrategy> strategy_;
  Seconds max_delay_;
  WindowSink& sink_;
  EventHub* events_;
  // events_ when an observer wanted hits at construction, else null: with nobody listening for
  // hits, record() runs the same instructions as with no hub at all.
  EventHub* hit_events_;
  std::vector<PendingSwap> swaps_;  // in time order; the first swaps_done_ have happened
  std::size_t swaps_done_ = 0;
  Seconds next_swap_at_ = std::numeric_limits<Seconds>::max();
  Seconds max_time_ = std::numeric_limits<Seconds>::min();
  Seconds accept_from_ = std::numeric_limits<Seconds>::min();
  Seconds next_due_ = std::numeric_limits<Seconds>::min();
  std::uint64_t hits_ = 0;
  std::uint64_t late_hits_ = 0;
  std::uint64_t pruned_ = 0;
  std::uint64_t windows_ = 0;
  Seconds reported_end_ = std::numeric_limits<Seconds>::min();  // of the last window reported
  std::size_t peak_entries_ = 0;
  std::size_t peak_bytes_ = 0;
};

}  // namespace hitlog
