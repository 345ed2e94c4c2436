#include "compare_command.h"

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "command_line.h"
#include "exit_codes.h"
#include "hitlog/compare_run.h"
#include "input_options.h"
#include "summary.h"

namespace po = boost::program_options;

namespace hitlog::cli {
namespace {

constexpr const char* kCompareUsage = "Usage: hitlog compare [options] [FILE...]\n";

constexpr const char* kCompareDescription = R"txt(
Runs several counting strategies over one pass of the input and scores each against the exact
count of the same windows: relative error |reported - exact| / exact over every (window,
endpoint) cell (mean, p50, p95, max), the theoretical error the strategy claims (morris), the
peak memory it held and the time it took. It also compares the busiest fixed window of one
endpoint with the busiest sliding horizon [t-W, t) at any whole second: bursts that straddle a
fixed window boundary show up only in the second.
)txt";

struct RawCompareOptions {
  RawInputOptions input;
  std::vector<std::string> strategies;
  std::string report = "table";
  bool quiet = false;
};

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", fraction * 100);
  return text;
}

std::string number(double value, const char* format) {
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

void print_table(std::ostream& out, const CompareResult& result, Seconds window) {
  char line[256];
  std::snprintf(line, sizeof line, "%-24s %5s %10s %9s %9s %9s %9s %9s %10s %12s %12s %8s\n",
                "strategy", "exact", "cells", "mean err", "rms err", "p50 err", "p95 err",
                "max err", "theory rse", "mem entries", "mem bytes", "seconds");
  out << line;
  for (const StrategyScore& s : result.scores) {
    std::snprintf(line, sizeof line,
                  "%-24s %5s %10llu %9s %9s %9s %9s %9s %10s %12llu %12llu %8.3f\n",
                  s.strategy.c_str(), s.exact ? "yes" : "no",
                  static_cast<unsigned long long>(s.cells), percent(s.mean_error).c_str(),
                  percent(s.rms_error).c_str(), percent(s.p50_error).c_str(), percent(s.p95_error).c_str(),
                  percent(s.max_error).c_str(),
                  s.exact ? "-" : percent(s.theoretical_rse).c_str(),
                  static_cast<unsigned long long>(s.memory_entries),
                  static_cast<unsigned long long>(s.memory_bytes), s.seconds);
    out << line;
  }
  const PeakComparison& p = result.peaks;
  if (p.fixed_count == 0) return;
  out << "\nbusiest endpoint in one fixed window:   " << p.fixed_count << " hits, "
      << p.fixed_endpoint << ", " << format_utc(p.fixed_start) << " .. "
      << format_utc(p.fixed_start + window) << "\n";
  out << "busiest endpoint in any sliding horizon: " << p.sliding_count << " hits, "
      << p.sliding_endpoint << ", " << format_utc(p.sliding_start) << " .. "
      << format_utc(p.sliding_start + window) << "\n";
  const double ratio = static_cast<double>(p.sliding_count) / static_cast<double>(p.fixed_count);
  out << "the busiest horizon holds " << percent(ratio - 1)
      << " more hits than the busiest fixed window: a limit set from fixed windows misses it.\n";
}

void print_csv(std::ostream& out, const CompareResult& result) {
  out << "strategy,exact,cells,mean_error,rms_error,p50_error,p95_error,max_error,"
         "theoretical_rse,"
         "memory_entries,memory_bytes,seconds\n";
  for (const StrategyScore& s : result.scores) {
    out << s.strategy << ',' << (s.exact ? "true" : "false") << ',' << s.cells << ','
        << number(s.mean_error, "%.6f") << ',' << number(s.rms_error, "%.6f") << ','
        << number(s.p50_error, "%.6f") << ',' << number(s.p95_error, "%.6f") << ',' << number(s.max_error, "%.6f") << ','
        << number(s.theoretical_rse, "%.6f") << ',' << s.memory_entries << ','
        << s.memory_bytes << ',' << number(s.seconds, "%.6f") << '\n';
  }
}

void print_jsonl(std::ostream& out, const CompareResult& result, Seconds window) {
  for (const StrategyScore& s : result.scores) {
    out << "{\"strategy\":\"" << s.strategy << "\",\"exact\":" << (s.exact ? "true" : "false")
        << ",\"cells\":" << s.cells << ",\"mean_error\":" << number(s.mean_error, "%.6f")
        << ",\"rms_error\":" << number(s.rms_error, "%.6f")
        << ",\"p50_error\":" << number(s.p50_error, "%.6f")
        << ",\"p95_error\":" << number(s.p95_error, "%.6f")
        << ",\"max_error\":" << number(s.max_error, "%.6f")
        << ",\"theoretical_rse\":" << number(s.theoretical_rse, "%.6f")
        << ",\"memory_entries\":" << s.memory_entries << ",\"memory_bytes\":" << s.memory_bytes
        << ",\"seconds\":" << number(s.seconds, "%.6f") << "}\n";
  }
  const PeakComparison& p = result.peaks;
  out << "{\"peak_fixed\":" << p.fixed_count << ",\"peak_fixed_start\":\""
      << format_utc(p.fixed_start) << "\",\"peak_sliding\":" << p.sliding_count
      << ",\"peak_sliding_start\":\"" << format_utc(p.sliding_start)
      << "\",\"window_seconds\":" << window << "}\n";
}

int run(const RawCompareOptions& raw) {
  CountConfig config = validate_input_options(raw.input);
  std::vector<StrategySpec> specs;
  for (const std::string& name : split_list(raw.strategies)) {
    StrategySpec spec = config.strategy;
    spec.name = name;
    specs.push_back(spec);
  }
  if (raw.report != "table" && raw.report != "csv" && raw.report != "jsonl") {
    throw UsageError{"invalid --report '" + raw.report + "': expected table, csv or jsonl"};
  }
  std::string error;
  std::unique_ptr<CompareRun> compare = CompareRun::create(config, specs, error);
  if (!compare) {
    std::cerr << "hitlog compare: " << error << "\n";
    return kExitUsage;
  }
  const CompareResult result = compare->run();
  const Seconds window = config.strategy.window;
  if (raw.report == "csv") {
    print_csv(std::cout, result);
  } else if (raw.report == "jsonl") {
    print_jsonl(std::cout, result, window);
  } else {
    print_table(std::cout, result, window);
  }
  std::cout.flush();
  if (!raw.quiet) print_summary(std::cerr, result.stats);
  if (!std::cout) return kExitOutputError;
  if (result.status != RunStatus::ok) {
    std::cerr << "hitlog: error: " << result.message << "\n";
    return result.status == RunStatus::input_error ? kExitInputError : kExitStrict;
  }
  return kExitOk;
}

}  // namespace

int compare_command(const std::vector<std::string>& args) {
  RawCompareOptions raw;
  po::options_description visible("Options");
  po::options_description hidden;
  po::positional_options_description positional;
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("strategies", po::value(&raw.strategies)->composing(),
     "strategies to compare, e.g. fixed,sliding,morris (default: all three)")
    ("report", po::value(&raw.report)->default_value(raw.report), "table, csv or jsonl")
    ("quiet,q", po::bool_switch(&raw.quiet), "no summary on stderr");
  // clang-format on
  add_input_options(visible, hidden, positional, raw.input);
  try {
    po::variables_map vm;
    if (parse_command_line(args, visible, hidden, positional, vm)) {
      std::cout << kCompareUsage << kCompareDescription << "\n" << visible;
      return kExitOk;
    }
    if (raw.strategies.empty()) raw.strategies = {"fixed,sliding,morris"};
    return run(raw);
  } catch (const po::error& e) {
    std::cerr << "hitlog compare: " << e.what() << "\n" << kCompareUsage
              << "Run 'hitlog compare --help' for the options.\n";
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << "hitlog compare: " << e.message << "\n";
    return kExitUsage;
  }
}

}  // namespace hitlog::cli
