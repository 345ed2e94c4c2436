#include "hitlog/count_run.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "checkpointer.h"
#include "hitlog/hit_counter.h"
#include "input_ledger.h"
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

std::string join(const std::vector<std::string>& values) {
  std::string joined;
  for (const std::string& value : values) joined += (joined.empty() ? "" : ",") + value;
  return joined;
}

std::string optional_time(const std::optional<Seconds>& t) { return t ? format_utc(*t) : ""; }

// Whether two specs count the same way: parameters a strategy does not use do not matter.
bool same_strategy(const StrategySpec& a, const StrategySpec& b) {
  if (a.name != b.name || a.window != b.window) return false;
  if (a.name == "sliding") return (a.step == 0 ? a.window : a.step) == (b.step == 0 ? b.window : b.step);
  if (a.name == "morris") {
    return a.morris_bits == b.morris_bits && a.morris_base == b.morris_base && a.seed == b.seed;
  }
  return true;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> checkpoint_config(
    const CountConfig& config, const std::string& report_format) {
  const GroupBy& group = config.group_by;
  const FilterSpec& filters = config.filters;
  return {
      {"--format", config.format},
      {"--window", std::to_string(config.strategy.window) + "s"},
      {"--max-delay", std::to_string(config.max_delay) + "s"},
      {"--group-by", std::string(group.method ? "method" : "") +
                         (group.method && group.status ? "," : "") +
                         (group.status ? "status" : "")},
      {"--since", optional_time(filters.since)},
      {"--until", optional_time(filters.until)},
      {"--status", join(filters.statuses)},
      {"--method", join(filters.methods)},
      {"--path", filters.path_regex},
      {"--report", report_format},
  };
}

std::string config_difference(const Checkpoint& checkpoint, const CountConfig& config,
                              const std::string& report_format) {
  const auto wanted = checkpoint_config(config, report_format);
  for (const auto& [option, value] : wanted) {
    std::string saved = "(not recorded)";
    for (const auto& [saved_option, saved_value] : checkpoint.config) {
      if (saved_option == option) saved = saved_value;
    }
    if (saved != value) {
      const auto shown = [](const std::string& v) { return v.empty() ? "(none)" : "'" + v + "'"; };
      return "the checkpoint was made with " + option + " " + shown(saved) + ", this run has " +
             shown(value) + ": the counts would not add up (run with the same options, or " +
             "--force-config to start anew)";
    }
  }
  return "";
}

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

RunResult CountRun::run(ReportWriter& report, EventHub* events, const CheckpointPlan* plan) {
  const auto started = std::chrono::steady_clock::now();
  RunResult result;
  RunStats& stats = result.stats;
  KeyTable keys(config_.group_by);
  ReportEmitter emitter(keys, report);
  const Checkpoint* resume = plan != nullptr && plan->resume ? &*plan->resume : nullptr;

  // The strategy counting at the start: the checkpoint's, when resuming.
  StrategySpec current = resume != nullptr ? resume->strategy : config_.strategy;
  HitCounter counter(build_strategy(current), config_.max_delay, emitter, events);
  std::string chain = resume != nullptr ? resume->strategy_chain : current.name;
  std::uint64_t swaps_before = resume != nullptr ? resume->swaps : 0;
  if (resume != nullptr) {
    for (const Checkpoint::Key& key : resume->keys) {
      keys.intern(KeyParts{key.endpoint, key.method, key.status});
    }
    StateReader in(resume->counter_state);
    in.set_key_limit(keys.size());
    counter.load(in);
    if (in.ok() && !in.at_end()) in.fail("unexpected bytes after the counter's state");
    if (!in.ok() || keys.size() != resume->keys.size()) {
      result.status = RunStatus::checkpoint_error;
      result.message = "checkpoint '" + plan->path + "' holds an invalid " + current.name +
                       " state: " + (in.ok() ? "repeated keys" : in.error());
      return result;
    }
  }
  // Swaps already passed (at or before the newest hit counted) are done; the options say
  // which strategy counts now, and resuming with another one swaps to it.
  std::size_t first_pending = 0;
  if (resume != nullptr) {
    StrategySpec wanted = config_.strategy;
    while (first_pending < config_.swaps.size() &&
           config_.swaps[first_pending].at <= counter.max_time()) {
      wanted = config_.swaps[first_pending++].strategy;
    }
    if (!same_strategy(wanted, current)) {
      counter.swap_to(build_strategy(wanted));
      current = wanted;
      chain += ">" + wanted.name;
      ++swaps_before;
    }
  }
  CheckpointHeader header{{}, current, chain, swaps_before, {}, {}};
  for (std::size_t i = first_pending; i < config_.swaps.size(); ++i) {
    counter.schedule_swap(config_.swaps[i].at, build_strategy(config_.swaps[i].strategy));
    header.scheduled.push_back(config_.swaps[i].strategy);
  }
  const std::uint64_t hits_before = counter.hits();
  const std::uint64_t late_before = counter.late_hits();
  const std::uint64_t pruned_before = counter.pruned();

  std::optional<InputLedger> ledger;
  std::optional<Checkpointer> checkpointer;
  if (plan != nullptr) {
    ledger.emplace(resume != nullptr ? resume->inputs : std::vector<InputMark>{});
    header.config = checkpoint_config(config_, plan->report_format);
    if (resume != nullptr) header.totals = resume->totals;
    checkpointer.emplace(*plan, header, counter, keys, *ledger, stats, emitter);
  }

  CounterConsumer consumer(counter);
  const bool read_all = scan_inputs(config_, *parser_, *filter_, keys, consumer, events, result,
                                    checkpointer ? &*checkpointer : nullptr,
                                    plan != nullptr && plan->final);

  if (plan == nullptr || plan->final) counter.finish();
  report.finish();
  if (checkpointer) {
    if (checkpointer->interrupted() && result.status == RunStatus::ok) {
      result.status = RunStatus::interrupted;
      result.message = "interrupted: the checkpoint holds every line counted so far";
    }
    if (!checkpointer->error().empty() || !checkpointer->save(read_all, true) ||
        !checkpointer->finish_saving()) {
      result.status = RunStatus::checkpoint_error;
      result.message = checkpointer->error();
    }
  }
  stats.hits = counter.hits() - hits_before;
  stats.late_hits = counter.late_hits() - late_before;
  stats.endpoints = keys.size();
  stats.windows = emitter.windows();
  stats.rows = emitter.rows();
  stats.pruned = counter.pruned() - pruned_before;
  stats.memory_entries = counter.peak_memory_entries();
  stats.memory_bytes = counter.peak_memory_bytes();
  stats.swaps = swaps_before + counter.swaps_done();
  stats.strategy = header.chain_after(counter.swaps_done());
  stats.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace hitlog
