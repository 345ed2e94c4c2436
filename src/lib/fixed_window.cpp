// FixedWindowStrategy: one exact counter per (window, key), for tumbling windows.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "hitlog/counting_strategy.h"

namespace hitlog {
namespace {

// The counts of one open window: dense by key id (fast to increment), plus the ids that are
// non-zero so closing costs O(keys hit in the window), not O(all keys).
struct WindowCells {
  std::vector<std::uint64_t> counts;
  std::vector<KeyId> touched;
  bool exact = true;  // false once a swap carried estimates into this window
};

class FixedWindowStrategy final : public CountingStrategy {
 public:
  explicit FixedWindowStrategy(Seconds window) : window_(window) {}

  std::string_view name() const override { return "fixed"; }

  void record(Seconds t, KeyId key) override { add(t, key, 1); }

  CloseResult close_until(Seconds watermark, WindowSink& sink) override {
    std::uint64_t pruned = 0;
    while (!open_.empty() && open_.begin()->first + window_ <= watermark) {
      pruned += close_first(sink);
    }
    reported_until_ = align_down(watermark, window_);
    return {reported_until_, reported_until_ + window_, pruned};
  }

  void close_all(WindowSink& sink) override {
    while (!open_.empty()) close_first(sink);
  }

  std::size_t memory_entries() const override {
    std::size_t cells = 0;
    for (const auto& [start, window] : open_) cells += window.touched.size();
    return cells;
  }

  std::size_t memory_bytes() const override {
    std::size_t bytes = 0;
    for (const auto& [start, window] : open_) {
      bytes += window.counts.capacity() * sizeof(std::uint64_t) +
               window.touched.capacity() * sizeof(KeyId) + sizeof(WindowCells);
    }
    return bytes;
  }

  Handover hand_over() override {
    Handover handover;
    for (const auto& [start, window] : open_) {
      handover.exact = handover.exact && window.exact;
      for (KeyId key : window.touched) {
        handover.totals.push_back(
            {start, start + window_, key, static_cast<double>(window.counts[key])});
      }
    }
    handover.reported_until = reported_until_;
    open_.clear();
    current_ = nullptr;
    return handover;
  }

  void take_over(const Handover& handover) override {
    // A total lands in the window holding its start, or in the first window not yet reported:
    // the sum is kept even where the previous strategy's windows were finer or shifted.
    reported_until_ = handover.reported_until;
    const Seconds first_open = align_down(reported_until_, window_);
    for (const OpenTotal& total : handover.totals) {
      const auto count = static_cast<std::uint64_t>(std::llround(total.count));
      if (count == 0) continue;
      const Seconds t = std::max(total.start, first_open);
      add(t, total.key, count);
      if (!handover.exact) open_window(align_down(t, window_)).exact = false;
    }
  }

  std::unique_ptr<CountingStrategy> clone() const override {
    auto copy = std::make_unique<FixedWindowStrategy>(window_);
    copy->open_ = open_;
    copy->reported_until_ = reported_until_;
    return copy;
  }

 private:
  using OpenWindows = std::map<Seconds, WindowCells>;

  void add(Seconds t, KeyId key, std::uint64_t count) {
    const Seconds start = align_down(t, window_);
    if (current_ == nullptr || current_start_ != start) {
      current_ = &open_window(start);
      current_start_ = start;
    }
    WindowCells& cells = *current_;
    if (key >= cells.counts.size()) cells.counts.resize(key + 1, 0);
    if (cells.counts[key] == 0) cells.touched.push_back(key);
    cells.counts[key] += count;
  }

  WindowCells& open_window(Seconds start) {
    if (auto it = open_.find(start); it != open_.end()) return it->second;
    if (spare_.empty()) return open_[start];
    // Reuse a closed window's node and vectors: no allocation once warmed up.
    OpenWindows::node_type node = std::move(spare_.back());
    spare_.pop_back();
    node.key() = start;
    node.mapped().exact = true;
    return open_.insert(std::move(node)).position->second;
  }

  // Reports and releases the oldest open window; returns the cells it held.
  std::size_t close_first(WindowSink& sink) {
    OpenWindows::node_type node = open_.extract(open_.begin());
    const Seconds start = node.key();
    WindowCells& cells = node.mapped();
    scratch_.clear();
    for (KeyId key : cells.touched) {
      scratch_.push_back({key, cells.counts[key]});
      cells.counts[key] = 0;
    }
    cells.touched.clear();
    if (current_ == &cells) current_ = nullptr;
    const bool exact = cells.exact;
    spare_.push_back(std::move(node));
    sink.window_closed({start, start + window_, scratch_, exact, 0.0});
    return scratch_.size();
  }

  Seconds window_;
  Seconds reported_until_ = std::numeric_limits<Seconds>::min();  // windows ending here or
                                                                   // before were reported
  OpenWindows open_;
  std::vector<OpenWindows::node_type> spare_;
  std::vector<KeyCount> scratch_;
  WindowCells* current_ = nullptr;  // the window of the last hit: most hits share it
  Seconds current_start_ = 0;
};

}  // namespace

std::unique_ptr<CountingStrategy> make_fixed_window(Seconds window) {
  return std::make_unique<FixedWindowStrategy>(window);
}

}  // namespace hitlog
