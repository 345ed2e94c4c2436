// The exact sliding window: ticks and horizons against a brute-force count, lateness, gaps,
// memory, swaps with the fixed window, and snapshots.

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "hitlog/counting_strategy.h"
#include "hitlog/events.h"
#include "hitlog/hit_counter.h"
#include "sliding_window.h"
#include "strategies.h"

using namespace hitlog;

namespace {

struct Closed {
  Seconds start;
  Seconds end;
  std::map<KeyId, std::uint64_t> counts;
  bool exact = true;
  bool operator==(const Closed&) const = default;
};

// Records every window reported, in order; counts the calls that carried no key apart.
struct RecordingSink : WindowSink {
  std::vector<Closed> windows;
  std::size_t empty_calls = 0;
  void window_closed(const ClosedWindow& window) override {
    if (window.counts.empty()) {
      ++empty_calls;
      return;
    }
    Closed closed{window.start, window.end, {}, window.exact};
    for (const KeyCount& c : window.counts) {
      REQUIRE(c.count > 0);
      REQUIRE(closed.counts.count(c.key) == 0);
      closed.counts[c.key] = c.count;
    }
    windows.push_back(std::move(closed));
  }
};

// Notes how many windows the sink had when each swap happened.
struct SwapMarker : RunObserver {
  const RecordingSink& sink;
  std::vector<std::size_t> marks;
  explicit SwapMarker(const RecordingSink& s) : sink(s) {}
  void strategy_swapped(std::string_view, std::string_view, Seconds, bool) override {
    marks.push_back(sink.windows.size());
  }
};

struct TestHit {
  Seconds time;
  KeyId key;
};

// Hits whose clock moves forward by 0..max_gap seconds per hit; each hit is then moved back by
// up to disorder seconds, as nginx's completion-time stamps are.
std::vector<TestHit> random_hits(std::uint32_t seed, std::size_t n, Seconds start, Seconds max_gap,
                                 Seconds disorder, KeyId keys) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<Seconds> gap(0, max_gap);
  std::uniform_int_distribution<Seconds> back(0, disorder);
  std::uniform_int_distribution<KeyId> key(0, keys - 1);
  std::vector<TestHit> hits;
  Seconds clock = start;
  for (std::size_t i = 0; i < n; ++i) {
    clock += gap(rng);
    // Now and then a hit arrives very late, beyond any lateness used here.
    const Seconds late = i % 97 == 0 ? 5 * disorder : 0;
    hits.push_back({clock - back(rng) - late, key(rng)});
  }
  return hits;
}

struct Outcome {
  std::vector<Closed> windows;
  std::vector<TestHit> accepted;  // the hits the counter did not call late
  std::uint64_t late = 0;
  std::size_t empty_calls = 0;
};

Outcome count_with(std::unique_ptr<CountingStrategy> strategy, Seconds lateness,
                   const std::vector<TestHit>& hits) {
  RecordingSink sink;
  HitCounter counter(std::move(strategy), lateness, sink);
  Outcome outcome;
  for (const TestHit& hit : hits) {
    const std::uint64_t late_before = counter.late_hits();
    counter.record(hit.time, hit.key);
    if (counter.late_hits() == late_before) outcome.accepted.push_back(hit);
  }
  counter.finish();
  outcome.windows = sink.windows;
  outcome.late = counter.late_hits();
  outcome.empty_calls = sink.empty_calls;
  return outcome;
}

// Every non-empty horizon [t - W, t), t a multiple of S, counted hit by hit: a hit at h is in
// the horizon of every tick t with h < t <= h + W.
std::vector<Closed> brute_force_sliding(const std::vector<TestHit>& hits, Seconds window,
                                        Seconds step) {
  std::map<Seconds, std::map<KeyId, std::uint64_t>> ticks;
  for (const TestHit& hit : hits) {
    for (Seconds t = align_down(hit.time, step) + step; t <= hit.time + window; t += step) {
      ++ticks[t][hit.key];
    }
  }
  std::vector<Closed> windows;
  for (const auto& [t, counts] : ticks) windows.push_back({t - window, t, counts});
  return windows;
}

std::vector<Closed> brute_force_fixed(const std::vector<TestHit>& hits, Seconds window) {
  std::map<Seconds, std::map<KeyId, std::uint64_t>> starts;
  for (const TestHit& hit : hits) ++starts[align_down(hit.time, window)][hit.key];
  std::vector<Closed> windows;
  for (const auto& [start, counts] : starts) windows.push_back({start, start + window, counts});
  return windows;
}

std::uint64_t total_of(const std::vector<Closed>& windows, std::size_t from, std::size_t to) {
  std::uint64_t total = 0;
  for (std::size_t i = from; i < to; ++i) {
    for (const auto& [key, count] : windows[i].counts) total += count;
  }
  return total;
}

bool ends_increase(const std::vector<Closed>& windows, std::size_t from, std::size_t to) {
  for (std::size_t i = from + 1; i < to; ++i) {
    if (windows[i].end <= windows[i - 1].end) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("sliding window is named sliding and starts at the first tick after the first hit",
          "[sliding]") {
  auto strategy = make_sliding_window(60, 10);
  CHECK(strategy->name() == "sliding");
  RecordingSink sink;
  strategy->record(1005, 3);
  const CloseResult result = strategy->close_until(2000, sink);
  // 1005 is in [t - 60, t) for t = 1010 ... 1060; no leading empty ticks from epoch 0.
  REQUIRE(sink.windows.size() == 6);
  CHECK(sink.windows.front() == Closed{950, 1010, {{3, 1}}});
  CHECK(sink.windows.back() == Closed{1000, 1060, {{3, 1}}});
  CHECK(sink.empty_calls == 0);
  CHECK(result.accept_from == 2000);
  CHECK(result.next_due == 2010);
  CHECK(result.pruned == 1);
  CHECK(strategy->memory_entries() == 0);
}

TEST_CASE("sliding window reports a tick only once the watermark reaches it", "[sliding]") {
  auto strategy = make_sliding_window(60, 25);
  RecordingSink sink;
  strategy->record(1005, 0);
  CloseResult result = strategy->close_until(1024, sink);
  CHECK(sink.windows.empty());
  CHECK(result.accept_from == 1000);
  CHECK(result.next_due == 1025);
  result = strategy->close_until(1025, sink);
  REQUIRE(sink.windows.size() == 1);
  CHECK(sink.windows[0] == Closed{965, 1025, {{0, 1}}});
  CHECK(result.accept_from == 1025);
  CHECK(result.next_due == 1050);
  strategy->record(1025, 0);  // on time: its first tick, 1050, is still open
  strategy->close_all(sink);
  // 1005 is in the horizons of 1025 and 1050; 1025 in those of 1050 and 1075.
  REQUIRE(sink.windows.size() == 3);
  CHECK(sink.windows[1] == Closed{990, 1050, {{0, 2}}});
  CHECK(sink.windows[2] == Closed{1015, 1075, {{0, 1}}});
}

TEST_CASE("sliding window with step equal to the window reports the fixed window's windows",
          "[sliding]") {
  const Seconds window = GENERATE(60, 300);
  const Seconds lateness = GENERATE(0, 45, 200);
  const auto hits = random_hits(7, 20000, 1764547200, 3, 120, 40);
  const Outcome fixed = count_with(make_fixed_window(window), lateness, hits);
  const Outcome sliding = count_with(make_sliding_window(window, window), lateness, hits);
  CHECK(sliding.late == fixed.late);
  CHECK(sliding.late > 0);
  REQUIRE(sliding.windows.size() == fixed.windows.size());
  CHECK(sliding.windows == fixed.windows);
}

TEST_CASE("sliding window counts every horizon exactly, as a brute-force count does", "[sliding]") {
  const auto [window, step] = GENERATE(
      table<Seconds, Seconds>({{60, 10}, {60, 25}, {3600, 60}, {7, 3}, {60, 60}, {90, 1}}));
  const Seconds lateness = GENERATE(0, 30, 400);
  CAPTURE(window, step, lateness);
  const auto hits = random_hits(11, 8000, 1764547200, 2, 90, 25);
  const Outcome sliding = count_with(make_sliding_window(window, step), lateness, hits);
  CHECK(sliding.late > 0);
  CHECK(sliding.empty_calls == 0);
  const std::vector<Closed> expected = brute_force_sliding(sliding.accepted, window, step);
  REQUIRE(sliding.windows.size() == expected.size());
  CHECK(sliding.windows == expected);
}

TEST_CASE("sliding window counts hits before 1970 and across the epoch", "[sliding]") {
  const Seconds start = GENERATE(-2208988800, -3000, -1);  // 1900-01-01, just before 1970
  const auto hits = random_hits(5, 3000, start, 4, 30, 7);
  const Outcome sliding = count_with(make_sliding_window(120, 50), 40, hits);
  CHECK(sliding.windows == brute_force_sliding(sliding.accepted, 120, 50));
  const Outcome fixed = count_with(make_fixed_window(120), 40, hits);
  CHECK(count_with(make_sliding_window(120, 120), 40, hits).windows == fixed.windows);
}

TEST_CASE("sliding window reports a single hit in window / step rows", "[sliding]") {
  RecordingSink sink;
  HitCounter counter(make_sliding_window(60, 10), 30, sink);
  counter.record(-5, 9);
  counter.finish();
  REQUIRE(sink.windows.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    const Seconds end = static_cast<Seconds>(i) * 10;
    CHECK(sink.windows[i] == Closed{end - 60, end, {{9, 1}}});
  }
}

TEST_CASE("sliding window skips long gaps without reporting empty ticks", "[sliding]") {
  // Years apart, and one hit far in the future, as a corrupt timestamp can be.
  const std::vector<TestHit> hits = {{0, 1},           {5, 2},          {31536000, 1},
                                     {31536003, 1},    {1764547200, 2}, {253402300799, 1},
                                     {253402300800, 2}};
  const Outcome sliding = count_with(make_sliding_window(60, 10), 0, hits);
  CHECK(sliding.late == 0);
  CHECK(sliding.empty_calls == 0);
  const std::vector<Closed> expected = brute_force_sliding(hits, 60, 10);
  CHECK(expected.size() == 6 + 6 + 6 + 7);
  CHECK(sliding.windows == expected);
}

TEST_CASE("sliding window memory stays within the horizon and the lateness", "[sliding]") {
  constexpr Seconds kWindow = 600;
  constexpr Seconds kStep = 60;  // the granule is 60 s
  constexpr Seconds kLateness = 120;
  constexpr KeyId kKeys = 100;
  constexpr std::size_t kHits = 1000000;
  constexpr Seconds kStart = 1764547200;
  SlidingWindowStrategy strategy(kWindow, kStep);
  RecordingSink sink;
  Seconds next_due = std::numeric_limits<Seconds>::min();
  std::size_t checked = 0;
  // 40 hits a second for about seven hours, each up to a minute out of order.
  auto time_of = [](std::size_t i) { return kStart + static_cast<Seconds>(i / 40); };
  for (std::size_t i = 0; i < kHits; ++i) {
    const Seconds t = time_of(i) - static_cast<Seconds>((i * 7919) % 60);
    strategy.record(t, static_cast<KeyId>((i * 31) % kKeys));
    const Seconds watermark = time_of(i) - kLateness;
    if (watermark >= next_due) {
      next_due = strategy.close_until(watermark, sink).next_due;
      sink.windows.clear();
    }
    if (i % 10000 == 9999) {
      ++checked;
      // Granules cover at most one horizon plus the lateness (and one on each side). Those a
      // tick included are merged: an entry per key. The others take a byte a hit, 2,400 hits
      // a granule, until their bytes double: then they are merged too.
      const std::size_t granules = (kWindow + kLateness) / kStep + 2;
      const std::size_t open_granules = (kStep + kLateness) / kStep + 2;
      CHECK(strategy.memory_entries() <= kKeys * granules + open_granules * 2 * kKeys);
      if (time_of(i) > kStart + kWindow) {
        const double hits_in_horizon = 40.0 * kWindow;
        // 24 hits per key and granule fold into 3 bytes: far below a byte a hit.
        CHECK(static_cast<double>(strategy.hit_bytes()) / hits_in_horizon <= 0.25);
        CHECK(static_cast<double>(strategy.memory_bytes()) / hits_in_horizon <= 1.0);
      }
    }
  }
  CHECK(checked == kHits / 10000);
  strategy.close_all(sink);
  CHECK(strategy.memory_entries() == 0);
  CHECK(strategy.hit_bytes() == 0);
}

TEST_CASE("sliding window keeps a sparse key's hits in one or two bytes each", "[sliding]") {
  // 300 keys, 10 hits a second, each key hit about once a horizon: no entry merges.
  constexpr Seconds kStart = 1764547200;
  SlidingWindowStrategy strategy(60, 10);
  RecordingSink sink;
  std::size_t peak = 0;
  std::size_t peak_capacity = 0;
  for (std::size_t i = 0; i < 36000; ++i) {
    const Seconds t = kStart + static_cast<Seconds>(i / 10);
    strategy.record(t, static_cast<KeyId>((i * 7) % 300));
    strategy.close_until(t - 5, sink);
    peak = std::max(peak, strategy.hit_bytes());
    peak_capacity = std::max(peak_capacity, strategy.hit_capacity());
    // Keys below 64 take one byte, the others two.
    REQUIRE(strategy.hit_bytes() <= 2 * strategy.memory_entries());
    REQUIRE(strategy.hit_bytes() >= strategy.memory_entries());
  }
  // Held: a horizon, a step and the lateness, 75 s, of 10 hits a second: 750 hits.
  CHECK(peak <= 2 * 750);
  // Granules grow by a quarter and are trimmed once complete: little room goes unused.
  CHECK(peak_capacity * 4 <= peak * 5);
}

TEST_CASE("sliding window gives memory back after a burst", "[sliding]") {
  auto strategy = make_sliding_window(600, 1);  // a run per second and key
  RecordingSink sink;
  Seconds t = 1764547200;
  for (int i = 0; i < 600; ++i, ++t) {
    strategy->record(t, 0);
    strategy->record(t, 1);
  }
  strategy->close_until(t - 1, sink);
  const std::size_t burst_bytes = strategy->memory_bytes();
  CHECK(strategy->memory_entries() == 1200);
  // Then one hit a minute: once the burst has left the horizon, its rings shrink.
  for (int i = 0; i < 30; ++i, t += 60) {
    strategy->record(t, 0);
    strategy->close_until(t, sink);
  }
  CHECK(strategy->memory_entries() == 10);
  CHECK(strategy->memory_bytes() * 8 < burst_bytes);
}

TEST_CASE("sliding window reports every entry it releases as pruned", "[sliding]") {
  auto strategy = make_sliding_window(60, 20);
  RecordingSink sink;
  std::set<std::pair<KeyId, Seconds>> runs;  // (key, granule start) of every in-order hit
  std::uint64_t pruned = 0;
  const auto hits = random_hits(3, 5000, 1764547200, 3, 0, 12);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    strategy->record(hits[i].time, hits[i].key);
    runs.insert({hits[i].key, align_down(hits[i].time, 20)});
    pruned += strategy->close_until(hits[i].time - 5, sink).pruned;
    // An entry holds one hit or more, and a key's hits in a granule at least one entry.
    REQUIRE(pruned + strategy->memory_entries() <= i + 1);
    REQUIRE(pruned + strategy->memory_entries() >= runs.size());
  }
  pruned += strategy->close_until(hits.back().time + 200, sink).pruned;
  CHECK(strategy->memory_entries() == 0);
  // A tick merges each granule it takes in: one entry per key and granule is released.
  CHECK(pruned == runs.size());

  RecordingSink counted;
  HitCounter counter(make_sliding_window(60, 20), 5, counted);
  for (const TestHit& hit : hits) counter.record(hit.time, hit.key);
  const std::uint64_t held = counter.strategy().memory_entries();
  CHECK(counter.pruned() + held >= runs.size());
  CHECK(counter.pruned() + held <= hits.size());
}

TEST_CASE("swap from fixed to sliding keeps every hit and reports no window twice",
          "[sliding][swap]") {
  constexpr Seconds kLateness = 30;
  const auto hits = random_hits(21, 20000, 1764547200, 2, 50, 30);
  const Seconds swap_at = hits[hits.size() / 2].time;
  RecordingSink sink;
  SwapMarker marker(sink);
  EventHub events;
  events.subscribe(marker);
  HitCounter counter(make_fixed_window(60), kLateness, sink, &events);
  counter.schedule_swap(swap_at, make_sliding_window(120, 20));
  std::vector<TestHit> accepted;
  Seconds swapped_at = 0;  // the hit that triggered the swap
  for (const TestHit& hit : hits) {
    const std::uint64_t late_before = counter.late_hits();
    const std::size_t swaps_before = counter.swaps_done();
    counter.record(hit.time, hit.key);
    if (counter.late_hits() == late_before) accepted.push_back(hit);
    if (counter.swaps_done() != swaps_before) swapped_at = hit.time;
  }
  counter.finish();
  REQUIRE(marker.marks.size() == 1);
  const std::size_t split = marker.marks[0];
  const std::vector<Closed>& windows = sink.windows;
  REQUIRE(split > 0);
  REQUIRE(split < windows.size());
  for (std::size_t i = 0; i < windows.size(); ++i) {
    CHECK(windows[i].end - windows[i].start == (i < split ? 60 : 120));
  }
  CHECK(ends_increase(windows, 0, split));
  CHECK(ends_increase(windows, split, windows.size()));
  CHECK(windows[split].end > windows[split - 1].end);
  // Each hit is in a fixed window before the swap, or in 120 / 20 = 6 sliding rows after it.
  const std::uint64_t in_fixed = total_of(windows, 0, split);
  CHECK(in_fixed + total_of(windows, split, windows.size()) / 6 == accepted.size());
  CHECK(total_of(windows, split, windows.size()) % 6 == 0);
  // Rows whose horizon reaches back into the carried fixed windows are marked inexact; once
  // those have left the horizon, rows are exact to the second.
  std::map<Seconds, Closed> expected;
  for (const Closed& closed : brute_force_sliding(accepted, 120, 20)) {
    expected.emplace(closed.end, closed);
  }
  std::size_t compared = 0;
  std::size_t inexact = 0;
  for (std::size_t i = split; i < windows.size(); ++i) {
    if (!windows[i].exact) {
      CHECK(windows[i].start < swapped_at + 60 + kLateness);
      ++inexact;
      continue;
    }
    CHECK(windows[i].start >= swapped_at - 60 - kLateness);
    CHECK(windows[i] == expected.at(windows[i].end));
    ++compared;
  }
  CHECK(inexact >= 120 / 20);
  CHECK(compared > 100);
}

TEST_CASE("swap from sliding to fixed hands over exactly the hits no row has counted",
          "[sliding][swap]") {
  constexpr Seconds kLateness = 30;
  const auto hits = random_hits(22, 20000, 1764547200, 2, 50, 30);
  const Seconds swap_at = hits[hits.size() / 2].time;
  RecordingSink sink;
  SwapMarker marker(sink);
  EventHub events;
  events.subscribe(marker);
  HitCounter counter(make_sliding_window(60, 10), kLateness, sink, &events);
  counter.schedule_swap(swap_at, make_fixed_window(60));
  std::vector<TestHit> before;  // accepted by the sliding window
  std::vector<TestHit> after;   // accepted by the fixed window
  Seconds reported_until = 0;   // the sliding window's, at the swap
  Seconds max_time = std::numeric_limits<Seconds>::min();
  for (const TestHit& hit : hits) {
    const std::uint64_t late_before = counter.late_hits();
    const std::size_t swaps_before = counter.swaps_done();
    counter.record(hit.time, hit.key);
    if (counter.swaps_done() != swaps_before) {
      reported_until = align_down(max_time - kLateness, 10);
    }
    if (counter.late_hits() == late_before) {
      (counter.swaps_done() == 0 ? before : after).push_back(hit);
    }
    max_time = std::max(max_time, hit.time);
  }
  counter.finish();
  REQUIRE(marker.marks.size() == 1);
  const std::size_t split = marker.marks[0];
  const std::vector<Closed> windows = sink.windows;
  REQUIRE(split > 0);
  REQUIRE(split < windows.size());
  CHECK(ends_increase(windows, 0, split));
  CHECK(ends_increase(windows, split, windows.size()));
  CHECK(windows[split - 1].end <= reported_until);
  CHECK(windows[split].end > reported_until);

  // Before: every tick up to the swap, exact.
  std::vector<Closed> sliding = brute_force_sliding(before, 60, 10);
  sliding.erase(std::remove_if(sliding.begin(), sliding.end(),
                               [&](const Closed& c) { return c.end > reported_until; }),
                sliding.end());
  CHECK(std::vector<Closed>(windows.begin(), windows.begin() + split) == sliding);
  // After: the hits no sliding row had counted yet, in their own fixed windows, plus the rest.
  std::vector<TestHit> handed = after;
  for (const TestHit& hit : before) {
    if (hit.time >= reported_until) handed.push_back(hit);
  }
  CHECK(std::vector<Closed>(windows.begin() + split, windows.end()) ==
        brute_force_fixed(handed, 60));
}

TEST_CASE("sliding window takes over estimates and marks the rows that hold them inexact",
          "[sliding][swap]") {
  auto strategy = make_sliding_window(60, 10);
  Handover handover;
  handover.reported_until = 120;
  handover.exact = false;
  handover.totals = {
      {120, 180, 1, 4.4},  // a coarse window: counts as if all at its start
      {180, 240, 2, 2.6},
      {100, 160, 3, 5.0},  // starts before reported_until: counts from reported_until
      {120, 180, 4, 0.2},  // rounds to nothing
  };
  strategy->take_over(handover);
  RecordingSink sink;
  const CloseResult early = strategy->close_until(50, sink);
  CHECK(sink.windows.empty());
  CHECK(early.accept_from == 120);
  CHECK(early.next_due == 130);
  strategy->record(245, 0);
  strategy->close_all(sink);
  REQUIRE(sink.windows.size() == 18);  // ticks 130 ... 300
  for (const Closed& row : sink.windows) {
    const Seconds t = row.end;
    CAPTURE(t);
    std::map<KeyId, std::uint64_t> counts;
    if (t <= 180) counts = {{1, 4}, {3, 5}};
    if (t >= 190 && t <= 240) counts = {{2, 3}};
    if (t >= 250) counts[0] = 1;
    CHECK(row.counts == counts);
    // The last carried total, [180, 240), was placed at its start: where its hits really
    // fell is unknown until it has left the horizon, after the tick 290.
    CHECK(row.exact == (t >= 300));
  }
  CHECK(sink.windows.front().end == 130);
}

TEST_CASE("sliding window hands over only what no row has counted", "[sliding][swap]") {
  auto strategy = make_sliding_window(60, 20);
  RecordingSink sink;
  strategy->record(1000, 1);
  strategy->record(1001, 1);
  strategy->record(1055, 2);
  strategy->close_until(1040, sink);  // ticks 1020 and 1040 count 1000 and 1001
  strategy->record(1045, 1);
  const Handover handover = strategy->hand_over();
  CHECK(handover.exact);
  CHECK(handover.reported_until == 1040);
  REQUIRE(handover.totals.size() == 2);
  std::map<KeyId, std::pair<Seconds, double>> totals;
  for (const OpenTotal& total : handover.totals) {
    CHECK(total.end - total.start == 20);
    totals[total.key] = {total.start, total.count};
  }
  CHECK(totals[1] == std::make_pair(Seconds{1040}, 1.0));
  CHECK(totals[2] == std::make_pair(Seconds{1040}, 1.0));
  CHECK(strategy->memory_entries() == 0);
}

TEST_CASE("restoring a sliding window snapshot replays as if the extra hits never came",
          "[sliding][snapshot]") {
  const auto first = random_hits(31, 3000, 1764547200, 2, 40, 9);
  const auto extra = random_hits(32, 3000, first.back().time - 30, 2, 40, 9);
  const auto then = random_hits(33, 3000, first.back().time + 5, 2, 40, 9);

  RecordingSink plain_sink;
  HitCounter plain(make_sliding_window(90, 15), 20, plain_sink);
  for (const TestHit& hit : first) plain.record(hit.time, hit.key);
  const std::size_t plain_mark = plain_sink.windows.size();
  for (const TestHit& hit : then) plain.record(hit.time, hit.key);
  plain.finish();

  RecordingSink sink;
  HitCounter counter(make_sliding_window(90, 15), 20, sink);
  for (const TestHit& hit : first) counter.record(hit.time, hit.key);
  const CounterSnapshot snapshot = counter.snapshot();
  const std::uint64_t hits_at_snapshot = counter.hits();
  for (const TestHit& hit : extra) counter.record(hit.time, hit.key);
  CHECK(counter.hits() > hits_at_snapshot);
  counter.restore(snapshot);
  const std::size_t mark = sink.windows.size();
  for (const TestHit& hit : then) counter.record(hit.time, hit.key);
  counter.finish();

  CHECK(counter.hits() == plain.hits());
  CHECK(counter.late_hits() == plain.late_hits());
  CHECK(std::vector<Closed>(sink.windows.begin() + mark, sink.windows.end()) ==
        std::vector<Closed>(plain_sink.windows.begin() + plain_mark, plain_sink.windows.end()));
}

TEST_CASE("a sliding window clone is independent of its original", "[sliding][snapshot]") {
  auto original = make_sliding_window(60, 30);
  original->record(100, 1);
  auto copy = original->clone();
  original->record(110, 2);
  CHECK(copy->memory_entries() == 1);
  RecordingSink copy_sink;
  copy->close_all(copy_sink);
  RecordingSink original_sink;
  original->close_all(original_sink);
  CHECK(copy_sink.windows == std::vector<Closed>{{60, 120, {{1, 1}}}, {90, 150, {{1, 1}}}});
  CHECK(original_sink.windows ==
        std::vector<Closed>{{60, 120, {{1, 1}, {2, 1}}}, {90, 150, {{1, 1}, {2, 1}}}});
}

TEST_CASE("a sliding window clone counts the storage it holds, not its original's",
          "[sliding][snapshot]") {
  SlidingWindowStrategy original(60, 10);
  RecordingSink sink;
  for (KeyId key = 0; key < 20000; ++key) original.record(1000, key);  // a burst, then quiet
  original.record(5000, 0);
  original.close_until(5000, sink);  // the burst's granule is released; its room is kept
  REQUIRE(original.memory_entries() == 1);
  CHECK(original.hit_capacity() > 20000);
  const auto copy = original.clone();
  const auto& sliding_copy = static_cast<const SlidingWindowStrategy&>(*copy);
  CHECK(copy->memory_entries() == 1);
  // Copied storage is sized to fit: one granule of one byte, not the room of the burst.
  CHECK(sliding_copy.hit_bytes() == 1);
  CHECK(sliding_copy.hit_capacity() == 1);
}

TEST_CASE("a swap to sliding at the first hit counts every hit from the start", "[sliding][swap]") {
  const auto hits = random_hits(41, 2000, 1764547200, 2, 20, 5);
  RecordingSink sink;
  HitCounter counter(make_fixed_window(60), 30, sink);
  counter.schedule_swap(0, make_sliding_window(60, 20));
  std::vector<TestHit> accepted;
  for (const TestHit& hit : hits) {
    const std::uint64_t late_before = counter.late_hits();
    counter.record(hit.time, hit.key);
    if (counter.late_hits() == late_before) accepted.push_back(hit);
  }
  counter.finish();
  CHECK(counter.swaps_done() == 1);
  CHECK(sink.windows == brute_force_sliding(accepted, 60, 20));
}

namespace {

// A sliding window state in the layout of the first checkpoint version, as the earlier
// run-based sliding window wrote it: window 60, step 20, so granules of 20 s from base 20000.
std::string first_version_state(std::uint32_t key3_included, Seconds base) {
  StateWriter out;
  out.i64(base);
  out.i64(20040);  // reported until: the tick 20040, horizon [19980, 20040)
  out.i64(std::numeric_limits<Seconds>::min());
  out.f64(0);
  out.i64(std::numeric_limits<Seconds>::min());
  out.u64(2);  // keys, not in id order
  out.u32(3);
  out.u32(key3_included);
  out.u64(3);
  for (auto [index, hits] : {std::pair{0, 2}, {1, 1}, {2, 5}}) {
    out.u64(static_cast<std::uint64_t>(index));
    out.u32(static_cast<std::uint32_t>(hits));
  }
  out.u32(1);
  out.u32(0);
  out.u64(1);
  out.u64(2);
  out.u32(1);
  return out.take();
}

std::string saved(const CountingStrategy& strategy) {
  StateWriter out;
  strategy.save(out);
  return out.take();
}

}  // namespace

TEST_CASE("a sliding window state of the first checkpoint version loads and carries on",
          "[sliding][snapshot]") {
  auto strategy = make_sliding_window(60, 20);
  const std::string state = first_version_state(2, 20000);
  StateReader in(state);
  in.set_key_limit(10);
  strategy->load(in);
  REQUIRE(in.ok());
  CHECK(in.at_end());
  CHECK(strategy->memory_entries() == 4);
  RecordingSink sink;
  strategy->close_until(20100, sink);
  using Counts = std::map<KeyId, std::uint64_t>;
  CHECK(sink.windows == std::vector<Closed>{{20000, 20060, Counts{{1, 1}, {3, 8}}},
                                            {20020, 20080, Counts{{1, 1}, {3, 6}}},
                                            {20040, 20100, Counts{{1, 1}, {3, 5}}}});
}

TEST_CASE("a sliding window refuses a state whose runs disagree with its last tick",
          "[sliding][snapshot]") {
  for (auto [included, base, reason] :
       {std::tuple{1u, Seconds{20000}, "last tick"}, {3u, Seconds{20000}, "last tick"},
        {2u, Seconds{20010}, "granule boundary"}}) {
    INFO(reason << ", " << included << " runs reported, base " << base);
    auto strategy = make_sliding_window(60, 20);
    const std::string state = first_version_state(included, base);
    StateReader in(state);
    in.set_key_limit(10);
    strategy->load(in);
    CHECK_THAT(in.error(), Catch::Contains(reason));
  }
}

TEST_CASE("a sliding window saves what it loads, a key's million hits in a granule included",
          "[sliding][snapshot]") {
  auto strategy = make_sliding_window(60, 10);
  for (int i = 0; i < 1'200'000; ++i) strategy->record(1000 + i % 7, 4);  // over 2^20 - 1
  strategy->record(1012, 2);
  strategy->record(1003, 2);
  RecordingSink sink;
  strategy->close_until(1010, sink);
  strategy->record(1025, 4);
  const std::string state = saved(*strategy);

  auto loaded = make_sliding_window(60, 10);
  StateReader in(state);
  in.set_key_limit(5);
  loaded->load(in);
  REQUIRE(in.ok());
  CHECK(saved(*loaded) == state);
  RecordingSink original_rest;
  RecordingSink loaded_rest;
  strategy->close_all(original_rest);
  loaded->close_all(loaded_rest);
  CHECK(loaded_rest.windows == original_rest.windows);
  REQUIRE_FALSE(loaded_rest.windows.empty());
  CHECK(loaded_rest.windows.front().counts == std::map<KeyId, std::uint64_t>{{2, 2}, {4, 1'200'000}});
}
