#include "hitlog/hit_counter.h"

#include <algorithm>

namespace hitlog {

HitCounter::HitCounter(std::unique_ptr<CountingStrategy> strategy, Seconds max_delay,
                       WindowSink& sink, EventHub* events)
    : strategy_(std::move(strategy)),
      max_delay_(max_delay),
      sink_(sink),
      events_(events),
      hit_events_(events != nullptr && events->wants_hits() ? events : nullptr) {}

void HitCounter::schedule_swap(Seconds at, std::unique_ptr<CountingStrategy> next) {
  auto position = std::upper_bound(swaps_.begin(), swaps_.end(), at,
                                   [](Seconds t, const PendingSwap& s) { return t < s.at; });
  swaps_.insert(position, {at, std::move(next)});
  update_next_swap();
}

void HitCounter::swap_due(Seconds t) {
  while (swaps_done_ < swaps_.size() && swaps_[swaps_done_].at <= t) {
    swap_to(swaps_[swaps_done_].prototype->clone());
    ++swaps_done_;
  }
  update_next_swap();
}

void HitCounter::update_next_swap() {
  next_swap_at_ = swaps_done_ < swaps_.size() ? swaps_[swaps_done_].at
                                              : std::numeric_limits<Seconds>::max();
}

void HitCounter::swap_to(std::unique_ptr<CountingStrategy> next) {
  note_memory();
  const Handover handover = strategy_->hand_over();
  next->take_over(handover);
  if (events_ != nullptr) {
    events_->strategy_swapped(strategy_->name(), next->name(), max_time_, handover.exact);
  }
  strategy_ = std::move(next);
  // Let the new strategy set its own schedule (its first window may be due already).
  if (max_time_ != std::numeric_limits<Seconds>::min()) advance(watermark());
}

void HitCounter::advance(Seconds watermark) {
  note_memory();
  const CloseResult result = strategy_->close_until(watermark, *this);
  accept_from_ = result.accept_from;
  next_due_ = result.next_due;
  pruned_ += result.pruned;
  if (result.pruned > 0 && events_ != nullptr) events_->pruned(result.pruned, watermark);
}

void HitCounter::finish() {
  note_memory();
  strategy_->close_all(*this);
  // Every window is reported now: a hit for one of them (in a later run continuing this
  // state) is late, however far behind the newest hit it is.
  accept_from_ = std::max(accept_from_, reported_end_);
}

void HitCounter::note_memory() {
  peak_entries_ = std::max(peak_entries_, strategy_->memory_entries());
  peak_bytes_ = std::max(peak_bytes_, strategy_->memory_bytes());
}

void HitCounter::window_closed(const ClosedWindow& window) {
  if (!window.counts.empty()) ++windows_;
  reported_end_ = std::max(reported_end_, window.end);
  if (events_ != nullptr) events_->window_closed(window);
  sink_.window_closed(window);
}

Seconds HitCounter::watermark() const {
  return max_time_ == std::numeric_limits<Seconds>::min() ? max_time_ : max_time_ - max_delay_;
}

CounterSnapshot HitCounter::snapshot() const {
  CounterSnapshot snapshot{strategy_->clone(), max_time_, accept_from_, next_due_, hits_,
                           late_hits_,         pruned_,   windows_,     swaps_done_};
  if (events_ != nullptr) events_->snapshot_taken(watermark(), hits_);
  return snapshot;
}

void HitCounter::restore(const CounterSnapshot& snapshot) {
  strategy_ = snapshot.strategy->clone();
  max_time_ = snapshot.max_time;
  accept_from_ = snapshot.accept_from;
  next_due_ = snapshot.next_due;
  hits_ = snapshot.hits;
  late_hits_ = snapshot.late_hits;
  pruned_ = snapshot.pruned;
  windows_ = snapshot.windows;
  swaps_done_ = snapshot.swaps_done;
  update_next_swap();
  if (events_ != nullptr) events_->snapshot_restored(watermark(), hits_);
}

void HitCounter::save(StateWriter& out) const {
  out.i64(max_time_);
  out.i64(accept_from_);
  out.i64(next_due_);
  for (std::uint64_t figure : {hits_, late_hits_, pruned_, windows_, std::uint64_t{peak_entries_},
                               std::uint64_t{peak_bytes_}}) {
    out.u64(figure);
  }
  strategy_->save(out);
  if (events_ != nullptr) events_->snapshot_taken(watermark(), hits_);
}

void HitCounter::load(StateReader& in) {
  max_time_ = in.i64();
  accept_from_ = in.i64();
  next_due_ = in.i64();
  hits_ = in.u64();
  late_hits_ = in.u64();
  pruned_ = in.u64();
  windows_ = in.u64();
  peak_entries_ = in.u64();
  peak_bytes_ = in.u64();
  strategy_->load(in);
  if (events_ != nullptr && in.ok()) events_->snapshot_restored(watermark(), hits_);
}

}  // namespace hitlog
