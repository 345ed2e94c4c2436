// Morris approximate counting: a counter keeps only an exponent c and stands for
// est(c) = (a^c - 1) / (a - 1) hits, where a > 1 is the base. A hit raises c with probability
// a^-c, which keeps est(c) an unbiased estimate of the hits seen.
//
// Accuracy. With X = a^c, E[X | one more hit] = X + (a - 1) and
// E[X^2 | one more hit] = X^2 + (a^2 - 1) X; summing over n hits from c = 0 gives
// E[est] = n and Var[est] = (a - 1) n (n - 1) / 2, so the relative standard error is
// sqrt((a - 1)(n - 1) / (2n)), which tends to sqrt((a - 1) / 2) for large n: about 0.71 for
// a = 2 and 0.12 for a = 1.03.
//
// Everything here is deterministic given the seed: no std::random_device and no std
// distributions (their output differs between standard libraries), so a run, its replay from a
// snapshot and a run on another machine give the same counts. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "hitlog/state_codec.h"

namespace hitlog {

// SplitMix64 (Steele, Lea and Flood, 2014): 8 bytes of state, an add and two multiplies per
// draw, and statistically sound for this use. Copying it copies the sequence to come.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }

  bool operator==(const SplitMix64&) const = default;

  std::uint64_t state() const { return state_; }

 private:
  std::uint64_t state_;
};

// The tables of one counter shape (bits, base), computed once so that a hit costs one draw and
// one compare, never a pow(). Immutable.
class MorrisScale {
 public:
  // REQUIRES: 1 <= bits <= 16, base > 1.
  MorrisScale(int bits, double base);

  double base() const { return base_; }

  // The saturated exponent: 2^bits - 1, or lower where a larger exponent could not be reached
  // (its probability rounds to zero) or its estimate would overflow a 64-bit count. The counter
  // stays there, so its estimate becomes a lower bound.
  unsigned top() const { return static_cast<unsigned>(threshold_.size() - 1); }

  // floor(a^-c * 2^63): a hit raises c when the draw's top 63 bits are below it. 63 bits, not
  // 64, so that probability 1 (c = 0) is representable; 0 at top(): the counter never wraps.
  std::uint64_t threshold(unsigned c) const { return threshold_[c]; }
  bool raises(unsigned c, std::uint64_t draw) const { return (draw >> 1) < threshold_[c]; }

  double estimate(unsigned c) const { return estimate_[c]; }

  // An exponent whose estimate is unbiased for total >= 0: with c0 the largest exponent whose
  // estimate <= total, c0 + 1 with probability (total - est(c0)) / (est(c0 + 1) - est(c0)),
  // else c0; top() when total is beyond it.
  unsigned round(double total, std::uint64_t draw) const;

  // The large-n limit sqrt((a - 1) / 2) (see the top of this file).
  double relative_std_error() const;

  std::size_t memory_bytes() const {
    return sizeof(MorrisScale) + threshold_.capacity() * sizeof(std::uint64_t) +
           estimate_.capacity() * sizeof(double);
  }

 private:
  double base_;
  std::vector<std::uint64_t> threshold_;  // by exponent, 0..top()
  std::vector<double> estimate_;          // by exponent, 0..top()
};

// Morris counters sharing one scale, one random source and one tally of saturations. The
// counters themselves are exponents held by the caller, so they can be stored densely. A copy
// continues the same random sequence.
class MorrisCounting {
 public:
  // REQUIRES: 1 <= bits <= 16, base > 1.
  MorrisCounting(int bits, double base, std::uint64_t seed)
      : scale_(std::make_shared<const MorrisScale>(bits, base)), random_(seed) {}

  const MorrisScale& scale() const { return *scale_; }

  // Counts one hit. REQUIRES: c <= scale().top(), which then holds after the call too.
  template <typename Exponent>
  void increment(Exponent& c) {
    if (scale_->raises(c, random_.next()) && ++c == scale_->top()) ++saturated_;
  }

  // Adds total hits (an exact count or another counter's estimate) so that the estimate stays
  // unbiased. REQUIRES: c <= scale().top(), total >= 0.
  template <typename Exponent>
  void add(Exponent& c, double total) {
    const bool was_saturated = c == scale_->top();
    c = static_cast<Exponent>(scale_->round(scale_->estimate(c) + total, random_.next()));
    if (!was_saturated && c == scale_->top()) ++saturated_;
  }

  // Counters that reached top() so far.
  std::uint64_t saturated() const { return saturated_; }

  std::size_t memory_bytes() const { return scale_->memory_bytes(); }

  // Checkpoints: the random source and the saturation tally (the scale follows from the spec).
  void save(StateWriter& out) const {
    out.u64(random_.state());
    out.u64(saturated_);
  }
  void load(StateReader& in) {
    random_ = SplitMix64(in.u64());
    saturated_ = in.u64();
  }

 private:
  std::shared_ptr<const MorrisScale> scale_;  // shared by copies: it never changes
  SplitMix64 random_;
  std::uint64_t saturated_ = 0;
};

}  // namespace hitlog
