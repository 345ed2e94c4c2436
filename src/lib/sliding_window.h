// SlidingWindowStrategy: exact counts of [t - W, t) at every tick t, a multiple of the step S.
//
// Hits are kept per granule of g = gcd(W, S) seconds: every horizon boundary is a multiple of
// g, so no granule straddles one and the counts stay exact. A tick adds the granules that
// entered its horizon to per-key totals, reports the keys whose total is not zero, and releases
// the granules no later horizon holds: memory follows the hits of one horizon plus the
// lateness, at a byte or two a hit (granule_hits.h).

#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <vector>

#include "granule_hits.h"
#include "hitlog/counting_strategy.h"

namespace hitlog {

class SlidingWindowStrategy final : public CountingStrategy {
 public:
  // REQUIRES: 0 < step <= window.
  SlidingWindowStrategy(Seconds window, Seconds step);

  std::string_view name() const override { return "sliding"; }
  void record(Seconds t, KeyId key) override;
  CloseResult close_until(Seconds watermark, WindowSink& sink) override;
  void close_all(WindowSink& sink) override;
  // An entry is one key's hits in one granule; until a granule is merged a key may have several.
  std::size_t memory_entries() const override { return entries_held_; }
  std::size_t memory_bytes() const override;
  Handover hand_over() override;
  void take_over(const Handover& handover) override;
  std::unique_ptr<CountingStrategy> clone() const override;
  void save(StateWriter& out) const override;
  void load(StateReader& in) override;

  // The bytes that hold the hits' times and keys (the entries), without the per-key totals:
  // what the benchmark compares with the hits of a horizon. And the room allocated for them,
  // the storage kept for reuse included.
  std::size_t hit_bytes() const { return bytes_held_; }
  std::size_t hit_capacity() const { return capacity_held_; }

 private:
  static constexpr Seconds kNever = std::numeric_limits<Seconds>::min();

  std::int64_t granule_of(Seconds t) const { return align_down(t, granule_) / granule_; }
  Seconds first_tick_after(Seconds t) const { return align_down(t, step_) + step_; }
  // What a granule holds, to keep the held figures as it changes.
  struct Footprint {
    std::size_t entries;
    std::size_t bytes;
    std::size_t capacity;
  };
  static Footprint footprint(const GranuleHits& granule) {
    return {granule.entries(), granule.bytes(), granule.capacity()};
  }
  void account(const Footprint& before, const GranuleHits& after);
  template <typename Visit>
  void merge(GranuleHits& granule, Visit&& visit);

  void add(std::int64_t granule, KeyId key, std::uint64_t hits);
  GranuleHits& granule_at(std::int64_t index);
  GranuleHits make_granule(std::int64_t index);
  void include(GranuleHits& granule);
  void release_front();
  std::uint64_t report_through(Seconds last, WindowSink& sink);
  bool report_tick(Seconds tick, WindowSink& sink, std::uint64_t& pruned);

  Seconds window_;
  Seconds step_;
  Seconds granule_;
  Seconds reported_until_ = kNever;  // the last tick reported (or complete and empty)
  Seconds inexact_until_ = kNever;   // granules ending by then may hold carried estimates
  double carried_rse_ = 0;           // the relative standard error of those estimates
  Seconds partial_until_ = kNever;   // horizons starting before this miss or misplace hits
  std::deque<GranuleHits> granules_;  // in time order; none is empty
  std::size_t included_ = 0;          // the first granules, added to totals_ by the last tick
  std::vector<GranuleHits> spare_;    // released granules whose storage is reused
  std::vector<std::uint64_t> totals_;  // by KeyId: hits in the included granules
  std::vector<std::uint8_t> listed_;   // by KeyId: whether the key is in present_
  std::vector<KeyId> present_;         // keys that may have a total (those without are dropped)
  std::vector<std::uint64_t> pending_;  // by KeyId, zero between merges: GranuleHits::merge
  std::vector<KeyId> merge_order_;
  std::vector<KeyCount> scratch_;
  std::size_t entries_held_ = 0;
  std::size_t bytes_held_ = 0;
  std::size_t capacity_held_ = 0;  // of the granules' storage, spares included
};

}  // namespace hitlog
