// FixedWindowStrategy: one exact counter per (window, key), for tumbling windows.

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
};

class FixedWindowStrategy final : public CountingStrategy {
 public:
  explicit FixedWindowStrategy(Seconds window) : window_(window) {}

  std::string_view name() const override { return "fixed"; }

  void record(Seconds t, KeyId key) override {
    const Seconds start = align_down(t, window_);
    if (current_ == nullptr || current_start_ != start) {
      current_ = &open_window(start);
      current_start_ = start;
    }
    WindowCells& cells = *current_;
    if (key >= cells.counts.size()) cells.counts.resize(key + 1, 0);
    if (cells.counts[key]++ == 0) cells.touched.push_back(key);
  }

  CloseResult close_until(Seconds watermark, WindowSink& sink) override {
    while (!open_.empty() && open_.begin()->first + window_ <= watermark) close_first(sink);
    const Seconds accept_from = align_down(watermark, window_);
    return {accept_from, accept_from + window_};
  }

  void close_all(WindowSink& sink) override {
    while (!open_.empty()) close_first(sink);
  }

  std::size_t memory_entries() const override {
    std::size_t cells = 0;
    for (const auto& [start, window] : open_) cells += window.touched.size();
    return cells;
  }

 private:
  using OpenWindows = std::map<Seconds, WindowCells>;

  WindowCells& open_window(Seconds start) {
    if (auto it = open_.find(start); it != open_.end()) return it->second;
    if (spare_.empty()) return open_[start];
    // Reuse a closed window's node and vectors: no allocation once warmed up.
    OpenWindows::node_type node = std::move(spare_.back());
    spare_.pop_back();
    node.key() = start;
    return open_.insert(std::move(node)).position->second;
  }

  void close_first(WindowSink& sink) {
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
    spare_.push_back(std::move(node));
    sink.window_closed(start, start + window_, scratch_);
  }

  Seconds window_;
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
