#include "count_command.h"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

#include "command_line.h"
#include "exit_codes.h"
#include "hitlog/count_run.h"
#include "hitlog/event_log.h"
#include "hitlog/metrics.h"
#include "hitlog/report_writer.h"
#include "input_options.h"
#include "hitlog/checkpoint.h"
#include "hitlog/report_file.h"
#include "progress_observer.h"
#include "stop_signal.h"
#include "summary.h"

namespace po = boost::program_options;

namespace hitlog::cli {
namespace {

constexpr const char* kCountUsage = "Usage: hitlog count [options] [FILE...]\n";

constexpr const char* kCountDescription = R"txt(
Reads access logs (plain or gzip, recognised by content; no FILE or "-" reads standard input),
counts hits per endpoint per time window and writes one report row per (window, endpoint) pair
with hits. logrotate sets (access.log.2.gz access.log.1 access.log) are read oldest first.

The csv report (one header line, then rows in window order, then endpoint byte order):
  window_start,window_end,endpoint,count
  2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/api/v1/users,42
With --group-by, "method" and/or "status" columns come after "endpoint".
The endpoint is the request target up to its first '?', as logged. Requests that are not
"METHOD TARGET [PROTOCOL]" (TLS handshakes on a plain port, "-") count under "(invalid)".

Strategies (--strategy), all writing the same schema:
  fixed    exact counts in tumbling windows [floor(t/W)*W, +W)
  sliding  exact counts of [t-W, t) at every tick t, a multiple of --step
  morris   one approximate Morris counter per (window, endpoint): count is the rounded
           estimate; jsonl rows add "exact":false and the theoretical "rse"
--swap-at TIME=STRATEGY switches strategy at the first hit at or after TIME; the totals of
open windows carry over (estimates stay estimates: such rows are marked inexact).

A window [start, start+W) is reported once the largest timestamp seen, minus --max-delay, has
passed its end; a hit that arrives after its window was reported is a late hit: counted in the
summary, not in any row. At the end of input every remaining window is reported.

With --checkpoint STATE the run resumes from STATE when it exists, saves it every
--checkpoint-every lines (or seconds: "30s"), on SIGINT/SIGTERM and at the end, and appends
to --output the windows it completes: run it from cron over access.log* and every line is
counted once, across logrotate's renames, compression and copytruncate, and after any crash
or kill (the report is cut back to what the checkpoint recorded, then rewritten the same).
Windows still open at the end stay in STATE for the next run unless --final. A different
--strategy on resume swaps to it; other changed options are refused unless --force-config.
"hitlog checkpoint show STATE" tells what a checkpoint holds.
)txt";

constexpr const char* kExitCodes = R"txt(
Exit codes:
  0  success
  1  an input could not be read (missing file, corrupt or truncated gzip); the hits read
     before it were counted and reported
  2  bad command line or configuration; nothing was read
  3  --strict stopped at a bad line; the hits before it were reported
  4  the report, the events or the metrics could not be written
  5  another run holds the checkpoint (--checkpoint); nothing was read
  6  the checkpoint is unreadable, corrupt, of another version or of other options, or could
     not be saved; the last checkpoint saved stands
  130, 143  stopped by SIGINT or SIGTERM with --checkpoint: the checkpoint holds what was
     counted, the next run continues it
)txt";

// Raw flags of count itself, besides the shared input options.
struct RawCountOptions {
  RawInputOptions input;
  std::string strategy = "fixed";
  std::vector<std::string> swaps;
  std::string output;
  std::string report;
  std::size_t top = 0;
  bool top_given = false;
  std::string events;
  bool events_verbose = false;
  std::string metrics;
  std::string metrics_format = "json";
  std::string checkpoint;
  std::string checkpoint_every = "1000000";
  bool final = false;
  bool force_config = false;
  bool quiet = false;
};

enum class MetricsFormat { json, prometheus };

// Validated settings for one run.
struct Settings {
  CountConfig config;
  std::string output;  // empty: standard output
  ReportFormat report = ReportFormat::csv;
  ReportOptions report_options;
  std::string events;  // empty: no event log
  bool events_verbose = false;
  std::string metrics;  // empty: no metrics file
  MetricsFormat metrics_format = MetricsFormat::json;
  std::string checkpoint;  // empty: no checkpoint
  std::uint64_t checkpoint_every_lines = 0;
  double checkpoint_every_seconds = 0;
  bool final = false;
  bool force_config = false;
  bool quiet = false;
};

// "--checkpoint-every 10000" (lines) or "30s" (a duration).
void checkpoint_every_option(const std::string& text, Settings& settings) {
  const bool lines = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (lines) {
    try {
      settings.checkpoint_every_lines = std::stoull(text);
    } catch (const std::exception&) {
      settings.checkpoint_every_lines = 0;
    }
    if (settings.checkpoint_every_lines > 0) return;
  } else if (std::optional<Seconds> seconds = parse_duration(text)) {
    settings.checkpoint_every_seconds = static_cast<double>(*seconds);
    return;
  }
  throw UsageError{"invalid --checkpoint-every '" + text +
                   "': expected a number of lines (10000) or a duration (30s)"};
}

// "2026-12-01T10:30:00Z=morris"
ScheduledSwap swap_option(const std::string& text, const CountConfig& config) {
  const std::size_t equals = text.rfind('=');
  const std::optional<Seconds> at =
      equals == std::string::npos ? std::nullopt : parse_time_iso8601(text.substr(0, equals));
  if (!at) {
    throw UsageError{"invalid --swap-at '" + text +
                     "': expected TIME=STRATEGY, e.g. 2026-12-01T10:30:00Z=morris"};
  }
  StrategySpec spec = config.strategy;
  spec.name = text.substr(equals + 1);
  return {*at, spec};
}

Settings validate(const RawCountOptions& raw) {
  Settings settings;
  settings.config = validate_input_options(raw.input);
  CountConfig& config = settings.config;
  config.strategy.name = raw.strategy;
  for (const std::string& swap : raw.swaps) config.swaps.push_back(swap_option(swap, config));

  settings.output = raw.output == "-" ? "" : raw.output;
  if (raw.report.empty()) {
    const bool terminal = settings.output.empty() && isatty(STDOUT_FILENO);
    settings.report = terminal ? ReportFormat::table : ReportFormat::csv;
  } else if (std::optional<ReportFormat> format = parse_report_format(raw.report)) {
    settings.report = *format;
  } else {
    throw UsageError{"invalid --report '" + raw.report + "': expected csv, jsonl or table"};
  }
  if (raw.top_given && settings.report != ReportFormat::table) {
    throw UsageError{"--top applies to the table report only (csv and jsonl keep every row)"};
  }
  settings.report_options = {config.group_by.method, config.group_by.status,
                             raw.top_given ? raw.top : std::size_t{10}};
  settings.events = raw.events;
  settings.events_verbose = raw.events_verbose;
  if (raw.events_verbose && raw.events.empty()) {
    throw UsageError{"--events-verbose needs --events FILE"};
  }
  settings.metrics = raw.metrics;
  if (raw.metrics_format == "prometheus") {
    settings.metrics_format = MetricsFormat::prometheus;
  } else if (raw.metrics_format != "json") {
    throw UsageError{"invalid --metrics-format '" + raw.metrics_format +
                     "': expected json or prometheus"};
  }
  settings.checkpoint = raw.checkpoint;
  settings.final = raw.final;
  settings.force_config = raw.force_config;
  if (!raw.checkpoint.empty()) {
    checkpoint_every_option(raw.checkpoint_every, settings);
    if (settings.output.empty()) {
      throw UsageError{"--checkpoint needs --output FILE: a resumed run cuts the report back "
                       "to what the checkpoint recorded, which standard output cannot do"};
    }
    if (settings.report == ReportFormat::table) {
      throw UsageError{"--checkpoint writes csv or jsonl reports (--report), not the table"};
    }
    for (const std::string& input : config.inputs) {
      if (input == "-") throw UsageError{"--checkpoint cannot resume standard input: name the files"};
    }
    if (config.inputs.empty()) throw UsageError{"--checkpoint needs the log files to read"};
  } else if (raw.final || raw.force_config) {
    throw UsageError{std::string(raw.final ? "--final" : "--force-config") +
                     " applies with --checkpoint only"};
  }
  settings.quiet = raw.quiet;
  return settings;
}

void add_count_options(po::options_description& options, RawCountOptions& raw) {
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("strategy", po::value(&raw.strategy)->default_value(raw.strategy),
     "counting strategy: fixed, sliding or morris")
    ("swap-at", po::value(&raw.swaps)->composing(),
     "TIME=STRATEGY: swap strategy at the first hit at or after TIME (repeatable)")
    ("output,o", po::value(&raw.output), "write the report to FILE (default: standard output)")
    ("report", po::value(&raw.report),
     "csv, jsonl or table (default: table on a terminal, csv otherwise)")
    ("top", po::value(&raw.top),
     "table only: show the N busiest endpoints per window (default 10, 0 = all)")
    ("events", po::value(&raw.events), "write the run's events to FILE as JSON lines")
    ("events-verbose", po::bool_switch(&raw.events_verbose),
     "also write one hit_recorded event per hit")
    ("metrics", po::value(&raw.metrics), "write the run's metrics to FILE")
    ("metrics-format", po::value(&raw.metrics_format)->default_value(raw.metrics_format),
     "json, or prometheus (the text format of node_exporter's textfile collector)")
    ("checkpoint", po::value(&raw.checkpoint),
     "resume from and save to the checkpoint FILE (needs --output)")
    ("checkpoint-every", po::value(&raw.checkpoint_every)->default_value(raw.checkpoint_every),
     "save the checkpoint every N lines, or every DURATION (30s)")
    ("final", po::bool_switch(&raw.final),
     "with --checkpoint: also report the windows still open at the end")
    ("force-config", po::bool_switch(&raw.force_config),
     "with --checkpoint: ignore a checkpoint made with other options and start anew")
    ("quiet,q", po::bool_switch(&raw.quiet),
     "no summary and no progress line on stderr");
  // clang-format on
}

// Writes the metrics file through a temporary file and a rename, so that a collector polling
// the file never reads half of it. False when it cannot be written.
bool write_metrics(const Settings& settings, const RunStats& stats) {
  Metrics metrics = metrics_of(stats);
  metrics.finished_at = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  const std::string temporary = settings.metrics + ".tmp";
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  if (settings.metrics_format == MetricsFormat::prometheus) {
    write_metrics_prometheus(out, metrics);
  } else {
    write_metrics_json(out, metrics);
  }
  out.close();
  return !out.fail() && std::rename(temporary.c_str(), settings.metrics.c_str()) == 0;
}

// The report's destination: standard output, a file written anew, or in checkpoint mode a
// file continued from the checkpoint's position.
struct Output {
  std::ofstream file;
  std::unique_ptr<ReportFile> report_file;
  std::ostream* stream = &std::cout;
};

// Checkpoint mode's preparation: the lock, the checkpoint to resume, the report file at its
// position. Returns an exit code, or -1 to go on.
int prepare_checkpoint(const Settings& settings, std::unique_ptr<CheckpointLock>& lock,
                       CheckpointPlan& plan, Output& output) {
  std::string error;
  bool busy = false;
  lock = CheckpointLock::acquire(settings.checkpoint, error, busy);
  if (!lock) {
    std::cerr << "hitlog: " << error << "\n";
    return busy ? kExitLocked : kExitCheckpoint;
  }
  plan.path = settings.checkpoint;
  plan.report_format = settings.report == ReportFormat::jsonl ? "jsonl" : "csv";
  if (!settings.force_config) {
    plan.resume = load_checkpoint(settings.checkpoint, error);
    if (!error.empty()) {
      std::cerr << "hitlog: " << error << "\n";
      return kExitCheckpoint;
    }
    if (plan.resume) {
      const std::string difference =
          config_difference(*plan.resume, settings.config, plan.report_format);
      if (!difference.empty()) {
        std::cerr << "hitlog: checkpoint '" << settings.checkpoint << "': " << difference << "\n";
        return kExitCheckpoint;
      }
    }
  }
  plan.every_lines = settings.checkpoint_every_lines;
  plan.every_seconds = settings.checkpoint_every_seconds;
  plan.final = settings.final;
  output.report_file = ReportFile::open(
      settings.output, plan.resume ? plan.resume->output_position : 0, error);
  if (!output.report_file) {
    std::cerr << "hitlog: " << error << "\n";
    return kExitOutputError;
  }
  output.stream = &output.report_file->stream();
  plan.output = output.report_file.get();
  return -1;
}

int run(const Settings& settings) {
  std::string error;
  std::unique_ptr<CountRun> count_run = CountRun::create(settings.config, error);
  if (!count_run) {
    std::cerr << "hitlog count: " << error << "\n";
    return kExitUsage;
  }
  Output output;
  std::unique_ptr<CheckpointLock> lock;
  std::optional<CheckpointPlan> plan;
  if (!settings.checkpoint.empty()) {
    plan.emplace();
    if (const int code = prepare_checkpoint(settings, lock, *plan, output); code >= 0) return code;
  } else if (!settings.output.empty()) {
    output.file.open(settings.output, std::ios::binary | std::ios::trunc);
    if (!output.file) {
      std::cerr << "hitlog: cannot write '" << settings.output << "'\n";
      return kExitOutputError;
    }
    output.stream = &output.file;
  }
  std::ostream& out = *output.stream;

  EventHub events;
  std::ofstream events_file;
  std::optional<JsonlEventLog> event_log;
  if (!settings.events.empty()) {
    events_file.open(settings.events, std::ios::binary | std::ios::trunc);
    if (!events_file) {
      std::cerr << "hitlog: cannot write '" << settings.events << "'\n";
      return kExitOutputError;
    }
    event_log.emplace(events_file, settings.events_verbose);
    events.subscribe(*event_log);
  }
  std::optional<ProgressObserver> progress;
  if (!settings.quiet && isatty(STDERR_FILENO)) {
    progress.emplace(std::cerr);
    events.subscribe(*progress);
  }

  // A resumed report already has its csv header.
  const bool continued = output.report_file && output.report_file->start_position() > 0;
  ReportOptions report_options = settings.report_options;
  report_options.header = !continued;
  std::unique_ptr<ReportWriter> writer = make_report_writer(settings.report, out, report_options);
  std::optional<StopSignal> stop;
  if (plan) {
    stop.emplace();
    plan->stop = &stop->raised();
  }
  const RunResult result = count_run->run(*writer, &events, plan ? &*plan : nullptr);
  const int signal = stop ? stop->signal() : 0;
  stop.reset();
  out.flush();
  if (progress) progress->finish();

  for (const std::string& warning : result.warnings) std::cerr << "hitlog: warning: " << warning << "\n";
  if (!settings.quiet) print_summary(std::cerr, result.stats);
  int code = kExitOk;
  if (!out) {
    std::cerr << "hitlog: error writing the report to "
              << (settings.output.empty() ? "standard output" : "'" + settings.output + "'")
              << "\n";
    code = kExitOutputError;
  }
  if (!settings.events.empty() && !events_file.flush()) {
    std::cerr << "hitlog: error writing the events to '" << settings.events << "'\n";
    code = kExitOutputError;
  }
  if (!settings.metrics.empty() && !write_metrics(settings, result.stats)) {
    std::cerr << "hitlog: error writing the metrics to '" << settings.metrics << "'\n";
    code = kExitOutputError;
  }
  if (result.status == RunStatus::checkpoint_error) {
    std::cerr << "hitlog: error: " << result.message << "\n";
    return kExitCheckpoint;
  }
  if (code != kExitOk) return code;
  switch (result.status) {
    case RunStatus::input_error:
      std::cerr << "hitlog: error: " << result.message << "\n";
      return kExitInputError;
    case RunStatus::strict_bad_line:
      std::cerr << "hitlog: error: " << result.message << "\n";
      return kExitStrict;
    case RunStatus::interrupted:
      std::cerr << "hitlog: " << result.message << "\n";
      return kExitSignalBase + signal;
    case RunStatus::checkpoint_error:
    case RunStatus::ok:
      break;
  }
  return kExitOk;
}

}  // namespace

int count_command(const std::vector<std::string>& args) {
  RawCountOptions raw;
  po::options_description visible("Options");
  po::options_description hidden;
  po::positional_options_description positional;
  add_count_options(visible, raw);
  add_input_options(visible, hidden, positional, raw.input);
  try {
    po::variables_map vm;
    if (parse_command_line(args, visible, hidden, positional, vm)) {
      std::cout << kCountUsage << kCountDescription << "\n" << visible << kExitCodes;
      return kExitOk;
    }
    raw.top_given = vm.count("top") > 0;
    return run(validate(raw));
  } catch (const po::error& e) {
    std::cerr << "hitlog count: " << e.what() << "\n" << kCountUsage
              << "Run 'hitlog count --help' for the options.\n";
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << "hitlog count: " << e.message << "\n";
    return kExitUsage;
  }
}

}  // namespace hitlog::cli
