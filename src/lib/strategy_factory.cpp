// make_strategy: from a name and parameters to a strategy. A new strategy adds one entry here
// and a file of its own; the others are untouched.

#include <algorithm>

#include "hitlog/counting_strategy.h"
#include "strategies.h"

namespace hitlog {
namespace {

using Maker = std::unique_ptr<CountingStrategy> (*)(const StrategySpec&, std::string& error);

struct Entry {
  std::string_view name;
  Maker make;
};

std::unique_ptr<CountingStrategy> fixed(const StrategySpec& spec, std::string&) {
  return make_fixed_window(spec.window);
}

std::unique_ptr<CountingStrategy> sliding(const StrategySpec& spec, std::string& error) {
  const Seconds step = spec.step == 0 ? spec.window : spec.step;
  if (step < 0 || step > spec.window) {
    error = "--step must be positive and at most the window";
    return nullptr;
  }
  return make_sliding_window(spec.window, step);
}

std::unique_ptr<CountingStrategy> morris(const StrategySpec& spec, std::string& error) {
  if (spec.morris_bits < 1 || spec.morris_bits > 16) {
    error = "--morris-bits must be between 1 and 16";
    return nullptr;
  }
  if (!(spec.morris_base > 1.0) || spec.morris_base > 1e6) {
    error = "--morris-base must be greater than 1 (2 for the classic counter, 1.03 for a finer one)";
    return nullptr;
  }
  return make_morris(spec.window, spec.morris_bits, spec.morris_base, spec.seed);
}

constexpr Entry kStrategies[] = {
    {"fixed", fixed},
    {"sliding", sliding},
    {"morris", morris},
};

}  // namespace

std::vector<std::string_view> strategy_names() {
  std::vector<std::string_view> names;
  for (const Entry& entry : kStrategies) names.push_back(entry.name);
  return names;
}

std::unique_ptr<CountingStrategy> make_strategy(const StrategySpec& spec, std::string& error) {
  if (spec.window <= 0) {
    error = "the window must be positive";
    return nullptr;
  }
  const auto* entry = std::find_if(std::begin(kStrategies), std::end(kStrategies),
                                   [&](const Entry& e) { return e.name == spec.name; });
  if (entry == std::end(kStrategies)) {
    error = "unknown strategy '" + spec.name + "': expected fixed, sliding or morris";
    return nullptr;
  }
  return entry->make(spec, error);
}

}  // namespace hitlog
