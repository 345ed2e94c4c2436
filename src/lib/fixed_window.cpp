// FixedWindowStrategy: one exact counter per (window, key), for tumbling windows.

#include <cmath>
#include <cstdint>

#include "hitlog/counting_strategy.h"
#include "window_grid.h"

namespace hitlog {
namespace {

class FixedWindowStrategy final : public CountingStrategy {
 public:
  explicit FixedWindowStrategy(Seconds window) : grid_(window, true, 0.0) {}

  std::string_view name() const override { return "fixed"; }

  void record(Seconds t, KeyId key) override {
    grid_.update(t, key, [](std::uint64_t& count) { ++count; });
  }

  CloseResult close_until(Seconds watermark, WindowSink& sink) override {
    return grid_.close_until(watermark, sink, count_of);
  }

  void close_all(WindowSink& sink) override { grid_.close_all(sink, count_of); }

  std::size_t memory_entries() const override { return grid_.memory_entries(); }
  std::size_t memory_bytes() const override { return grid_.memory_bytes(); }

  Handover hand_over() override {
    return grid_.hand_over([](std::uint64_t count) { return static_cast<double>(count); });
  }

  void take_over(const Handover& handover) override {
    grid_.take_over(handover, [](std::uint64_t& count, double total) {
      count += static_cast<std::uint64_t>(std::llround(total));
    });
  }

  std::unique_ptr<CountingStrategy> clone() const override {
    return std::make_unique<FixedWindowStrategy>(*this);
  }

  void save(StateWriter& out) const override {
    grid_.save(out, [](StateWriter& o, std::uint64_t count) { o.u64(count); });
  }

  void load(StateReader& in) override {
    grid_.load(in, [](StateReader& i) { return i.u64(); });
  }

 private:
  static std::uint64_t count_of(std::uint64_t count) { return count; }

  WindowGrid<std::uint64_t> grid_;
};

}  // namespace

std::unique_ptr<CountingStrategy> make_fixed_window(Seconds window) {
  return std::make_unique<FixedWindowStrategy>(window);
}

}  // namespace hitlog
