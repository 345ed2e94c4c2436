#include "morris_counter.h"

#include <algorithm>
#include <cmath>

namespace hitlog {
namespace {

// Estimates stay below this so that rounding one to a 64-bit count cannot overflow.
constexpr double kMaxEstimate = 0x1p62;

}  // namespace

MorrisScale::MorrisScale(int bits, double base) : base_(base) {
  const unsigned widest = (1u << bits) - 1;
  // pow, not exp(c * log(a)): exact for a = 2 and within an ulp elsewhere.
  const auto estimate = [&](unsigned c) { return (std::pow(base, c) - 1) / (base - 1); };
  for (unsigned c = 0;; ++c) {
    estimate_.push_back(estimate(c));
    const auto threshold =
        static_cast<std::uint64_t>(std::ldexp(std::pow(base, -static_cast<double>(c)), 63));
    if (c == widest || threshold == 0 || estimate(c + 1) > kMaxEstimate) {
      threshold_.push_back(0);
      break;
    }
    threshold_.push_back(threshold);
  }
}

unsigned MorrisScale::round(double total, std::uint64_t draw) const {
  const auto above = std::upper_bound(estimate_.begin(), estimate_.end(), total);
  const auto low = static_cast<unsigned>(above - estimate_.begin() - 1);
  if (low >= top()) return top();
  const double up = (total - estimate_[low]) / (estimate_[low + 1] - estimate_[low]);
  const double uniform = static_cast<double>(draw >> 11) * 0x1p-53;  // in [0, 1)
  return uniform < up ? low + 1 : low;
}

double MorrisScale::relative_std_error() const { return std::sqrt((base_ - 1) / 2); }

}  // namespace hitlog
