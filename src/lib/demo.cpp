#include "hitlog/demo.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string_view>

#include "hitlog/byte_source.h"
#include "hitlog/count_run.h"
#include "hitlog/events.h"
#include "hitlog/hit_counter.h"
#include "hitlog/key_table.h"
#include "hitlog/line_parser.h"
#include "hitlog/line_reader.h"
#include "hitlog/report_writer.h"

namespace hitlog::demo {
namespace {

constexpr Seconds kMinute = 60;
constexpr Seconds kSlidingStep = 10;
constexpr std::uint64_t kMutationHits = 500;
constexpr std::string_view kMutationEndpoint = "/demo/mutation";

std::string sample(const std::string& dir, const std::string& name) { return dir + "/" + name; }

// "10:03:00" of "2026-12-01T10:03:00Z": every sample log lies within one day.
std::string clock_time(Seconds t) { return format_utc(t).substr(11, 8); }

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", fraction * 100);
  return text;
}

void heading(std::ostream& out, int number, std::string_view title) {
  const std::string text =
      "Scenario " + std::to_string(number) + "/" + std::to_string(kScenarioCount) + ": ";
  out << text << title << "\n" << std::string(text.size() + title.size(), '=') << "\n";
}

// Keeps every reported window with its rows, so a scenario can look at them after the run.
class CaptureReport final : public ReportWriter {
 public:
  explicit CaptureReport(std::vector<Window>& windows) : windows_(windows) {}

  void write_window(Seconds start, Seconds end, std::span<const ReportRow> rows) override {
    Window window{start, end, {}};
    for (const ReportRow& row : rows) {
      window.rows.push_back({std::string(row.endpoint), row.count, row.exact});
    }
    windows_.push_back(std::move(window));
  }
  void finish() override {}

 private:
  std::vector<Window>& windows_;
};

// The same for a HitCounter driven by hand: its windows carry key ids, not endpoints.
class CaptureSink final : public WindowSink {
 public:
  CaptureSink(const KeyTable& keys, std::vector<Window>& windows)
      : keys_(keys), windows_(windows) {}

  void window_closed(const ClosedWindow& closed) override {
    if (closed.counts.empty()) return;
    Window window{closed.start, closed.end, {}};
    for (const KeyCount& cell : closed.counts) {
      window.rows.push_back(
          {std::string(keys_.parts(cell.key).endpoint), cell.count, closed.exact});
    }
    std::sort(window.rows.begin(), window.rows.end(),
              [](const Row& a, const Row& b) { return a.endpoint < b.endpoint; });
    windows_.push_back(std::move(window));
  }

 private:
  const KeyTable& keys_;
  std::vector<Window>& windows_;
};

CountConfig config_for(const std::string& path, const StrategySpec& strategy) {
  CountConfig config;
  config.inputs = {path};
  config.strategy = strategy;
  return config;
}

StrategySpec fixed_spec() {
  StrategySpec spec;
  spec.name = "fixed";
  spec.window = kMinute;
  return spec;
}

StrategySpec sliding_spec() {
  StrategySpec spec;
  spec.name = "sliding";
  spec.window = kMinute;
  spec.step = kSlidingStep;
  return spec;
}

// Runs config to the end, capturing its windows. Throws InputError when an input cannot be
// read: a demo over part of a sample would show wrong figures.
RunStats count_into(const CountConfig& config, std::vector<Window>& windows,
                    EventHub* events = nullptr) {
  std::string error;
  std::unique_ptr<CountRun> run = CountRun::create(config, error);
  if (!run) throw InputError(error);
  CaptureReport report(windows);
  RunResult result = run->run(report, events);
  if (result.status != RunStatus::ok) throw InputError(result.message);
  return std::move(result.stats);
}

// Busiest first; ties in endpoint order, so the demo prints the same on every run.
std::vector<Row> busiest_rows(const Window& window, std::size_t count) {
  std::vector<Row> rows = window.rows;
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.count != b.count ? a.count > b.count : a.endpoint < b.endpoint;
  });
  rows.resize(std::min(count, rows.size()));
  return rows;
}

const Window* find_window(const std::vector<Window>& windows, Seconds start) {
  const auto it = std::find_if(windows.begin(), windows.end(),
                               [start](const Window& w) { return w.start == start; });
  return it == windows.end() ? nullptr : &*it;
}

// The first and last timestamps of the hits counted.
class TimeSpan final : public RunObserver {
 public:
  bool wants_hits() const override { return true; }
  void hit_recorded(Seconds time, KeyId /*key*/) override {
    first_ = std::min(first_, time);
    last_ = std::max(last_, time);
  }
  Seconds first() const { return first_; }
  Seconds last() const { return last_; }

 private:
  Seconds first_ = std::numeric_limits<Seconds>::max();
  Seconds last_ = std::numeric_limits<Seconds>::min();
};

// What the strategies themselves say: the swap, and which windows closed with estimates.
class SwapWatcher final : public RunObserver {
 public:
  void strategy_swapped(std::string_view from, std::string_view to, Seconds at,
                        bool exact) override {
    description_ = "strategy_swapped " + std::string(from) + " -> " + std::string(to) + " at " +
                   clock_time(at) + (exact ? ", carrying exact totals" : ", carrying estimates");
  }
  void window_closed(const ClosedWindow& window) override {
    if (!window.exact) estimated_.push_back(window.start);
  }
  const std::string& description() const { return description_; }
  bool estimated(Seconds start) const {
    return std::find(estimated_.begin(), estimated_.end(), start) != estimated_.end();
  }

 private:
  std::string description_ = "no strategy_swapped event";
  std::vector<Seconds> estimated_;
};

class PruneWatcher final : public RunObserver {
 public:
  void pruned(std::uint64_t entries, Seconds /*watermark*/) override {
    ++events_;
    entries_ += entries;
  }
  std::uint64_t events() const { return events_; }
  std::uint64_t entries() const { return entries_; }

 private:
  std::uint64_t events_ = 0;
  std::uint64_t entries_ = 0;
};

class SnapshotWatcher final : public RunObserver {
 public:
  void snapshot_taken(Seconds /*watermark*/, std::uint64_t /*hits*/) override { ++taken_; }
  void snapshot_restored(Seconds /*watermark*/, std::uint64_t /*hits*/) override { ++restored_; }
  int taken() const { return taken_; }
  int restored() const { return restored_; }

 private:
  int taken_ = 0;
  int restored_ = 0;
};

// Every line of a sample file. The samples are small; holding them lets scenario 5 stop
// halfway and replay the rest without a second reader.
std::vector<std::string> read_lines(const std::string& path) {
  std::unique_ptr<ByteSource> source = open_source(path);
  LineReader reader(*source);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) lines.emplace_back(line);
  return lines;
}

// Parses and counts lines [begin, end); returns the largest timestamp counted so far.
Seconds feed(const std::vector<std::string>& lines, std::size_t begin, std::size_t end,
             LineParser& parser, KeyTable& keys, HitCounter& counter, Seconds latest) {
  Hit hit;
  for (std::size_t i = begin; i < end; ++i) {
    if (parser.parse(lines[i], hit) != LineError::none) continue;
    counter.record(hit.time, keys.intern(hit));
    latest = std::max(latest, hit.time);
  }
  return latest;
}

std::uint64_t total_of(const std::vector<Window>& windows) {
  std::uint64_t total = 0;
  for (const Window& window : windows) total += window.total();
  return total;
}

}  // namespace

std::uint64_t Window::total() const {
  std::uint64_t total = 0;
  for (const Row& row : rows) total += row.count;
  return total;
}

FixedWindowsResult fixed_windows(const std::string& sample_dir, std::ostream& out) {
  heading(out, 1, "Basic fixed window counting");
  out << "Every hit of access.log goes into the one-minute window that holds its timestamp,\n"
         "one exact counter per (window, endpoint). A window is reported once the newest\n"
         "timestamp is a minute (the allowed lateness) past its end, so lines that nginx logs\n"
         "a few seconds out of order still land in the right window. This is what a\n"
         "dashboard of requests per minute per endpoint is built from.\n\n";
  FixedWindowsResult result;
  const RunStats stats =
      count_into(config_for(sample(sample_dir, "access.log"), fixed_spec()), result.windows);
  result.lines = stats.lines;
  result.hits = stats.hits;
  result.late_hits = stats.late_hits;
  result.endpoints = stats.endpoints;
  for (const Window& window : result.windows) {
    if (window.total() > result.busiest.total()) result.busiest = window;
  }
  result.top = busiest_rows(result.busiest, 3);

  out << "  " << result.lines << " lines -> " << result.hits << " hits in " << result.windows.size()
      << " one-minute windows, " << result.endpoints << " distinct endpoints, " << result.late_hits
      << " late hits\n";
  out << "  busiest window " << clock_time(result.busiest.start) << " - "
      << clock_time(result.busiest.end) << " UTC: " << result.busiest.total() << " hits over "
      << result.busiest.rows.size() << " endpoints; top " << result.top.size() << ":\n";
  for (const Row& row : result.top) {
    char line[64];
    std::snprintf(line, sizeof line, "    %6llu  ", static_cast<unsigned long long>(row.count));
    out << line << row.endpoint << "\n";
  }
  out << "\n";
  return result;
}

SlidingPrecisionResult sliding_precision(const std::string& sample_dir, std::ostream& out) {
  heading(out, 2, "Sliding window precision vs fixed");
  out << "Fixed windows start on the minute, so a burst from 10:02:40 to 10:03:20 is split\n"
         "between two windows and neither shows all of it: a rate limit or an alert set from\n"
         "fixed-window counts fires late or never. The exact sliding window reports the last\n"
         "minute every "
      << kSlidingStep
      << " s, and hitlog compare slides a one-minute horizon a second at a\n"
         "time to find the busiest minute of one endpoint wherever it falls.\n\n";
  SlidingPrecisionResult result;
  result.window = kMinute;
  const CountConfig config = config_for(sample(sample_dir, "access.log"), fixed_spec());
  std::string error;
  std::unique_ptr<CompareRun> compare =
      CompareRun::create(config, {fixed_spec(), sliding_spec()}, error);
  if (!compare) throw InputError(error);
  CompareResult compared = compare->run();
  if (compared.status != RunStatus::ok) throw InputError(compared.message);
  result.peaks = compared.peaks;
  result.scores = compared.scores;

  const PeakComparison& p = result.peaks;
  out << "  busiest endpoint in one fixed window:    " << p.fixed_count << " hits on "
      << p.fixed_endpoint << ", " << clock_time(p.fixed_start) << " - "
      << clock_time(p.fixed_start + kMinute) << "\n";
  out << "  busiest endpoint in any sliding minute:  " << p.sliding_count << " hits on "
      << p.sliding_endpoint << ", " << clock_time(p.sliding_start) << " - "
      << clock_time(p.sliding_start + kMinute) << "\n";
  if (p.sliding_count > p.fixed_count && p.fixed_count > 0) {
    const double more =
        static_cast<double>(p.sliding_count - p.fixed_count) / static_cast<double>(p.fixed_count);
    out << "  the busiest minute holds " << percent(more)
        << " more hits than any fixed window shows: it straddles a boundary.\n";
  } else {
    out << "  here the busiest minute happens to fit inside one fixed window.\n";
  }
  for (const StrategyScore& score : result.scores) {
    out << "  " << score.strategy << ": at most " << score.memory_entries << " entries, "
        << score.memory_bytes << " bytes held\n";
  }
  out << "  The price of precision: the sliding window keeps, for each endpoint, its hits\n"
         "  in every 10 s of its horizon instead of one counter per window.\n\n";
  return result;
}

MorrisSwapResult morris_swap(const std::string& sample_dir, std::ostream& out) {
  heading(out, 3, "Strategy swap to Morris");
  out << "Halfway through access.log the run swaps its exact counters for Morris counters\n"
         "(one byte per cell instead of eight), as an operator would when memory runs short.\n"
         "The open windows' totals carry over, so no hit is lost; windows reported before\n"
         "the swap stay exact, and every row after it is an estimate and marked as such:\n"
         "an approximate count never becomes exact again.\n\n";
  MorrisSwapResult result;
  const std::string path = sample(sample_dir, "access.log");

  EventHub span_events;
  TimeSpan span;
  span_events.subscribe(span);
  count_into(config_for(path, fixed_spec()), result.reference, &span_events);
  result.swap_at = span.first() + (span.last() - span.first()) / 2;

  StrategySpec morris = fixed_spec();
  morris.name = "morris";
  morris.morris_base = 2.0;
  morris.morris_bits = 8;
  morris.seed = 1;
  CountConfig config = config_for(path, fixed_spec());
  config.swaps = {{result.swap_at, morris}};
  EventHub swap_events;
  SwapWatcher swaps;
  swap_events.subscribe(swaps);
  count_into(config, result.swapped, &swap_events);

  const double base = morris.morris_base;
  result.relative_std_error = std::sqrt((base - 1) / 2);
  double variance = 0;  // of the estimated total: the counters are independent
  std::size_t estimated_cells = 0;
  for (const Window& window : result.swapped) {
    const Window* exact = find_window(result.reference, window.start);
    const bool estimated = swaps.estimated(window.start);
    result.inexact_rows += static_cast<std::uint64_t>(std::count_if(
        window.rows.begin(), window.rows.end(), [](const Row& row) { return !row.exact; }));
    const std::uint64_t truth = exact == nullptr ? 0 : exact->total();
    if (!estimated) {
      ++result.exact_windows;
      result.exact_total += window.total();
      result.reference_exact_total += truth;
      continue;
    }
    ++result.estimated_windows;
    result.estimated_total += window.total();
    result.reference_estimated_total += truth;
    if (exact == nullptr) continue;
    estimated_cells += exact->rows.size();
    for (const Row& row : exact->rows) {
      const auto n = static_cast<double>(row.count);
      variance += (base - 1) * n * (n - 1) / 2;
    }
  }
  result.expected_total_error = std::sqrt(variance);

  out << "  swap scheduled at " << clock_time(result.swap_at) << " UTC, the middle of the log\n"
      << "  event: " << swaps.description() << "\n";
  out << "  before: " << result.exact_windows << " windows reported exactly, " << result.exact_total
      << " hits; the exact run has " << result.reference_exact_total << " in them: "
      << (result.exact_total == result.reference_exact_total ? "the same" : "NOT the same") << "\n";
  const double difference = static_cast<double>(result.estimated_total) -
                            static_cast<double>(result.reference_estimated_total);
  const double relative = result.reference_estimated_total == 0
                              ? 0
                              : difference / static_cast<double>(result.reference_estimated_total);
  out << "  after:  " << result.estimated_windows << " windows closed with estimates, ~"
      << result.estimated_total << " hits; the exact run has " << result.reference_estimated_total
      << " (" << (difference >= 0 ? "+" : "") << percent(relative) << ")\n";
  out << "  one Morris count (base " << base << ") is off by about "
      << percent(result.relative_std_error) << "; over " << estimated_cells
      << " independent counters the errors\n"
      << "  partly cancel: the expected error of this total is about +-"
      << std::llround(result.expected_total_error) << " hits\n";
  out << "  " << result.inexact_rows << " rows after the swap are marked inexact (\"~\" in the "
      << "table, \"exact\":false in jsonl)\n\n";
  return result;
}

PruningResult pruning(const std::string& sample_dir, std::ostream& out) {
  heading(out, 4, "Mixed endpoint hits with pruning");
  out << "messy.log is what real logs look like: many lines logged out of order, some\n"
         "malformed, TLS noise and empty requests under the key (invalid), CRLF endings. The\n"
         "exact sliding window (one minute, a report every "
      << kSlidingStep
      << " s) keeps each endpoint's\n"
         "hits per 10 s (an entry of a byte or two, however many hits) and drops entries once\n"
         "they fall out of every horizon still to report.\n"
         "Memory then follows the traffic of about one window, not the length of the log:\n"
         "the same strategy can run over a day of logs.\n\n";
  PruningResult result;
  EventHub events;
  PruneWatcher watcher;
  events.subscribe(watcher);
  std::vector<Window> ticks;
  const RunStats stats =
      count_into(config_for(sample(sample_dir, "messy.log"), sliding_spec()), ticks, &events);
  result.lines = stats.lines;
  result.bad_lines = stats.bad_lines;
  result.hits = stats.hits;
  result.late_hits = stats.late_hits;
  result.endpoints = stats.endpoints;
  result.ticks = ticks.size();
  result.pruned_events = watcher.events();
  result.pruned_entries = watcher.entries();
  result.peak_memory_entries = stats.memory_entries;
  result.peak_memory_bytes = stats.memory_bytes;

  out << "  " << result.lines << " lines: " << result.hits << " hits counted, " << result.bad_lines
      << " bad lines skipped and counted,\n  " << result.late_hits
      << " late hits (after their horizon was reported)\n";
  out << "  " << result.endpoints << " distinct endpoints; " << result.ticks
      << " sliding reports, one every " << kSlidingStep << " s\n";
  out << "  pruned: " << result.pruned_events << " events releasing " << result.pruned_entries
      << " entries\n";
  out << "  peak memory: " << result.peak_memory_entries << " entries ("
      << result.peak_memory_bytes << " bytes), "
      << percent(result.hits == 0 ? 0
                                  : static_cast<double>(result.peak_memory_entries) /
                                        static_cast<double>(result.hits))
      << " of the hits counted\n\n";
  return result;
}

SnapshotResult snapshot_restore(const std::string& sample_dir, std::ostream& out) {
  heading(out, 5, "Snapshot, mutate, restore (Memento)");
  out << "A snapshot is the counter's whole state: the strategy's open windows, the watermark,\n"
         "the figures. Here the library's stages are driven by hand over access.log: halfway\n"
         "through, take a snapshot, record hits that never happened, restore, and finish. The\n"
         "result must equal a run that never saw them. This is what lets a checkpoint resume\n"
         "a run after a crash without counting a line twice or losing one.\n\n";
  SnapshotResult result;
  const std::vector<std::string> lines = read_lines(sample(sample_dir, "access.log"));
  result.lines = lines.size();
  const std::size_t half = lines.size() / 2;
  std::string error;
  const std::unique_ptr<LineParser> parser = compile_format("combined", error);

  {
    KeyTable keys(GroupBy{});
    CaptureSink sink(keys, result.straight);
    HitCounter counter(make_fixed_window(kMinute), kMinute, sink);
    feed(lines, 0, lines.size(), *parser, keys, counter, std::numeric_limits<Seconds>::min());
    counter.finish();
  }

  KeyTable keys(GroupBy{});
  CaptureSink sink(keys, result.restored);
  EventHub events;
  SnapshotWatcher watcher;
  events.subscribe(watcher);
  HitCounter counter(make_fixed_window(kMinute), kMinute, sink, &events);
  const Seconds latest =
      feed(lines, 0, half, *parser, keys, counter, std::numeric_limits<Seconds>::min());
  const CounterSnapshot snapshot = counter.snapshot();
  result.hits_at_snapshot = counter.hits();
  const std::size_t windows_at_snapshot = result.restored.size();

  // At the newest timestamp seen: on time, and too early to close a window, so the mutation
  // stays inside the counter's state and nothing has been written that would need taking back.
  Hit mutation;
  mutation.method = "GET";
  mutation.endpoint = kMutationEndpoint;
  const KeyId mutation_key = keys.intern(mutation);
  for (std::uint64_t i = 0; i < kMutationHits; ++i) counter.record(latest, mutation_key);
  result.mutation_hits = kMutationHits;
  result.hits_after_mutation = counter.hits();

  counter.restore(snapshot);
  result.hits_after_restore = counter.hits();
  feed(lines, half, lines.size(), *parser, keys, counter, latest);
  counter.finish();
  result.snapshots_taken = watcher.taken();
  result.snapshots_restored = watcher.restored();

  out << "  fed " << half << " of " << result.lines << " lines, " << windows_at_snapshot
      << " windows reported; snapshot at " << result.hits_at_snapshot << " hits\n";
  out << "  recorded " << result.mutation_hits << " hits on " << kMutationEndpoint << " at "
      << clock_time(latest) << ": the counter holds " << result.hits_after_mutation << " hits\n";
  out << "  restored the snapshot: " << result.hits_after_restore << " hits again; fed the other "
      << lines.size() - half << " lines\n";
  out << "  events seen: snapshot_taken x" << result.snapshots_taken << ", snapshot_restored x"
      << result.snapshots_restored << "\n";
  const bool identical = result.restored == result.straight;
  out << "  straight run: " << result.straight.size() << " windows, " << total_of(result.straight)
      << " hits; restored run: " << result.restored.size() << " windows, "
      << total_of(result.restored)
      << " hits: " << (identical ? "identical, row for row" : "DIFFERENT") << "\n\n";
  return result;
}

void run_scenario(int number, const std::string& sample_dir, std::ostream& out) {
  switch (number) {
    case 1:
      fixed_windows(sample_dir, out);
      return;
    case 2:
      sliding_precision(sample_dir, out);
      return;
    case 3:
      morris_swap(sample_dir, out);
      return;
    case 4:
      pruning(sample_dir, out);
      return;
    case 5:
      snapshot_restore(sample_dir, out);
      return;
  }
}

}  // namespace hitlog::demo
