// The Morris approximate-counter strategy: counter math, random source, accuracy against exact
// counts, reproducibility, swaps with the fixed strategy, snapshots.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <vector>

#include "hitlog/counting_strategy.h"
#include "hitlog/hit_counter.h"
#include "morris_counter.h"
#include "strategies.h"

using namespace hitlog;

namespace {

struct Closed {
  Seconds start;
  Seconds end;
  std::map<KeyId, std::uint64_t> counts;
  bool exact;
  double relative_std_error;
  bool operator==(const Closed&) const = default;
};

struct RecordingSink : WindowSink {
  std::vector<Closed> windows;
  void window_closed(const ClosedWindow& window) override {
    Closed closed{window.start, window.end, {}, window.exact, window.relative_std_error};
    for (const KeyCount& c : window.counts) {
      REQUIRE(c.count > 0);
      REQUIRE(closed.counts.count(c.key) == 0);
      closed.counts[c.key] = c.count;
    }
    windows.push_back(closed);
  }
};

double rse_of(double base) { return std::sqrt((base - 1) / 2); }

// The windows a sink received from index `from` on.
std::vector<Closed> windows_from(const RecordingSink& sink, std::size_t from) {
  return {sink.windows.begin() + static_cast<std::ptrdiff_t>(from), sink.windows.end()};
}

// A few keys hit at different rates over [from, to), in time order.
void feed(HitCounter& counter, Seconds from, Seconds to) {
  for (Seconds t = from; t < to; ++t) {
    for (KeyId key = 0; key < 4; ++key) {
      for (Seconds i = 0; i <= static_cast<Seconds>(key); ++i) counter.record(t, key);
    }
  }
}

std::vector<Closed> run_morris(std::uint64_t seed) {
  RecordingSink sink;
  HitCounter counter(make_morris(60, 8, 2.0, seed), 10, sink);
  feed(counter, 0, 600);
  counter.finish();
  return sink.windows;
}

}  // namespace

TEST_CASE("Morris estimate is (base^c - 1) / (base - 1)", "[morris]") {
  const MorrisScale two(8, 2.0);
  CHECK(two.estimate(0) == 0);
  CHECK(two.estimate(1) == 1);
  CHECK(two.estimate(2) == 3);
  CHECK(two.estimate(10) == 1023);
  const MorrisScale fine(12, 1.03);
  CHECK(fine.estimate(0) == 0);
  CHECK(fine.estimate(1) == Approx(1.0));
  CHECK(fine.estimate(2) == Approx(2.03));
  CHECK(fine.estimate(300) == Approx((std::pow(1.03, 300) - 1) / 0.03));
  CHECK(fine.relative_std_error() == Approx(rse_of(1.03)));
}

TEST_CASE("Morris thresholds are base^-c in units of 2^63, certain at 0 and never at the top",
          "[morris]") {
  const MorrisScale two(8, 2.0);
  CHECK(two.threshold(0) == std::uint64_t{1} << 63);
  for (unsigned c = 1; c < two.top(); ++c) CHECK(two.threshold(c) == std::uint64_t{1} << (63 - c));
  CHECK(two.threshold(two.top()) == 0);
  CHECK(two.raises(0, ~std::uint64_t{0}));
  CHECK_FALSE(two.raises(two.top(), 0));
  // Base 2 stops where the estimate would no longer fit a 64-bit count, before 2^8 - 1.
  CHECK(two.top() == 62);

  const MorrisScale fine(12, 1.03);
  for (unsigned c : {1u, 2u, 100u, 1000u}) {
    const double expected = std::ldexp(std::pow(1.03, -static_cast<double>(c)), 63);
    CHECK(fine.threshold(c) == static_cast<std::uint64_t>(std::floor(expected)));
  }
  // Elsewhere the top is 2^bits - 1 unless the estimate would outgrow a 64-bit count first.
  CHECK(MorrisScale(3, 1.1).top() == 7);
  const MorrisScale wide(12, 1.1);
  CHECK(wide.top() < 4095);
  CHECK(wide.estimate(wide.top()) <= 0x1p62);
  CHECK(wide.estimate(wide.top()) * 1.1 + 1 > 0x1p62);  // est(top + 1)
}

TEST_CASE("A Morris counter saturates at 2^bits - 1 and never wraps", "[morris]") {
  MorrisCounting counting(2, 2.0, 7);
  REQUIRE(counting.scale().top() == 3);
  std::uint8_t c = 0;
  for (int i = 0; i < 10000; ++i) counting.increment(c);
  CHECK(c == 3);
  CHECK(counting.saturated() == 1);
  counting.add(c, 1e6);
  CHECK(c == 3);
  CHECK(counting.saturated() == 1);  // counted once, when it got there

  auto strategy = make_morris(60, 2, 2.0, 7);
  RecordingSink sink;
  for (int i = 0; i < 10000; ++i) strategy->record(5, 0);
  strategy->close_all(sink);
  REQUIRE(sink.windows.size() == 1);
  CHECK(sink.windows[0].counts == std::map<KeyId, std::uint64_t>{{0, 7}});  // est(3)
}

TEST_CASE("SplitMix64 is reproducible from its seed", "[morris]") {
  SplitMix64 zero(0);
  CHECK(zero.next() == 0xe220a8397b1dcdaf);  // the published reference value for seed 0
  SplitMix64 a(42);
  SplitMix64 b(42);
  SplitMix64 c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t x = a.next();
    CHECK(x == b.next());
    differs = differs || x != c.next();
  }
  CHECK(differs);
}

TEST_CASE("Morris counters are unbiased", "[morris]") {
  const int counters = 4000;
  const int hits = 1000;
  for (double base : {2.0, 1.1}) {
    MorrisCounting counting(16, base, 2024);
    double sum = 0;
    double sum_squares = 0;
    for (int i = 0; i < counters; ++i) {
      std::uint16_t c = 0;
      for (int h = 0; h < hits; ++h) counting.increment(c);
      const double estimate = counting.scale().estimate(c);
      sum += estimate;
      sum_squares += estimate * estimate;
    }
    const double mean = sum / counters;
    const double variance = sum_squares / counters - mean * mean;
    const double expected_variance = (base - 1) * hits * (hits - 1) / 2;
    const double standard_error = std::sqrt(expected_variance / counters);
    INFO("base " << base << " mean " << mean << " variance " << variance);
    CHECK(std::abs(mean - hits) < 4 * standard_error);
    CHECK(variance == Approx(expected_variance).epsilon(0.15));
  }
}

TEST_CASE("Morris rounding of a total to a counter is unbiased and exact on estimates",
          "[morris]") {
  const MorrisScale scale(8, 2.0);
  SplitMix64 random(9);
  for (unsigned c = 0; c < 20; ++c) CHECK(scale.round(scale.estimate(c), random.next()) == c);
  CHECK(scale.round(1e30, random.next()) == scale.top());
  for (double total : {0.25, 5.0, 300.0, 1e6}) {
    const int draws = 20000;
    double sum = 0;
    for (int i = 0; i < draws; ++i) {
      const unsigned c = scale.round(total, random.next());
      REQUIRE(scale.estimate(c) <= 2 * total + 1);
      REQUIRE(scale.estimate(c + 1) > total);
      sum += scale.estimate(c);
    }
    CHECK(sum / draws == Approx(total).epsilon(0.03));
  }
}

// The "done when": over >= 1 million hits, the observed error matches the theory.
TEST_CASE("Morris error over a million hits matches the theoretical relative standard error",
          "[morris]") {
  const Seconds window = 60;
  const int windows = 200;
  const KeyId keys = 50;
  for (const auto& [bits, base] : {std::pair{8, 2.0}, std::pair{12, 1.03}}) {
    auto strategy = make_morris(window, bits, base, 11);
    RecordingSink sink;
    SplitMix64 sizes(5);
    std::map<std::pair<Seconds, KeyId>, std::uint64_t> exact;
    std::vector<std::uint64_t> remaining(keys);
    std::uint64_t total_hits = 0;
    for (int w = 0; w < windows; ++w) {
      const Seconds start = w * window;
      for (KeyId key = 0; key < keys; ++key) {
        remaining[key] = 100 + sizes.next() % 101;
        exact[{start, key}] = remaining[key];
        total_hits += remaining[key];
      }
      // Interleave the keys, as real traffic does.
      for (std::uint64_t round = 0; round < 200; ++round) {
        for (KeyId key = 0; key < keys; ++key) {
          if (remaining[key] > 0) {
            strategy->record(start + static_cast<Seconds>(round % window), key);
            --remaining[key];
          }
        }
      }
      strategy->close_until(start, sink);
    }
    strategy->close_all(sink);
    REQUIRE(total_hits >= 1000000);
    REQUIRE(sink.windows.size() == static_cast<std::size_t>(windows));

    double squares = 0;
    double theory = 0;
    std::size_t cells = 0;
    for (const Closed& closed : sink.windows) {
      CHECK_FALSE(closed.exact);
      CHECK(closed.relative_std_error == Approx(rse_of(base)));
      for (const auto& [key, estimate] : closed.counts) {
        const auto n = static_cast<double>(exact.at({closed.start, key}));
        const double error = (static_cast<double>(estimate) - n) / n;
        squares += error * error;
        theory += (base - 1) * (n - 1) / (2 * n);
        ++cells;
      }
    }
    // Keys absent from a report were estimated as 0: impossible once hit, so none may be.
    REQUIRE(cells == static_cast<std::size_t>(windows) * keys);
    const double observed = std::sqrt(squares / cells);
    const double expected = std::sqrt(theory / cells);
    INFO("base " << base << " observed RMS relative error " << observed << ", theory " << expected);
    CHECK(observed < 2 * expected);
    CHECK(observed > expected / 2);
    CHECK(observed == Approx(expected).epsilon(0.1));
  }
}

TEST_CASE("Morris runs with the same seed agree and runs with another seed do not", "[morris]") {
  const std::vector<Closed> first = run_morris(3);
  CHECK(first == run_morris(3));
  CHECK(first != run_morris(4));
  REQUIRE(first.size() == 10);
  for (const Closed& closed : first) {
    CHECK(closed.end - closed.start == 60);
    CHECK_FALSE(closed.exact);
    CHECK(closed.relative_std_error == Approx(rse_of(2.0)));
    CHECK(closed.counts.size() == 4);
  }
}

TEST_CASE("Morris reports its name and its cells as memory", "[morris]") {
  auto strategy = make_morris(60, 8, 2.0, 1);
  CHECK(strategy->name() == "morris");
  const std::size_t empty_bytes = strategy->memory_bytes();
  strategy->record(0, 3);
  strategy->record(1, 3);
  strategy->record(70, 1);
  CHECK(strategy->memory_entries() == 2);
  CHECK(strategy->memory_bytes() > empty_bytes);
  RecordingSink sink;
  CHECK(strategy->close_until(60, sink).pruned == 1);
  CHECK(strategy->memory_entries() == 1);

  // A counter takes one byte where an exact count takes eight.
  auto morris = make_morris(60, 8, 2.0, 1);
  auto fixed = make_fixed_window(60);
  for (KeyId key = 0; key < 1000; ++key) {
    morris->record(0, key);
    fixed->record(0, key);
  }
  CHECK(morris->memory_entries() == fixed->memory_entries());
  CHECK(morris->memory_bytes() < fixed->memory_bytes() * 2 / 3);
}

TEST_CASE("Morris hands over estimates and takes them back unchanged", "[morris]") {
  auto strategy = make_morris(60, 8, 2.0, 1);
  for (int i = 0; i < 500; ++i) strategy->record(10, 0);
  strategy->record(20, 1);
  RecordingSink sink;
  strategy->close_until(0, sink);
  const Handover handover = strategy->hand_over();
  CHECK_FALSE(handover.exact);
  CHECK(handover.reported_until == 0);
  CHECK(strategy->memory_entries() == 0);
  REQUIRE(handover.totals.size() == 2);
  std::map<KeyId, double> totals;
  for (const OpenTotal& total : handover.totals) {
    CHECK(total.start == 0);
    CHECK(total.end == 60);
    totals[total.key] = total.count;
  }
  CHECK(totals[1] == 1);
  CHECK(std::log2(totals[0] + 1) == std::round(std::log2(totals[0] + 1)));  // 2^c - 1

  // Another Morris counter of the same shape (a resume) keeps the counters exactly.
  auto next = make_morris(60, 8, 2.0, 99);
  next->take_over(handover);
  next->close_all(sink);
  REQUIRE(sink.windows.size() == 1);
  CHECK(sink.windows[0].counts ==
        std::map<KeyId, std::uint64_t>{{0, std::llround(totals[0])}, {1, 1}});
}

TEST_CASE("Swapping fixed to Morris keeps the totals of the open window unbiased", "[morris]") {
  const int seeds = 400;
  const Seconds swap_at = 150;
  std::map<KeyId, double> sums;
  std::map<KeyId, double> sum_squares;
  for (int seed = 1; seed <= seeds; ++seed) {
    RecordingSink sink;
    HitCounter counter(make_fixed_window(60), 0, sink);
    counter.schedule_swap(swap_at, make_morris(60, 8, 2.0, static_cast<std::uint64_t>(seed)));
    for (Seconds t = 0; t < 240; ++t) {
      if (t < swap_at) {
        for (int i = 0; i < 10; ++i) counter.record(t, 0);  // only before the swap
      }
      for (int i = 0; i < 2; ++i) counter.record(t, 1);
    }
    counter.finish();
    CHECK(counter.swaps_done() == 1);
    REQUIRE(sink.windows.size() == 4);
    for (int w = 0; w < 2; ++w) {  // reported before the swap, by fixed
      CHECK(sink.windows[w] == Closed{w * 60, w * 60 + 60, {{0, 600}, {1, 120}}, true, 0.0});
    }
    const Closed& open = sink.windows[2];  // open at the swap: [120, 180)
    CHECK(open.start == 120);
    CHECK_FALSE(open.exact);
    CHECK(open.relative_std_error == Approx(rse_of(2.0)));
    CHECK_FALSE(sink.windows[3].exact);
    for (KeyId key : {0u, 1u}) {
      const auto estimate = static_cast<double>(open.counts.at(key));
      sums[key] += estimate;
      sum_squares[key] += estimate * estimate;
    }
  }
  // Key 0: 300 exact hits became one counter. Key 1: 60 exact hits, then 60 Morris increments.
  for (const auto& [key, n] : {std::pair{0u, 300.0}, std::pair{1u, 120.0}}) {
    const double mean = sums[key] / seeds;
    const double spread = std::sqrt(sum_squares[key] / seeds - mean * mean);
    INFO("key " << key << " mean " << mean << " spread " << spread);
    CHECK(spread > 0);
    CHECK(std::abs(mean - n) < 4 * spread / std::sqrt(seeds));
  }
}

TEST_CASE("Swapping Morris to fixed keeps the estimates and counts exactly after", "[morris]") {
  const Seconds swap_at = 150;
  const auto record_before_swap = [&](auto&& record) {
    for (Seconds t = 0; t < swap_at; ++t) {
      for (int i = 0; i < 5; ++i) record(t, KeyId{0});
      record(t, KeyId{1});
    }
  };
  // The same seed and hits give the same counters: this is what the swap will hand over.
  auto reference = make_morris(60, 8, 2.0, 42);
  record_before_swap([&](Seconds t, KeyId key) { reference->record(t, key); });
  RecordingSink reference_sink;
  reference->close_until(120, reference_sink);
  std::map<KeyId, std::uint64_t> carried;
  for (const OpenTotal& total : reference->hand_over().totals) {
    carried[total.key] = static_cast<std::uint64_t>(std::llround(total.count));
  }

  RecordingSink sink;
  HitCounter counter(make_morris(60, 8, 2.0, 42), 0, sink);
  counter.schedule_swap(swap_at, make_fixed_window(60));
  record_before_swap([&](Seconds t, KeyId key) { counter.record(t, key); });
  for (Seconds t = swap_at; t < 240; ++t) counter.record(t, 1);
  counter.finish();

  REQUIRE(sink.windows.size() == 4);
  REQUIRE(reference_sink.windows.size() == 2);
  CHECK(sink.windows[0] == reference_sink.windows[0]);  // reported by Morris
  CHECK(sink.windows[1] == reference_sink.windows[1]);
  // Open at the swap: the estimates are the base, later hits are exact, the sum is not, and
  // the report carries the estimates' relative standard error.
  CHECK(sink.windows[2] ==
        Closed{120, 180, {{0, carried[0]}, {1, carried[1] + 30}}, false, rse_of(2.0)});
  CHECK(sink.windows[3] == Closed{180, 240, {{1, 60}}, true, 0.0});
}

TEST_CASE("Restoring a Morris snapshot replays the same counts and random draws", "[morris]") {
  RecordingSink plain_sink;
  HitCounter plain(make_morris(60, 8, 2.0, 5), 30, plain_sink);
  feed(plain, 0, 200);
  const std::size_t plain_mark = plain_sink.windows.size();
  feed(plain, 200, 400);
  plain.finish();

  RecordingSink sink;
  HitCounter counter(make_morris(60, 8, 2.0, 5), 30, sink);
  feed(counter, 0, 200);
  const CounterSnapshot snapshot = counter.snapshot();
  feed(counter, 200, 300);  // draws from the random source and closes windows
  counter.restore(snapshot);
  const std::size_t mark = sink.windows.size();
  feed(counter, 200, 400);
  counter.finish();

  CHECK(windows_from(sink, mark) == windows_from(plain_sink, plain_mark));
  CHECK(counter.hits() == plain.hits());

  // Without the restore the extra hits would show: the comparison above can fail.
  RecordingSink mutated_sink;
  HitCounter mutated(make_morris(60, 8, 2.0, 5), 30, mutated_sink);
  feed(mutated, 0, 200);
  for (int i = 0; i < 50; ++i) mutated.record(199, 0);
  feed(mutated, 200, 400);
  mutated.finish();
  CHECK(windows_from(mutated_sink, plain_mark) != windows_from(plain_sink, plain_mark));
}
