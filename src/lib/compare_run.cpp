#include "hitlog/compare_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <unordered_map>

#include "hitlog/hit_counter.h"
#include "input_scan.h"

namespace hitlog {
namespace {

constexpr std::size_t kBatchHits = 1 << 16;

std::unique_ptr<CountingStrategy> build(const StrategySpec& spec) {
  std::string error;
  return make_strategy(spec, error);  // checked by CompareRun::create: never null here
}

std::string label(const StrategySpec& spec) {
  char text[96];
  if (spec.name == "sliding") {
    std::snprintf(text, sizeof text, "sliding step=%llds",
                  static_cast<long long>(spec.step == 0 ? spec.window : spec.step));
  } else if (spec.name == "morris") {
    std::snprintf(text, sizeof text, "morris base=%g bits=%d", spec.morris_base,
                  spec.morris_bits);
  } else {
    return spec.name;
  }
  return text;
}

// Relative errors in bins of 1e-4 up to 10 (larger ones share the last bin): percentiles to
// 1e-4 in constant memory, however many cells a long log has.
class ErrorHistogram {
 public:
  void add(double error) {
    const auto bin = static_cast<std::size_t>(std::min(error, kTop) / kResolution);
    ++bins_[std::min(bin, bins_.size() - 1)];
    ++count_;
    sum_ += error;
    sum_squares_ += error * error;
    max_ = std::max(max_, error);
  }
  std::uint64_t count() const { return count_; }
  double mean() const { return count_ == 0 ? 0 : sum_ / static_cast<double>(count_); }
  double rms() const {
    return count_ == 0 ? 0 : std::sqrt(sum_squares_ / static_cast<double>(count_));
  }
  double max() const { return max_; }
  double percentile(double q) const {
    if (count_ == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (std::size_t bin = 0; bin < bins_.size(); ++bin) {
      seen += bins_[bin];
      if (seen >= std::max<std::uint64_t>(rank, 1)) {
        return std::min(static_cast<double>(bin) * kResolution, max_);
      }
    }
    return max_;
  }

 private:
  static constexpr double kResolution = 1e-4;
  static constexpr double kTop = 10.0;
  std::vector<std::uint64_t> bins_ = std::vector<std::uint64_t>(100001, 0);
  std::uint64_t count_ = 0;
  double sum_ = 0;
  double sum_squares_ = 0;
  double max_ = 0;
};

// Holds the exact counts of windows a reference counter closed until the compared strategy
// closes the same window: both see the same hits and watermarks, so they close in step.
class ReferenceSink final : public WindowSink {
 public:
  void window_closed(const ClosedWindow& window) override {
    if (window.counts.empty()) return;
    auto& counts = pending_[{window.start, window.end}];
    for (const KeyCount& cell : window.counts) counts[cell.key] = cell.count;
  }

  // The exact counts of [start, end), removed; empty when it had no hits.
  std::unordered_map<KeyId, std::uint64_t> take(Seconds start, Seconds end) {
    auto it = pending_.find({start, end});
    if (it == pending_.end()) return {};
    auto counts = std::move(it->second);
    pending_.erase(it);
    return counts;
  }

 private:
  std::map<std::pair<Seconds, Seconds>, std::unordered_map<KeyId, std::uint64_t>> pending_;
};

// Scores each window of the compared strategy against the reference's.
class ScoringSink final : public WindowSink {
 public:
  ScoringSink(ReferenceSink& reference, ErrorHistogram& errors, StrategyScore& score)
      : reference_(reference), errors_(errors), score_(score) {}

  void window_closed(const ClosedWindow& window) override {
    score_.exact = score_.exact && window.exact;
    score_.theoretical_rse = std::max(score_.theoretical_rse, window.relative_std_error);
    auto exact = reference_.take(window.start, window.end);
    for (const KeyCount& cell : window.counts) {
      const auto it = exact.find(cell.key);
      const double truth = it == exact.end() ? 0.0 : static_cast<double>(it->second);
      // A count where there was no hit has no relative error; call it 100% wrong.
      errors_.add(truth == 0 ? 1.0
                             : std::abs(static_cast<double>(cell.count) - truth) / truth);
      if (it != exact.end()) exact.erase(it);
    }
    for (std::size_t missed = 0; missed < exact.size(); ++missed) errors_.add(1.0);
  }

 private:
  ReferenceSink& reference_;
  ErrorHistogram& errors_;
  StrategyScore& score_;
};

// One compared strategy and the exact counter of the same windows beside it.
struct Lane {
  Lane(const StrategySpec& spec, Seconds max_delay)
      : reference_spec(exact_twin(spec)),
        reference(build(reference_spec), max_delay, reference_sink),
        scoring(reference_sink, errors, score),
        counter(build(spec), max_delay, scoring) {
    score.strategy = label(spec);
  }

  static StrategySpec exact_twin(const StrategySpec& spec) {
    StrategySpec twin = spec;
    const bool sliding = spec.name == "sliding" && spec.step != 0 && spec.step != spec.window;
    twin.name = sliding ? "sliding" : "fixed";
    return twin;
  }

  StrategyScore score;
  ErrorHistogram errors;
  StrategySpec reference_spec;
  ReferenceSink reference_sink;
  HitCounter reference;
  ScoringSink scoring;
  HitCounter counter;
};

// The largest count of one key in one window, with where it was.
class PeakSink final : public WindowSink {
 public:
  void window_closed(const ClosedWindow& window) override {
    for (const KeyCount& cell : window.counts) {
      if (cell.count > peak_) {
        peak_ = cell.count;
        key_ = cell.key;
        start_ = window.start;
      }
    }
  }
  std::uint64_t peak() const { return peak_; }
  KeyId key() const { return key_; }
  Seconds start() const { return start_; }

 private:
  std::uint64_t peak_ = 0;
  KeyId key_ = 0;
  Seconds start_ = 0;
};

// Buffers hits and feeds each counter a batch at a time, so each strategy's time is measured
// around whole batches, not around every hit.
class BatchFeeder final : public HitConsumer {
 public:
  BatchFeeder(std::vector<std::unique_ptr<Lane>>& lanes, HitCounter& fixed_peaks,
              HitCounter& sliding_peaks)
      : lanes_(lanes), fixed_peaks_(fixed_peaks), sliding_peaks_(sliding_peaks) {
    batch_.reserve(kBatchHits);
  }

  void consume(Seconds time, KeyId key) override {
    batch_.push_back({time, key});
    if (batch_.size() == kBatchHits) flush();
  }

  void flush() {
    for (auto& lane : lanes_) {
      for (const auto& [time, key] : batch_) lane->reference.record(time, key);
      const auto started = std::chrono::steady_clock::now();
      for (const auto& [time, key] : batch_) lane->counter.record(time, key);
      lane->score.seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
    for (const auto& [time, key] : batch_) {
      fixed_peaks_.record(time, key);
      sliding_peaks_.record(time, key);
    }
    batch_.clear();
  }

 private:
  std::vector<std::unique_ptr<Lane>>& lanes_;
  HitCounter& fixed_peaks_;
  HitCounter& sliding_peaks_;
  std::vector<std::pair<Seconds, KeyId>> batch_;
};

}  // namespace

CompareRun::CompareRun(const CountConfig& config, const std::vector<StrategySpec>& strategies,
                       std::unique_ptr<LineParser> parser, std::unique_ptr<HitFilter> filter)
    : config_(config),
      strategies_(strategies),
      parser_(std::move(parser)),
      filter_(std::move(filter)) {}

CompareRun::~CompareRun() = default;

std::unique_ptr<CompareRun> CompareRun::create(const CountConfig& config,
                                               const std::vector<StrategySpec>& strategies,
                                               std::string& error) {
  if (strategies.empty()) {
    error = "no strategy to compare";
    return nullptr;
  }
  InputStages stages;
  if (!prepare_input(config, stages, error)) return nullptr;
  for (const StrategySpec& spec : strategies) {
    if (!make_strategy(spec, error)) return nullptr;
  }
  return std::unique_ptr<CompareRun>(new CompareRun(config, strategies, std::move(stages.parser),
                                                    std::move(stages.filter)));
}

CompareResult CompareRun::run() {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<Lane>> lanes;
  for (const StrategySpec& spec : strategies_) {
    lanes.push_back(std::make_unique<Lane>(spec, config_.max_delay));
  }
  PeakSink fixed_sink;
  PeakSink sliding_sink;
  StrategySpec fixed_spec = config_.strategy;
  fixed_spec.name = "fixed";
  StrategySpec sliding_spec = fixed_spec;
  sliding_spec.name = "sliding";
  sliding_spec.step = 1;  // every horizon a whole second apart: any burst is seen
  HitCounter fixed_peaks(build(fixed_spec), config_.max_delay, fixed_sink);
  HitCounter sliding_peaks(build(sliding_spec), config_.max_delay, sliding_sink);

  CompareResult result;
  RunResult input;
  KeyTable keys(config_.group_by);
  BatchFeeder feeder(lanes, fixed_peaks, sliding_peaks);
  scan_inputs(config_, *parser_, *filter_, keys, feeder, nullptr, input);
  feeder.flush();

  for (auto& lane : lanes) {
    lane->reference.finish();
    const auto finishing = std::chrono::steady_clock::now();
    lane->counter.finish();
    lane->score.seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - finishing).count();
    StrategyScore& score = lane->score;
    score.cells = lane->errors.count();
    score.mean_error = lane->errors.mean();
    score.rms_error = lane->errors.rms();
    score.p50_error = lane->errors.percentile(0.50);
    score.p95_error = lane->errors.percentile(0.95);
    score.max_error = lane->errors.max();
    score.memory_entries = lane->counter.peak_memory_entries();
    score.memory_bytes = lane->counter.peak_memory_bytes();
    result.scores.push_back(score);
  }
  fixed_peaks.finish();
  sliding_peaks.finish();
  if (fixed_sink.peak() > 0) {
    result.peaks = {fixed_sink.peak(), std::string(keys.parts(fixed_sink.key()).endpoint),
                    fixed_sink.start(), sliding_sink.peak(),
                    std::string(keys.parts(sliding_sink.key()).endpoint), sliding_sink.start()};
  }

  result.status = input.status;
  result.message = input.message;
  result.stats = input.stats;
  result.stats.hits = fixed_peaks.hits();
  result.stats.late_hits = fixed_peaks.late_hits();
  result.stats.endpoints = keys.size();
  result.stats.windows = fixed_peaks.windows();
  result.stats.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace hitlog
