#include "sliding_window.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include "strategies.h"

namespace hitlog {
namespace {

// The saved state keeps the layout of the first checkpoint version (checkpoint_format.md):
// per key, runs of a granule index below 2^44 counted from a base, and at most 2^20 - 1 hits.
// Hit times lie in the years 0 to 9999 (time.cpp): any two are fewer than 2^44 seconds apart.
constexpr std::int64_t kSavedIndexRange = std::int64_t{1} << 44;
constexpr std::uint64_t kSavedMaxHits = (std::uint64_t{1} << 20) - 1;
// Released granules kept for their storage: a tick releases and starts about one each.
constexpr std::size_t kMaxSpare = 4;

struct SavedRun {
  KeyId key;
  std::int64_t granule;
  std::uint64_t hits;
  auto operator<=>(const SavedRun&) const = default;
};

}  // namespace

SlidingWindowStrategy::SlidingWindowStrategy(Seconds window, Seconds step)
    : window_(window), step_(step), granule_(std::gcd(window, step)) {}

// Unsigned arithmetic wraps: adding the change works whichever way it went.
void SlidingWindowStrategy::account(const Footprint& before, const GranuleHits& after) {
  entries_held_ += after.entries() - before.entries;
  bytes_held_ += after.bytes() - before.bytes;
  capacity_held_ += after.capacity() - before.capacity;
}

template <typename Visit>
void SlidingWindowStrategy::merge(GranuleHits& granule, Visit&& visit) {
  if (pending_.size() < totals_.size()) pending_.resize(totals_.size());
  const Footprint before = footprint(granule);
  granule.merge(pending_, merge_order_, visit);
  account(before, granule);
}

void SlidingWindowStrategy::record(Seconds t, KeyId key) { add(granule_of(t), key, 1); }

CloseResult SlidingWindowStrategy::close_until(Seconds watermark, WindowSink& sink) {
  const Seconds last = align_down(watermark, step_);
  const std::uint64_t pruned = report_through(last, sink);
  // Every tick up to last is complete, the empty ones included: a hit before it is late.
  reported_until_ = std::max(reported_until_, last);
  return {reported_until_, first_tick_after(reported_until_), pruned};
}

// Drains: every held hit appears in all the ticks whose horizon holds it, as earlier hits did.
void SlidingWindowStrategy::close_all(WindowSink& sink) {
  report_through(std::numeric_limits<Seconds>::max(), sink);
}

std::size_t SlidingWindowStrategy::memory_bytes() const {
  return capacity_held_ + (granules_.size() + spare_.capacity()) * sizeof(GranuleHits) +
         totals_.capacity() * sizeof(std::uint64_t) + listed_.capacity() +
         present_.capacity() * sizeof(KeyId) + pending_.capacity() * sizeof(std::uint64_t) +
         merge_order_.capacity() * sizeof(KeyId) + scratch_.capacity() * sizeof(KeyCount);
}

// Hands over only the granules no reported tick has counted yet: the others already appear in
// a row, and a fixed window taking them would count them a second time. The totals come in
// time order, then by key, whatever order the hits came in, so a run resumed from a
// checkpoint hands over exactly what an uninterrupted one does.
Handover SlidingWindowStrategy::hand_over() {
  Handover handover;
  handover.reported_until = reported_until_;
  handover.relative_std_error = carried_rse_;
  for (std::size_t i = included_; i < granules_.size(); ++i) {
    GranuleHits& granule = granules_[i];
    const Seconds start = granule.index() * granule_;
    if (start < inexact_until_) handover.exact = false;
    const std::size_t first = handover.totals.size();
    merge(granule, [&](KeyId key, std::uint64_t hits) {
      handover.totals.push_back({start, start + granule_, key, static_cast<double>(hits)});
    });
    std::sort(handover.totals.begin() + static_cast<std::ptrdiff_t>(first), handover.totals.end(),
              [](const OpenTotal& a, const OpenTotal& b) { return a.key < b.key; });
  }
  while (!granules_.empty()) release_front();  // the totals drop to zero with them
  for (KeyId key : present_) listed_[key] = 0;
  present_.clear();
  return handover;
}

void SlidingWindowStrategy::take_over(const Handover& handover) {
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
    const std::int64_t granule = granule_of(std::max(total.start, reported_until_));
    add(granule, total.key, static_cast<std::uint64_t>(rounded));
    if (!handover.exact) inexact_until_ = std::max(inexact_until_, (granule + 1) * granule_);
    // A horizon that cuts through a coarser total may hold more or fewer of its hits.
    if (total.end - total.start > granule_) partial_until_ = std::max(partial_until_, total.end);
  }
}

std::unique_ptr<CountingStrategy> SlidingWindowStrategy::clone() const {
  auto copy = std::make_unique<SlidingWindowStrategy>(*this);
  // Copied vectors hold what they hold, not the room the originals had grown.
  copy->capacity_held_ = 0;
  for (const GranuleHits& granule : copy->granules_) copy->capacity_held_ += granule.capacity();
  for (const GranuleHits& granule : copy->spare_) copy->capacity_held_ += granule.capacity();
  return copy;
}

// Per key in id order, its runs in time order; a run's granule index counts from the base,
// the first granule held.
void SlidingWindowStrategy::save(StateWriter& out) const {
  std::vector<SavedRun> runs;
  runs.reserve(entries_held_);
  for (const GranuleHits& granule : granules_) {
    granule.for_each([&](KeyId key, std::uint64_t hits) {
      runs.push_back({key, granule.index(), hits});
    });
  }
  std::sort(runs.begin(), runs.end());
  const std::int64_t base = granules_.empty() ? 0 : granules_.front().index();
  const std::int64_t included_end =
      included_ == granules_.size() ? std::numeric_limits<std::int64_t>::max()
                                    : granules_[included_].index();
  out.i64(base * granule_);
  out.i64(reported_until_);
  out.i64(inexact_until_);
  out.f64(carried_rse_);
  out.i64(partial_until_);
  std::vector<SavedRun> key_runs;  // one key's, merged per granule and cut to the saved limit
  std::uint64_t keys = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) keys += i == 0 || runs[i].key != runs[i - 1].key;
  out.u64(keys);
  for (std::size_t i = 0; i < runs.size();) {
    key_runs.clear();
    const KeyId key = runs[i].key;
    for (; i < runs.size() && runs[i].key == key; ++i) {
      if (!key_runs.empty() && key_runs.back().granule == runs[i].granule) {
        key_runs.back().hits += runs[i].hits;
      } else {
        key_runs.push_back(runs[i]);
      }
    }
    std::uint32_t included = 0;
    std::uint64_t saved = 0;
    for (const SavedRun& run : key_runs) {
      const std::uint64_t pieces = (run.hits + kSavedMaxHits - 1) / kSavedMaxHits;
      saved += pieces;
      if (run.granule < included_end) included += static_cast<std::uint32_t>(pieces);
    }
    out.u32(key);
    out.u32(included);
    out.u64(saved);
    for (const SavedRun& run : key_runs) {
      for (std::uint64_t left = run.hits; left > 0;) {
        const std::uint64_t piece = std::min(left, kSavedMaxHits);
        out.u64(static_cast<std::uint64_t>(run.granule - base));
        out.u32(static_cast<std::uint32_t>(piece));
        left -= piece;
      }
    }
  }
}

void SlidingWindowStrategy::load(StateReader& in) {
  const Seconds base = in.i64();
  reported_until_ = in.i64();
  inexact_until_ = in.i64();
  carried_rse_ = in.f64();
  partial_until_ = in.i64();
  if (in.ok() && (base % granule_ != 0 ||
                  base / granule_ > std::numeric_limits<std::int64_t>::max() - kSavedIndexRange)) {
    in.fail("a sliding window base that is not a granule boundary");
  }
  // The last reported tick ends the included granules.
  const std::int64_t included_end =
      reported_until_ == kNever ? std::numeric_limits<std::int64_t>::min()
                                : granule_of(reported_until_);
  std::vector<SavedRun> runs;
  std::vector<bool> seen;
  for (std::uint64_t keys = in.count(16); keys > 0 && in.ok(); --keys) {
    const KeyId key = in.key();
    const std::uint32_t included = in.u32();
    const std::uint64_t size = in.count(12);
    if (!in.ok()) return;
    if (key >= seen.size()) seen.resize(std::size_t{key} + 1);
    if (seen[key] || size == 0 || included > size) {
      in.fail("a sliding window key that is repeated, empty or inconsistent");
      return;
    }
    seen[key] = true;
    std::uint64_t previous = 0;
    std::uint32_t before_end = 0;
    for (std::uint64_t i = 0; i < size; ++i) {
      const std::uint64_t index = in.u64();
      const std::uint32_t hits = in.u32();
      if (index >= static_cast<std::uint64_t>(kSavedIndexRange) || hits == 0 ||
          hits > kSavedMaxHits || index < previous) {
        in.fail("a sliding window run out of range or out of order");
      }
      if (!in.ok()) return;
      previous = index;
      const std::int64_t granule = base / granule_ + static_cast<std::int64_t>(index);
      before_end += granule < included_end;
      runs.push_back({key, granule, hits});
    }
    if (before_end != included) {
      in.fail("a sliding window key whose reported runs disagree with the last tick");
      return;
    }
  }
  if (!in.ok()) return;
  // Granules are built in time order (appending); the included ones are then added up.
  std::stable_sort(runs.begin(), runs.end(), [](const SavedRun& a, const SavedRun& b) {
    return a.granule < b.granule;
  });
  for (const SavedRun& run : runs) add(run.granule, run.key, run.hits);
  while (included_ < granules_.size() && granules_[included_].index() < included_end) {
    include(granules_[included_]);
    ++included_;
  }
}

void SlidingWindowStrategy::add(std::int64_t granule, KeyId key, std::uint64_t hits) {
  if (key >= totals_.size()) [[unlikely]] {
    totals_.resize(std::size_t{key} + 1);
    listed_.resize(std::size_t{key} + 1);
  }
  GranuleHits& hits_of = granule_at(granule);
  const Footprint before = footprint(hits_of);
  hits_of.add(key, hits);
  account(before, hits_of);
  if (hits_of.wants_merge()) [[unlikely]]
    merge(hits_of, [](KeyId, std::uint64_t) {});
}

// The granule of that index, made when it holds no hit yet. Hits come nearly in time order:
// the newest granule is the likely one, and a late hit's is a few steps back.
// REQUIRES: index is after every included granule (a hit before the last tick is late).
GranuleHits& SlidingWindowStrategy::granule_at(std::int64_t index) {
  if (!granules_.empty() && granules_.back().index() == index) [[likely]]
    return granules_.back();
  auto at = granules_.end();
  while (at != granules_.begin() && std::prev(at)->index() > index) --at;
  if (at != granules_.begin() && std::prev(at)->index() == index) return *std::prev(at);
  return *granules_.insert(at, make_granule(index));
}

GranuleHits SlidingWindowStrategy::make_granule(std::int64_t index) {
  if (spare_.empty()) return GranuleHits(index);
  GranuleHits granule = std::move(spare_.back());  // empty, with room
  spare_.pop_back();
  granule.reuse(index);
  return granule;
}

// Adds a granule's hits to the totals, merging its entries first and giving back the room
// they no longer need: it is held for a whole horizon from now on, and no hit joins it.
void SlidingWindowStrategy::include(GranuleHits& granule) {
  merge(granule, [&](KeyId key, std::uint64_t hits) {
    if (listed_[key] == 0) {
      listed_[key] = 1;
      present_.push_back(key);
    }
    totals_[key] += hits;
  });
  const Footprint before = footprint(granule);
  granule.fit();
  account(before, granule);
}

// Releases the oldest granule, subtracting it from the totals if a tick included it.
void SlidingWindowStrategy::release_front() {
  GranuleHits& granule = granules_.front();
  if (included_ > 0) {
    granule.for_each([&](KeyId key, std::uint64_t hits) { totals_[key] -= hits; });
    --included_;
  }
  entries_held_ -= granule.entries();
  bytes_held_ -= granule.bytes();
  if (spare_.size() < kMaxSpare) {
    granule.reuse(0);
    spare_.push_back(std::move(granule));
  } else {
    capacity_held_ -= granule.capacity();
  }
  granules_.pop_front();
}

// Reports every tick up to last that has hits in its horizon, in order, and skips the empty
// ones without a call each (a gap of a year costs nothing). Returns the entries released.
std::uint64_t SlidingWindowStrategy::report_through(Seconds last, WindowSink& sink) {
  std::uint64_t pruned = 0;
  bool maybe_gap = reported_until_ == kNever;
  while (!granules_.empty()) {
    Seconds tick = reported_until_ == kNever ? kNever : first_tick_after(reported_until_);
    // The first tick whose horizon holds a hit is the first one after the earliest hit.
    if (maybe_gap) tick = std::max(tick, first_tick_after(granules_.front().index() * granule_));
    if (tick > last) break;
    maybe_gap = !report_tick(tick, sink, pruned);
    reported_until_ = tick;
  }
  return pruned;
}

// Reports [tick - W, tick) unless it is empty, then releases the granules the next tick's
// horizon no longer holds. Returns whether any key had hits. O(keys in the horizon) plus the
// entries of the granules it includes and releases.
bool SlidingWindowStrategy::report_tick(Seconds tick, WindowSink& sink, std::uint64_t& pruned) {
  // Both bounds are multiples of the granule: these divisions are exact.
  const std::int64_t horizon_end = tick / granule_;
  const std::int64_t next_horizon_start = (tick + step_ - window_) / granule_;
  while (included_ < granules_.size() && granules_[included_].index() < horizon_end) {
    include(granules_[included_]);
    ++included_;
  }
  scratch_.clear();
  for (std::size_t i = 0; i < present_.size();) {
    const KeyId key = present_[i];
    if (totals_[key] == 0) {
      listed_[key] = 0;
      present_[i] = present_.back();
      present_.pop_back();
    } else {
      scratch_.push_back({key, totals_[key]});
      ++i;
    }
  }
  // Granules before the next horizon are before this tick too (S <= W), so all included.
  while (!granules_.empty() && granules_.front().index() < next_horizon_start) {
    pruned += granules_.front().entries();
    release_front();
  }
  if (scratch_.empty()) return false;
  // A tick whose horizon holds estimates carried over by a swap is an estimate too.
  const Seconds from = tick - window_;
  const bool estimated = from < inexact_until_;
  sink.window_closed({from, tick, scratch_, !estimated && from >= partial_until_,
                      estimated ? carried_rse_ : 0.0});
  return true;
}

std::unique_ptr<CountingStrategy> make_sliding_window(Seconds window, Seconds step) {
  return std::make_unique<SlidingWindowStrategy>(window, step);
}

}  // namespace hitlog
