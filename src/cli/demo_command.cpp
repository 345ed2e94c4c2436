#include "demo_command.h"

#include <boost/program_options.hpp>
#include <iostream>

#include "command_line.h"
#include "exit_codes.h"
#include "hitlog/byte_source.h"
#include "hitlog/demo.h"

namespace po = boost::program_options;

namespace hitlog::cli {
namespace {

constexpr const char* kDemoUsage = "Usage: hitlog demo [--scenario N] [DIR]\n";

constexpr const char* kDemoDescription = R"txt(
Runs the design's five scenarios over the sample logs in DIR (default: sample_logs, as in the
source tree) and explains each: 1 fixed window counting, 2 sliding window precision vs fixed,
3 a strategy swap to Morris, 4 mixed endpoints with pruning, 5 snapshot, mutate, restore.
Every figure is computed from the logs as the demo runs.
)txt";

}  // namespace

int demo_command(const std::vector<std::string>& args) {
  int scenario = 0;
  std::string dir = "sample_logs";
  po::options_description visible("Options");
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("scenario", po::value(&scenario), "run only scenario N (1 to 5)");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("dir", po::value(&dir));
  po::positional_options_description positional;
  positional.add("dir", 1);
  po::variables_map vm;
  try {
    if (parse_command_line(args, visible, hidden, positional, vm)) {
      std::cout << kDemoUsage << kDemoDescription << "\n" << visible;
      return kExitOk;
    }
  } catch (const po::error& e) {
    std::cerr << "hitlog demo: " << e.what() << "\n" << kDemoUsage;
    return kExitUsage;
  }
  const bool one = vm.count("scenario") > 0;
  if (one && (scenario < 1 || scenario > demo::kScenarioCount)) {
    std::cerr << "hitlog demo: --scenario must be between 1 and " << demo::kScenarioCount << "\n";
    return kExitUsage;
  }
  try {
    for (int number = 1; number <= demo::kScenarioCount; ++number) {
      if (!one || scenario == number) demo::run_scenario(number, dir, std::cout);
    }
  } catch (const InputError& e) {
    std::cout.flush();
    std::cerr << "hitlog demo: " << e.what()
              << "\n(give the directory that holds the sample logs: hitlog demo DIR)\n";
    return kExitInputError;
  }
  std::cout.flush();
  return std::cout ? kExitOk : kExitOutputError;
}

}  // namespace hitlog::cli
