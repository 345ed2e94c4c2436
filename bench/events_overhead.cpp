// hitlog_events_bench: what the events mechanism costs the hot path when nobody listens.
// Records the same hits through a HitCounter with no hub, with a hub nobody subscribed to, and
// with an observer of windows only (the --events case), and prints hits/s for each.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "hitlog/hit_counter.h"

namespace {

struct NullSink final : hitlog::WindowSink {
  std::uint64_t rows = 0;
  void window_closed(const hitlog::ClosedWindow& window) override { rows += window.counts.size(); }
};

struct WindowObserver final : hitlog::RunObserver {
  std::uint64_t windows = 0;
  void window_closed(const hitlog::ClosedWindow&) override { ++windows; }
};

struct Hit {
  hitlog::Seconds time;
  hitlog::KeyId key;
};

// One run, in hits per second.
double hits_per_second(const std::vector<Hit>& hits, hitlog::EventHub* hub) {
  NullSink sink;
  hitlog::HitCounter counter(hitlog::make_fixed_window(60), 60, sink, hub);
  const auto start = std::chrono::steady_clock::now();
  for (const Hit& hit : hits) counter.record(hit.time, hit.key);
  counter.finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(hits.size()) / seconds;
}

}  // namespace

int main() {
  // 20 M hits at 1000/s over 2000 keys, a little out of order, like the benchmark log.
  std::mt19937_64 random(42);
  std::vector<Hit> hits(20'000'000);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const auto jitter = static_cast<hitlog::Seconds>(random() % 8);
    hits[i] = {static_cast<hitlog::Seconds>(i / 1000) - jitter,
               static_cast<hitlog::KeyId>(random() % 2000)};
  }
  hitlog::EventHub empty;
  hitlog::EventHub listened;
  WindowObserver observer;
  listened.subscribe(observer);

  // Rounds that alternate the cases; each case's best round gives its throughput, and the
  // median of the rounds' ratios its cost: drift in the machine's speed hits all cases alike,
  // and one slow round cannot decide the figure.
  constexpr int kRounds = 15;
  double none = 0, unsubscribed = 0, windows_only = 0;
  std::vector<double> unsubscribed_ratio, windows_ratio;
  for (int round = 0; round < kRounds; ++round) {
    const double n = hits_per_second(hits, nullptr);
    const double u = hits_per_second(hits, &empty);
    const double w = hits_per_second(hits, &listened);
    none = std::max(none, n);
    unsubscribed = std::max(unsubscribed, u);
    windows_only = std::max(windows_only, w);
    unsubscribed_ratio.push_back(u / n);
    windows_ratio.push_back(w / n);
  }
  const auto median = [](std::vector<double> values) {
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    return values[values.size() / 2];
  };
  std::printf("%-40s %14s %9s\n", "HitCounter::record", "hits/s", "vs none");
  std::printf("%-40s %14.0f %8.1f%%\n", "no event hub", none, 100.0);
  std::printf("%-40s %14.0f %8.1f%%\n", "hub, nobody subscribed", unsubscribed,
              100.0 * median(unsubscribed_ratio));
  std::printf("%-40s %14.0f %8.1f%%\n", "hub, window observer (--events)", windows_only,
              100.0 * median(windows_ratio));
  return 0;
}
