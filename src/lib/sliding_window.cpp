// SlidingWindowStrategy: exact counts of [t - W, t) at every tick t, a multiple of the step S.
//
// Hits are kept per key as ordered runs (granule, count) at the granularity g = gcd(W, S): every
// horizon boundary is a multiple of g, so no granule straddles one and the counts stay exact.
// A run takes 8 bytes however many hits it holds, and it is released as soon as no future
// horizon can contain it, so memory follows the hits inside one horizon (plus the lateness).

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "hitlog/counting_strategy.h"
#include "strategies.h"

namespace hitlog {
namespace {

constexpr Seconds kNever = std::numeric_limits<Seconds>::min();
// A run packs its granule index and its count into 8 bytes. 44 bits of index span 557,000
// years at g = 1, so even a corrupt year-9999 line among today's hits fits; 20 bits of count
// hold a million hits, and a full run is simply followed by another with the same index.
constexpr int kIndexBits = 44;
constexpr int kCountBits = 64 - kIndexBits;
constexpr std::int64_t kIndexRange = std::int64_t{1} << kIndexBits;
constexpr std::uint32_t kMaxRunCount = (std::uint32_t{1} << kCountBits) - 1;
constexpr Seconds kMaxRebaseRoom = Seconds{1} << 40;  // keeps base_ far from overflow
constexpr std::uint32_t kMinRing = 4;
constexpr std::uint64_t kMaxRunsPerKey = std::uint64_t{1} << 31;  // a ring's size fits 32 bits

// The hits of one key in one granule: [base + index * g, base + (index + 1) * g).
struct Run {
  std::uint64_t index : kIndexBits;
  std::uint64_t count : kCountBits;

  std::int64_t position() const { return static_cast<std::int64_t>(index); }
};
static_assert(sizeof(Run) == 8);

// One key's runs in time order, in a ring whose capacity is a power of two. The first
// `included` runs lie before the last reported tick and `total` is their sum: a tick moves this
// cursor and pops expired runs instead of summing its whole horizon again.
struct KeyRuns {
  std::vector<Run> ring;  // its size is the ring's capacity
  std::uint32_t head = 0;
  std::uint32_t size = 0;
  std::uint32_t included = 0;
  std::uint64_t total = 0;

  Run& at(std::uint32_t i) { return ring[(head + i) & (ring.size() - 1)]; }
  const Run& at(std::uint32_t i) const { return ring[(head + i) & (ring.size() - 1)]; }
};

class SlidingWindowStrategy final : public CountingStrategy {
 public:
  SlidingWindowStrategy(Seconds window, Seconds step)
      : window_(window),
        step_(step),
        granule_(std::gcd(window, step)),
        range_seconds_(granule_ > std::numeric_limits<Seconds>::max() / kIndexRange
                           ? std::numeric_limits<Seconds>::max()
                           : kIndexRange * granule_) {}

  std::string_view name() const override { return "sliding"; }

  void record(Seconds t, KeyId key) override { add(index_of(t), key, 1); }

  CloseResult close_until(Seconds watermark, WindowSink& sink) override {
    const Seconds last = align_down(watermark, step_);
    const std::uint64_t pruned = report_through(last, sink);
    // Every tick up to last is complete, the empty ones included: a hit before it is late.
    reported_until_ = std::max(reported_until_, last);
    return {reported_until_, first_tick_after(reported_until_), pruned};
  }

  // Drains: every held hit appears in all the ticks whose horizon holds it, as earlier hits did.
  void close_all(WindowSink& sink) override {
    report_through(std::numeric_limits<Seconds>::max(), sink);
  }

  std::size_t memory_entries() const override { return runs_held_; }

  std::size_t memory_bytes() const override {
    return ring_slots_ * sizeof(Run) + keys_.capacity() * sizeof(KeyRuns) +
           active_.capacity() * sizeof(KeyId) + scratch_.capacity() * sizeof(KeyCount);
  }

  // Hands over only the runs no reported tick has counted yet: the others already appear in a
  // row, and a fixed window taking them would count them a second time.
  Handover hand_over() override {
    Handover handover;
    handover.reported_until = reported_until_;
    handover.relative_std_error = carried_rse_;
    for (KeyId key : active_) {
      KeyRuns& runs = keys_[key];
      for (std::uint32_t i = runs.included; i < runs.size; ++i) {
        const Seconds start = start_of(runs.at(i).position());
        handover.totals.push_back(
            {start, start + granule_, key, static_cast<double>(runs.at(i).count)});
        if (start < inexact_until_) handover.exact = false;
      }
      runs.head = runs.size = runs.included = 0;
      runs.total = 0;
    }
    active_.clear();
    runs_held_ = 0;
    return handover;
  }

  void take_over(const Handover& handover) override {
    reported_until_ = handover.reported_until;
    // A horizon reaching back before the swap misses the hits the previous strategy had
    // already reported: such rows are partial.
    partial_until_ = reported_until_;
    if (!handover.exact) carried_rse_ = handover.relative_std_error;
    for (const OpenTotal& total : handover.totals) {
      const long long rounded = std::llround(total.count);
      if (rounded <= 0) continue;
      // Where the hits of a total wider than a granule fell inside it is unknown: they count
      // as if at its start, or at the first instant not reported yet.
      const std::uint64_t index = index_of(std::max(total.start, reported_until_));
      for (auto left = static_cast<std::uint64_t>(rounded); left > 0;) {
        const auto chunk = static_cast<std::uint32_t>(std::min<std::uint64_t>(left, kMaxRunCount));
        add(index, total.key, chunk);
        left -= chunk;
      }
      if (!handover.exact) {
        const Seconds end = start_of(static_cast<std::int64_t>(index)) + granule_;
        inexact_until_ = std::max(inexact_until_, end);
      }
      // A horizon that cuts through a coarser total may hold more or fewer of its hits.
      if (total.end - total.start > granule_) partial_until_ = std::max(partial_until_, total.end);
    }
  }

  std::unique_ptr<CountingStrategy> clone() const override {
    return std::make_unique<SlidingWindowStrategy>(*this);
  }

  // The active keys in their order (a swap hands totals over in it), each with its runs.
  void save(StateWriter& out) const override {
    out.i64(base_);
    out.i64(reported_until_);
    out.i64(inexact_until_);
    out.f64(carried_rse_);
    out.i64(partial_until_);
    out.u64(active_.size());
    for (KeyId key : active_) {
      const KeyRuns& runs = keys_[key];
      out.u32(key);
      out.u32(runs.included);
      out.u64(runs.size);
      for (std::uint32_t i = 0; i < runs.size; ++i) {
        out.u64(runs.at(i).index);
        out.u32(runs.at(i).count);
      }
    }
  }

  void load(StateReader& in) override {
    base_ = in.i64();
    reported_until_ = in.i64();
    inexact_until_ = in.i64();
    carried_rse_ = in.f64();
    partial_until_ = in.i64();
    for (std::uint64_t active = in.count(16); active > 0 && in.ok(); --active) {
      const KeyId key = in.key();
      const std::uint32_t included = in.u32();
      const std::uint64_t size = in.count(12);
      if (!in.ok()) return;
      if (key >= keys_.size()) keys_.resize(std::size_t{key} + 1);
      KeyRuns& runs = keys_[key];
      if (runs.size > 0 || size == 0 || included > size || size > kMaxRunsPerKey) {
        in.fail("a sliding window key that is repeated, empty or inconsistent");
        return;
      }
      resize_ring(runs, std::max(kMinRing, std::bit_ceil(static_cast<std::uint32_t>(size))));
      for (std::uint32_t i = 0; i < size; ++i) {
        const std::uint64_t index = in.u64();
        const std::uint32_t count = in.u32();
        if (index >= static_cast<std::uint64_t>(kIndexRange) || count == 0 ||
            count > kMaxRunCount || (i > 0 && index < runs.at(i - 1).index)) {
          in.fail("a sliding window run out of range or out of order");
        }
        if (!in.ok()) return;
        runs.at(i) = {index, count};
        if (i < included) runs.total += count;
      }
      runs.size = static_cast<std::uint32_t>(size);
      runs.included = included;
      runs_held_ += runs.size;
      active_.push_back(key);
    }
  }

 private:
  Seconds start_of(std::int64_t index) const { return base_ + index * granule_; }

  Seconds first_tick_after(Seconds t) const { return align_down(t, step_) + step_; }

  // The granule index of t, moving the base when t falls outside the index range.
  std::uint64_t index_of(Seconds t) {
    if (t < base_ || t - base_ >= range_seconds_) [[unlikely]]
      rebase(t);
    return static_cast<std::uint64_t>((t - base_) / granule_);
  }

  // Moves base_ so that t and every held run fit, with room on both sides. O(runs held), and
  // rare: for the first hits, then only for hits some 35,000 years away from the base.
  // REQUIRES: the hits held and t span fewer than 2^44 granules.
  void rebase(Seconds t) {
    Seconds low = align_down(t, granule_);
    Seconds high = low;
    for (KeyId key : active_) {
      const KeyRuns& runs = keys_[key];
      low = std::min(low, start_of(runs.at(0).position()));
      high = std::max(high, start_of(runs.at(runs.size - 1).position()));
    }
    const std::int64_t room = (kIndexRange - 1 - (high - low) / granule_) / 2;
    const Seconds base = low - std::min(room, kMaxRebaseRoom / granule_) * granule_;
    const std::int64_t shift = (base_ - base) / granule_;
    for (KeyId key : active_) {
      KeyRuns& runs = keys_[key];
      for (std::uint32_t i = 0; i < runs.size; ++i) {
        runs.at(i).index = static_cast<std::uint64_t>(runs.at(i).position() + shift);
      }
    }
    base_ = base;
  }

  void add(std::uint64_t index, KeyId key, std::uint32_t count) {
    if (key >= keys_.size()) [[unlikely]]
      keys_.resize(std::size_t{key} + 1);
    KeyRuns& runs = keys_[key];
    if (runs.size == 0) {
      active_.push_back(key);
    } else {
      Run& last = runs.at(runs.size - 1);
      if (last.index == index && last.count <= kMaxRunCount - count) {
        last.count += count;
        return;
      }
      if (last.index > index) {
        insert_earlier(runs, index, count);
        return;
      }
    }
    make_room(runs);
    runs.at(runs.size) = {index, count};
    ++runs.size;
    ++runs_held_;
  }

  // A hit that arrived out of order: rare, and close to the end, so a backward scan is cheap.
  // It never lands before `included`: a hit before the last reported tick is late.
  void insert_earlier(KeyRuns& runs, std::uint64_t index, std::uint32_t count) {
    std::uint32_t position = runs.size;
    while (position > 0 && runs.at(position - 1).index > index) --position;
    if (position > 0) {
      Run& before = runs.at(position - 1);
      if (before.index == index && before.count <= kMaxRunCount - count) {
        before.count += count;
        return;
      }
    }
    make_room(runs);
    for (std::uint32_t i = runs.size; i > position; --i) runs.at(i) = runs.at(i - 1);
    runs.at(position) = {index, count};
    ++runs.size;
    ++runs_held_;
  }

  void make_room(KeyRuns& runs) {
    if (runs.size == runs.ring.size()) {
      resize_ring(runs, std::max<std::uint32_t>(kMinRing, runs.size * 2));
    }
  }

  void resize_ring(KeyRuns& runs, std::uint32_t capacity) {
    std::vector<Run> ring(capacity);
    for (std::uint32_t i = 0; i < runs.size; ++i) ring[i] = runs.at(i);
    ring_slots_ = ring_slots_ - runs.ring.size() + capacity;
    runs.ring = std::move(ring);
    runs.head = 0;
  }

  // Reports every tick up to last that has hits in its horizon, in order, and skips the empty
  // ones without a call each (a gap of a year costs nothing). Returns the runs released.
  std::uint64_t report_through(Seconds last, WindowSink& sink) {
    std::uint64_t pruned = 0;
    bool maybe_gap = reported_until_ == kNever;
    while (!active_.empty()) {
      Seconds tick = reported_until_ == kNever ? kNever : first_tick_after(reported_until_);
      // The first tick whose horizon holds a hit is the first one after the earliest hit.
      if (maybe_gap) tick = std::max(tick, first_tick_after(earliest_held()));
      if (tick > last) break;
      maybe_gap = !report_tick(tick, sink, pruned);
      reported_until_ = tick;
    }
    return pruned;
  }

  // Reports [tick - W, tick) unless it is empty, then releases the runs the next tick's horizon
  // no longer holds. Returns whether any key had hits. O(active keys) plus the runs it moves.
  bool report_tick(Seconds tick, WindowSink& sink, std::uint64_t& pruned) {
    // Both bounds are multiples of the granule, as is base_: these divisions are exact.
    const std::int64_t horizon_end = (tick - base_) / granule_;
    const std::int64_t next_horizon_start = (tick + step_ - window_ - base_) / granule_;
    scratch_.clear();
    for (std::size_t i = 0; i < active_.size();) {
      const KeyId key = active_[i];
      KeyRuns& runs = keys_[key];
      while (runs.included < runs.size && runs.at(runs.included).position() < horizon_end) {
        runs.total += runs.at(runs.included++).count;
      }
      if (runs.total > 0) scratch_.push_back({key, runs.total});
      // Runs before the next horizon are before this tick too (S <= W), so all included.
      while (runs.size > 0 && runs.at(0).position() < next_horizon_start) {
        runs.total -= runs.at(0).count;
        runs.head = (runs.head + 1) & static_cast<std::uint32_t>(runs.ring.size() - 1);
        --runs.size;
        --runs.included;
        --runs_held_;
        ++pruned;
      }
      // Give most of a ring back after a burst, with hysteresis so that it does not flap.
      if (runs.ring.size() > kMinRing && runs.size * 8 <= runs.ring.size()) {
        resize_ring(runs, std::max(kMinRing, std::bit_ceil(runs.size * 2)));
      }
      if (runs.size == 0) {
        active_[i] = active_.back();
        active_.pop_back();
      } else {
        ++i;
      }
    }
    if (scratch_.empty()) return false;
    // A tick whose horizon holds estimates carried over by a swap is an estimate too.
    const Seconds from = tick - window_;
    const bool estimated = from < inexact_until_;
    sink.window_closed({from, tick, scratch_, !estimated && from >= partial_until_,
                        estimated ? carried_rse_ : 0.0});
    return true;
  }

  Seconds earliest_held() const {
    Seconds earliest = std::numeric_limits<Seconds>::max();
    for (KeyId key : active_) {
      earliest = std::min(earliest, start_of(keys_[key].at(0).position()));
    }
    return earliest;
  }

  Seconds window_;
  Seconds step_;
  Seconds granule_;
  Seconds range_seconds_;            // the span indexes cover from base_: 2^44 granules at most
  Seconds base_ = 0;                 // a multiple of the granule
  Seconds reported_until_ = kNever;  // the last tick reported (or complete and empty)
  Seconds inexact_until_ = kNever;   // granules ending by then may hold carried estimates
  double carried_rse_ = 0;           // the relative standard error of those estimates
  Seconds partial_until_ = kNever;   // horizons starting before this miss or misplace hits
  std::vector<KeyRuns> keys_;        // by KeyId
  std::vector<KeyId> active_;        // the keys holding runs, in no particular order
  std::vector<KeyCount> scratch_;
  std::size_t runs_held_ = 0;
  std::size_t ring_slots_ = 0;
};

}  // namespace

std::unique_ptr<CountingStrategy> make_sliding_window(Seconds window, Seconds step) {
  return std::make_unique<SlidingWindowStrategy>(window, step);
}

}  // namespace hitlog
