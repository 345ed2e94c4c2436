#include "hitlog/count_run.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "hitlog/hit_counter.h"
#include "input_scan.h"
#include "report_emitter.h"

namespace hitlog {
namespace {

class CounterConsumer final : public HitConsumer {
 public:
  explicit CounterConsumer(HitCounter& counter) : counter_(counter) {}
  void consume(Seconds time, KeyId key) override { counter_.record(time, key); }

 private:
  HitCounter& counter_;
};

std::unique_ptr<CountingStrategy> build_strategy(const StrategySpec& spec) {
  std::string error;
  return make_strategy(spec, error);  // checked by prepare_input: never null here
}

}  // namespace

Metrics metrics_of(const RunStats& stats) {
  Metrics metrics;
  metrics.total_hits = stats.hits;
  metrics.endpoints_count = stats.endpoints;
  metrics.pruned_events = stats.pruned;
  metrics.strategy = stats.strategy;
  metrics.swaps = stats.swaps;
  metrics.memory_entries = stats.memory_entries;
  metrics.memory_bytes = stats.memory_bytes;
  metrics.lines = stats.lines;
  metrics.bad_lines = stats.bad_lines;
  metrics.late_hits = stats.late_hits;
  metrics.bytes_read = stats.bytes;
  metrics.windows_emitted = stats.windows;
  metrics.elapsed_seconds = stats.elapsed_seconds;
  return metrics;
}

CountRun::CountRun(const CountConfig& config, std::unique_ptr<LineParser> parser,
                   std::unique_ptr<HitFilter> filter)
    : config_(config), parser_(std::move(parser)), filter_(std::move(filter)) {
  // Swaps in time order, so that the i-th swap done is config_.swaps[i].
  std::stable_sort(config_.swaps.begin(), config_.swaps.end(),
                   [](const ScheduledSwap& a, const ScheduledSwap& b) { return a.at < b.at; });
}

CountRun::~CountRun() = default;

std::unique_ptr<CountRun> CountRun::create(const CountConfig& config, std::string& error) {
  InputStages stages;
  if (!prepare_input(config, stages, error)) return nullptr;
  return std::unique_ptr<CountRun>(
      new CountRun(config, std::move(stages.parser), std::move(stages.filter)));
}

RunResult CountRun::run(ReportWriter& report, EventHub* events) {
  const auto started = std::chrono::steady_clock::now();
  RunResult result;
  KeyTable keys(config_.group_by);
  ReportEmitter emitter(keys, report);
  HitCounter counter(build_strategy(config_.strategy), config_.max_delay, emitter, events);
  RunStats& stats = result.stats;
  stats.strategy = config_.strategy.name;
  for (const ScheduledSwap& swap : config_.swaps) {
    counter.schedule_swap(swap.at, build_strategy(swap.strategy));
  }

  CounterConsumer consumer(counter);
  scan_inputs(config_, *parser_, *filter_, keys, consumer, events, result);

  counter.finish();
  report.finish();
  stats.hits = counter.hits();
  stats.late_hits = counter.late_hits();
  stats.endpoints = keys.size();
  stats.windows = emitter.windows();
  stats.rows = emitter.rows();
  stats.pruned = counter.pruned();
  stats.memory_entries = counter.peak_memory_entries();
  stats.memory_bytes = counter.peak_memory_bytes();
  stats.swaps = counter.swaps_done();
  for (std::size_t i = 0; i < counter.swaps_done(); ++i) {
    stats.strategy += ">" + config_.swaps[i].strategy.name;
  }
  stats.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace hitlog
