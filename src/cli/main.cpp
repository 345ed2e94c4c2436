// hitlog: per-endpoint, per-window hit counts from web-server access logs.

#include <iostream>
#include <string>
#include <vector>

#include "checkpoint_command.h"
#include "compare_command.h"
#include "count_command.h"
#include "demo_command.h"
#include "exit_codes.h"

namespace {

constexpr const char* kUsage =
    "hitlog " HITLOG_VERSION " - per-endpoint, per-time-window hit counts from access logs\n"
    "\n"
    "Usage:\n"
    "  hitlog count [options] [FILE...]   count hits per endpoint per window\n"
    "  hitlog compare [options] [FILE...] score strategies against exact counts, one pass\n"
    "  hitlog demo [--scenario N] [DIR]   the five design scenarios over the sample logs\n"
    "  hitlog checkpoint show STATE       what a checkpoint (count --checkpoint) holds\n"
    "  hitlog help [COMMAND]              show help (also: hitlog COMMAND --help)\n"
    "  hitlog --version\n"
    "\n"
    "Run 'hitlog count --help' for the options.\n";

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return hitlog::cli::kExitUsage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "count") return hitlog::cli::count_command(args);
  if (command == "compare") return hitlog::cli::compare_command(args);
  if (command == "demo") return hitlog::cli::demo_command(args);
  if (command == "checkpoint") return hitlog::cli::checkpoint_command(args);
  if (command == "--version" || command == "version") {
    std::cout << "hitlog " HITLOG_VERSION "\n";
    return hitlog::cli::kExitOk;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    if (!args.empty() && args.front() == "count") return hitlog::cli::count_command({"--help"});
    if (!args.empty() && args.front() == "compare") {
      return hitlog::cli::compare_command({"--help"});
    }
    if (!args.empty() && args.front() == "demo") return hitlog::cli::demo_command({"--help"});
    if (!args.empty() && args.front() == "checkpoint") {
      return hitlog::cli::checkpoint_command({"--help"});
    }
    std::cout << kUsage;
    return hitlog::cli::kExitOk;
  }
  std::cerr << "hitlog: unknown command '" << command << "'\n\n" << kUsage;
  return hitlog::cli::kExitUsage;
}
