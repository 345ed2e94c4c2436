// The options every log-reading command shares (format, window, strategy, lateness, grouping,
// filters): raw flags first, then validated into a CountConfig.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "hitlog/count_run.h"

namespace hitlog::cli {

// A command-line mistake, with a message for the user.
struct UsageError {
  std::string message;
};

// Splits "a,b" and repeated flags into one list.
std::vector<std::string> split_list(const std::vector<std::string>& values);

// A duration flag ("30s", "5m"...), or "0" when allow_zero. Throws UsageError.
Seconds duration_option(const std::string& flag, const std::string& text, bool allow_zero);

// Raw flags as parsed, before validation.
struct RawInputOptions {
  std::string format = "combined";
  std::string window = "1m";
  std::string step;
  std::string max_delay = "1m";
  std::vector<std::string> group_by;
  std::string since, until, path;
  std::vector<std::string> statuses, methods;
  int morris_bits = 8;
  double morris_base = 2.0;
  std::uint64_t seed = 1;
  bool strict = false;
  std::string threads;  // empty: not given
  std::vector<std::string> inputs;
};

// Adds the shared options to options, bound to raw; the positional inputs are added to hidden.
void add_input_options(boost::program_options::options_description& options,
                       boost::program_options::options_description& hidden,
                       boost::program_options::positional_options_description& positional,
                       RawInputOptions& raw);

// Validates raw into config; the strategy name is left to the command. Throws UsageError.
CountConfig validate_input_options(const RawInputOptions& raw);

}  // namespace hitlog::cli
