// The concrete strategies behind make_strategy. Each lives in its own file.
#pragma once

#include <memory>

#include "hitlog/counting_strategy.h"

namespace hitlog {

// REQUIRES: window > 0, step > 0.
std::unique_ptr<CountingStrategy> make_sliding_window(Seconds window, Seconds step);

// REQUIRES: window > 0, 1 <= bits <= 16, base > 1.
std::unique_ptr<CountingStrategy> make_morris(Seconds window, int bits, double base,
                                              std::uint64_t seed);

}  // namespace hitlog
