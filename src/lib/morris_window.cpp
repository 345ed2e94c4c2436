// MorrisWindowStrategy: one Morris approximate counter per (window, key), for tumbling
// windows. Memory per cell is one or two bytes instead of eight; the price is a relative
// standard error of about sqrt((base - 1) / 2) per count (see morris_counter.h).

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "hitlog/counting_strategy.h"
#include "morris_counter.h"
#include "strategies.h"
#include "window_grid.h"

namespace hitlog {
namespace {

// Exponent: the narrowest unsigned type that holds the scale's top exponent.
template <typename Exponent>
class MorrisWindowStrategy final : public CountingStrategy {
 public:
  MorrisWindowStrategy(Seconds window, MorrisCounting counting)
      : counting_(std::move(counting)),
        grid_(window, false, counting_.scale().relative_std_error()) {}

  std::string_view name() const override { return "morris"; }

  void record(Seconds t, KeyId key) override {
    grid_.update(t, key, [this](Exponent& c) { counting_.increment(c); });
  }

  CloseResult close_until(Seconds watermark, WindowSink& sink) override {
    return grid_.close_until(watermark, sink, [this](Exponent c) { return count_of(c); });
  }

  void close_all(WindowSink& sink) override {
    grid_.close_all(sink, [this](Exponent c) { return count_of(c); });
  }

  std::size_t memory_entries() const override { return grid_.memory_entries(); }

  std::size_t memory_bytes() const override {
    return grid_.memory_bytes() + counting_.memory_bytes();
  }

  Handover hand_over() override {
    return grid_.hand_over([this](Exponent c) { return counting_.scale().estimate(c); });
  }

  // Exact or estimated totals alike become counters whose estimates are unbiased for them.
  void take_over(const Handover& handover) override {
    grid_.take_over(handover, [this](Exponent& c, double total) { counting_.add(c, total); });
  }

  std::unique_ptr<CountingStrategy> clone() const override {
    return std::make_unique<MorrisWindowStrategy>(*this);
  }

  // The random source is saved with the counters, so a resumed run draws what the
  // uninterrupted run would have.
  void save(StateWriter& out) const override {
    counting_.save(out);
    grid_.save(out, [](StateWriter& o, Exponent c) { o.u32(c); });
  }

  void load(StateReader& in) override {
    counting_.load(in);
    const unsigned top = counting_.scale().top();
    grid_.load(in, [top](StateReader& i) {
      const std::uint32_t c = i.u32();
      if (c > top) i.fail("a Morris exponent above the counter's top");
      return static_cast<Exponent>(c);
    });
  }

 private:
  std::uint64_t count_of(Exponent c) const {
    return static_cast<std::uint64_t>(std::llround(counting_.scale().estimate(c)));
  }

  MorrisCounting counting_;  // before grid_: the grid is built from its scale
  WindowGrid<Exponent> grid_;
};

}  // namespace

std::unique_ptr<CountingStrategy> make_morris(Seconds window, int bits, double base,
                                              std::uint64_t seed) {
  MorrisCounting counting(bits, base, seed);
  if (counting.scale().top() <= std::numeric_limits<std::uint8_t>::max()) {
    return std::make_unique<MorrisWindowStrategy<std::uint8_t>>(window, std::move(counting));
  }
  return std::make_unique<MorrisWindowStrategy<std::uint16_t>>(window, std::move(counting));
}

}  // namespace hitlog
