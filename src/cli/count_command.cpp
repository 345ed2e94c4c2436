#include "count_command.h"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "exit_codes.h"
#include "hitlog/count_run.h"
#include "hitlog/report_writer.h"
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

A window [start, start+W) is reported once the largest timestamp seen, minus --max-delay, has
passed its end; a hit that arrives after its window was reported is a late hit: counted in the
summary, not in any row. At the end of input every remaining window is reported.
)txt";

constexpr const char* kExitCodes = R"txt(
Exit codes:
  0  success
  1  an input could not be read (missing file, corrupt or truncated gzip); the hits read
     before it were counted and reported
  2  bad command line or configuration; nothing was read
  3  --strict stopped at a bad line; the hits before it were reported
  4  the report could not be written
)txt";

// Splits "a,b" and repeated flags into one list.
std::vector<std::string> split_list(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const std::string& value : values) {
    std::stringstream stream(value);
    std::string item;
    while (std::getline(stream, item, ',')) {
      if (!item.empty()) items.push_back(item);
    }
  }
  return items;
}

struct UsageError {
  std::string message;
};

Seconds duration_option(const std::string& flag, const std::string& text, bool allow_zero) {
  if (allow_zero && text == "0") return 0;
  if (std::optional<Seconds> value = parse_duration(text)) return *value;
  throw UsageError{"invalid " + flag + " '" + text + "': expected a duration such as 30s, 5m, 1h, 1d"};
}

Seconds time_option(const std::string& flag, const std::string& text) {
  if (std::optional<Seconds> value = parse_time_iso8601(text)) return *value;
  throw UsageError{"invalid " + flag + " '" + text +
                   "': expected an ISO-8601 time such as 2026-12-01T10:00:00Z or a date"};
}

// Raw flags as parsed, before validation.
struct RawOptions {
  std::string format = "combined";
  std::string window = "1m";
  std::string max_delay = "1m";
  std::vector<std::string> group_by;
  std::string output;
  std::string report;
  std::size_t top = 0;
  bool top_given = false;
  std::string since, until, path;
  std::vector<std::string> statuses, methods;
  bool strict = false;
  bool quiet = false;
  std::vector<std::string> inputs;
};

// Validated settings for one run.
struct Settings {
  CountConfig config;
  std::string output;  // empty: standard output
  ReportFormat report = ReportFormat::csv;
  ReportOptions report_options;
  bool quiet = false;
};

Settings validate(const RawOptions& raw) {
  Settings settings;
  CountConfig& config = settings.config;
  config.inputs = raw.inputs;
  config.format = raw.format;
  config.window = duration_option("--window", raw.window, false);
  config.max_delay = duration_option("--max-delay", raw.max_delay, true);
  for (const std::string& field : split_list(raw.group_by)) {
    if (field == "method") {
      config.group_by.method = true;
    } else if (field == "status") {
      config.group_by.status = true;
    } else {
      throw UsageError{"invalid --group-by '" + field + "': expected method and/or status"};
    }
  }
  if (!raw.since.empty()) config.filters.since = time_option("--since", raw.since);
  if (!raw.until.empty()) config.filters.until = time_option("--until", raw.until);
  config.filters.statuses = split_list(raw.statuses);
  config.filters.methods = split_list(raw.methods);
  config.filters.path_regex = raw.path;
  config.strict = raw.strict;

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
  settings.quiet = raw.quiet;
  return settings;
}

po::options_description visible_options(RawOptions& raw) {
  po::options_description options("Options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("format,f", po::value(&raw.format)->default_value(raw.format),
     "log format: combined, common, or an nginx log_format string such as\n"
     "'$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent'")
    ("window,w", po::value(&raw.window)->default_value(raw.window),
     "window length: 30s, 1m, 5m, 1h, 1d, ...")
    ("max-delay", po::value(&raw.max_delay)->default_value(raw.max_delay),
     "allowed lateness of out-of-order lines (0 for none)")
    ("group-by", po::value(&raw.group_by)->composing(),
     "also key rows by method and/or status (comma-separated or repeated)")
    ("output,o", po::value(&raw.output), "write the report to FILE (default: standard output)")
    ("report", po::value(&raw.report),
     "csv, jsonl or table (default: table on a terminal, csv otherwise)")
    ("top", po::value(&raw.top),
     "table only: show the N busiest endpoints per window (default 10, 0 = all)")
    ("since", po::value(&raw.since), "count only hits at or after this ISO-8601 time")
    ("until", po::value(&raw.until), "count only hits before this ISO-8601 time")
    ("status", po::value(&raw.statuses)->composing(),
     "count only these statuses: 404, 5xx, ... (comma-separated or repeated)")
    ("method", po::value(&raw.methods)->composing(),
     "count only these methods: GET, POST, ... (comma-separated or repeated)")
    ("path", po::value(&raw.path), "count only endpoints matching this re2 regular expression")
    ("strict", po::bool_switch(&raw.strict), "fail at the first bad line (exit code 3)")
    ("quiet,q", po::bool_switch(&raw.quiet), "do not print the summary on stderr");
  // clang-format on
  return options;
}

// Opens the report destination; nullptr (with a message) when it cannot be created.
std::unique_ptr<std::ofstream> open_output(const std::string& path) {
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) return nullptr;
  return file;
}

int run(const Settings& settings) {
  std::string error;
  std::unique_ptr<CountRun> count_run = CountRun::create(settings.config, error);
  if (!count_run) {
    std::cerr << "hitlog count: " << error << "\n";
    return kExitUsage;
  }
  std::unique_ptr<std::ofstream> file;
  if (!settings.output.empty()) {
    file = open_output(settings.output);
    if (!file) {
      std::cerr << "hitlog: cannot write '" << settings.output << "'\n";
      return kExitOutputError;
    }
  }
  std::ostream& out = file ? static_cast<std::ostream&>(*file) : std::cout;
  std::unique_ptr<ReportWriter> writer =
      make_report_writer(settings.report, out, settings.report_options);
  const RunResult result = count_run->run(*writer);
  out.flush();

  if (!settings.quiet) print_summary(std::cerr, result.stats);
  if (!out) {
    std::cerr << "hitlog: error writing the report to "
              << (settings.output.empty() ? "standard output" : "'" + settings.output + "'")
              << "\n";
    return kExitOutputError;
  }
  switch (result.status) {
    case RunStatus::input_error:
      std::cerr << "hitlog: error: " << result.message << "\n";
      return kExitInputError;
    case RunStatus::strict_bad_line:
      std::cerr << "hitlog: error: " << result.message << "\n";
      return kExitStrict;
    case RunStatus::ok:
      break;
  }
  return kExitOk;
}

}  // namespace

int count_command(const std::vector<std::string>& args) {
  RawOptions raw;
  po::options_description visible = visible_options(raw);
  po::options_description all = visible;
  all.add_options()("input", po::value(&raw.inputs)->composing());
  po::positional_options_description positional;
  positional.add("input", -1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << kCountUsage << kCountDescription << "\n" << visible << kExitCodes;
      return kExitOk;
    }
    po::notify(vm);
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
