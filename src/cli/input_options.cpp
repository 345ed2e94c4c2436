#include "input_options.h"

#include <charconv>
#include <optional>
#include <sstream>
#include <system_error>

namespace po = boost::program_options;

namespace hitlog::cli {
namespace {

Seconds time_option(const std::string& flag, const std::string& text) {
  if (std::optional<Seconds> value = parse_time_iso8601(text)) return *value;
  throw UsageError{"invalid " + flag + " '" + text +
                   "': expected an ISO-8601 time such as 2026-12-01T10:00:00Z or a date"};
}

// Any count from 1 is accepted: more than 2 behaves as 2, which is all the pipeline uses.
int threads_option(const std::string& text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || value < 1) {
    throw UsageError{"invalid --threads '" + text + "': expected a number of threads, 1 or more"};
  }
  return value;
}

}  // namespace

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

Seconds duration_option(const std::string& flag, const std::string& text, bool allow_zero) {
  if (allow_zero && text == "0") return 0;
  if (std::optional<Seconds> value = parse_duration(text)) return *value;
  throw UsageError{"invalid " + flag + " '" + text +
                   "': expected a duration such as 30s, 5m, 1h, 1d"};
}

void add_input_options(po::options_description& options, po::options_description& hidden,
                       po::positional_options_description& positional, RawInputOptions& raw) {
  // clang-format off
  options.add_options()
    ("format,f", po::value(&raw.format)->default_value(raw.format),
     "log format: combined, common, or an nginx log_format string such as\n"
     "'$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent'")
    ("window,w", po::value(&raw.window)->default_value(raw.window),
     "window length: 30s, 1m, 5m, 1h, 1d, ...")
    ("step", po::value(&raw.step),
     "sliding: report a row every DURATION (default: the window)")
    ("morris-bits", po::value(&raw.morris_bits)->default_value(raw.morris_bits),
     "morris: counter width in bits, 1..16 (saturates, never wraps)")
    ("morris-base", po::value(&raw.morris_base)->default_value(raw.morris_base),
     "morris: counter base > 1 (2 classic, 1.03 finer; finer needs more bits)")
    ("seed", po::value(&raw.seed)->default_value(raw.seed),
     "morris: seed of the random source (same seed, same report)")
    ("max-delay", po::value(&raw.max_delay)->default_value(raw.max_delay),
     "allowed lateness of out-of-order lines (0 for none)")
    ("group-by", po::value(&raw.group_by)->composing(),
     "also key rows by method and/or status (comma-separated or repeated)")
    ("since", po::value(&raw.since), "count only hits at or after this ISO-8601 time")
    ("until", po::value(&raw.until), "count only hits before this ISO-8601 time")
    ("status", po::value(&raw.statuses)->composing(),
     "count only these statuses: 404, 5xx, ... (comma-separated or repeated)")
    ("method", po::value(&raw.methods)->composing(),
     "count only these methods: GET, POST, ... (comma-separated or repeated)")
    ("path", po::value(&raw.path), "count only endpoints matching this re2 regular expression")
    ("strict", po::bool_switch(&raw.strict), "fail at the first bad line (exit code 3)")
    ("threads", po::value(&raw.threads)->value_name("N"),
     "1 reads and parses on one thread; 2 (the default on a machine with two or more cores) "
     "reads and decompresses ahead on a second thread; more behaves as 2");
  // clang-format on
  hidden.add_options()("input", po::value(&raw.inputs)->composing());
  positional.add("input", -1);
}

CountConfig validate_input_options(const RawInputOptions& raw) {
  CountConfig config;
  config.inputs = raw.inputs;
  config.format = raw.format;
  config.strategy.window = duration_option("--window", raw.window, false);
  config.strategy.step = raw.step.empty() ? 0 : duration_option("--step", raw.step, false);
  config.strategy.morris_bits = raw.morris_bits;
  config.strategy.morris_base = raw.morris_base;
  config.strategy.seed = raw.seed;
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
  if (!raw.threads.empty()) config.threads = threads_option(raw.threads);
  return config;
}

}  // namespace hitlog::cli
