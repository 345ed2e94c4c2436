// WindowGrid: the tumbling-window bookkeeping shared by the strategies that keep one cell per
// (window, key) — fixed (exact counts) and morris (approximate counters). The strategy decides
// what a cell is and how it changes; the grid decides which window a hit or a total belongs to,
// when windows close, and reuses closed windows' storage so that updating a cell does not
// allocate once warmed up. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include "hitlog/counting_strategy.h"

namespace hitlog {

// Cell: a regular value type whose value-initialised state, Cell{}, means "no hits".
template <typename Cell>
class WindowGrid {
 public:
  // exact: whether this strategy's counts are exact; a window is reported inexact when this is
  // false or when a swap carried estimates into it. relative_std_error goes into every report.
  WindowGrid(Seconds window, bool exact, double relative_std_error)
      : window_(window), exact_(exact), relative_std_error_(relative_std_error) {}

  // A copy holds the same open windows; caches and spare storage are not copied.
  WindowGrid(const WindowGrid& other)
      : window_(other.window_),
        exact_(other.exact_),
        relative_std_error_(other.relative_std_error_),
        carried_rse_(other.carried_rse_),
        reported_until_(other.reported_until_),
        open_(other.open_) {
    recount();
  }
  WindowGrid& operator=(const WindowGrid&) = delete;

  // Applies change(cell) to key's cell in the window holding t.
  template <typename Change>
  void update(Seconds t, KeyId key, Change&& change) {
    const Seconds start = align_down(t, window_);
    if (current_ == nullptr || current_start_ != start) {
      current_ = &open_window(start);
      current_start_ = start;
    }
    Cells& cells = *current_;
    if (key >= cells.values.size()) [[unlikely]] {
      const std::size_t bytes = cells.bytes();
      cells.values.resize(key + 1, Cell{});
      cell_bytes_ += cells.bytes() - bytes;
    }
    Cell& cell = cells.values[key];
    const bool fresh = cell == Cell{};
    change(cell);
    if (fresh && !(cell == Cell{})) {
      const std::size_t capacity = cells.touched.capacity();
      cells.touched.push_back(key);
      cell_bytes_ += (cells.touched.capacity() - capacity) * sizeof(KeyId);
      ++entries_;
    }
  }

  // Closes every window whose end <= watermark; to_count(cell) gives the reported count.
  template <typename ToCount>
  CloseResult close_until(Seconds watermark, WindowSink& sink, ToCount&& to_count) {
    std::uint64_t pruned = 0;
    while (!open_.empty() && open_.begin()->first + window_ <= watermark) {
      pruned += close_first(sink, to_count);
    }
    const Seconds first_open = align_down(watermark, window_);
    // After a swap the previous strategy may have reported past first_open: never go back.
    reported_until_ = std::max(reported_until_, first_open);
    return {reported_until_, first_open + window_, pruned};
  }

  template <typename ToCount>
  void close_all(WindowSink& sink, ToCount&& to_count) {
    while (!open_.empty()) close_first(sink, to_count);
  }

  // Kept up to date as cells change: the counter asks at every close, and summing over the
  // open windows then took 16% of a run with 1 s windows.
  std::size_t memory_entries() const { return entries_; }

  // Capacities, counting the spare windows kept for reuse: that memory is held too.
  std::size_t memory_bytes() const { return cell_bytes_ + scratch_.capacity() * sizeof(KeyCount); }

  // Swap, out: every non-empty cell as a total, to_total(cell) its count; leaves the grid empty.
  template <typename ToTotal>
  Handover hand_over(ToTotal&& to_total) {
    Handover handover;
    handover.exact = exact_;
    handover.relative_std_error = relative_std_error_;
    for (const auto& [start, cells] : open_) {
      handover.exact = handover.exact && cells.exact;
      if (!cells.exact) {
        handover.relative_std_error = std::max(handover.relative_std_error, carried_rse_);
      }
      for (KeyId key : cells.touched) {
        handover.totals.push_back({start, start + window_, key, to_total(cells.values[key])});
      }
    }
    handover.reported_until = reported_until_;
    open_.clear();
    current_ = nullptr;
    recount();
    return handover;
  }

  // Swap, in: add(cell, count) for every positive total. A total lands in the window holding
  // its start, or in the first window not yet reported: the sum is kept even where the previous
  // strategy's windows were finer or shifted.
  template <typename Add>
  void take_over(const Handover& handover, Add&& add) {
    reported_until_ = handover.reported_until;
    // Before the first close nothing was reported, and aligning the minimum would overflow.
    const Seconds first_open = reported_until_ == std::numeric_limits<Seconds>::min()
                                   ? reported_until_
                                   : align_down(reported_until_, window_);
    if (!handover.exact) carried_rse_ = handover.relative_std_error;
    for (const OpenTotal& total : handover.totals) {
      if (!(total.count > 0)) continue;
      update(std::max(total.start, first_open), total.key,
             [&](Cell& cell) { add(cell, total.count); });
      if (!handover.exact) current_->exact = false;
    }
  }

  // Checkpoints: the open windows in order, each with its keys in the order they were first
  // touched (a swap hands totals over in that order, and Morris draws in it).
  // write_cell(out, cell) and read_cell(in) encode one non-empty cell.
  template <typename WriteCell>
  void save(StateWriter& out, WriteCell&& write_cell) const {
    out.i64(reported_until_);
    out.f64(carried_rse_);
    out.u64(open_.size());
    for (const auto& [start, cells] : open_) {
      out.i64(start);
      out.boolean(cells.exact);
      out.u64(cells.touched.size());
      for (KeyId key : cells.touched) {
        out.u32(key);
        write_cell(out, cells.values[key]);
      }
    }
  }

  // REQUIRES: an empty grid.
  template <typename ReadCell>
  void load(StateReader& in, ReadCell&& read_cell) {
    reported_until_ = in.i64();
    carried_rse_ = in.f64();
    for (std::uint64_t windows = in.count(17); windows > 0 && in.ok(); --windows) {
      const Seconds start = in.i64();
      if (start != align_down(start, window_) || open_.count(start) > 0) {
        in.fail("an open window that does not start on the grid, or twice");
        return;
      }
      Cells& cells = open_[start];
      cells.exact = in.boolean();
      for (std::uint64_t keys = in.count(5); keys > 0 && in.ok(); --keys) {
        const KeyId key = in.key();
        const Cell cell = read_cell(in);
        if (!in.ok()) return;
        if (key >= cells.values.size()) cells.values.resize(std::size_t{key} + 1, Cell{});
        if (cell == Cell{} || !(cells.values[key] == Cell{})) {
          in.fail("an empty or repeated cell in an open window");
          return;
        }
        cells.values[key] = cell;
        cells.touched.push_back(key);
      }
    }
    recount();
  }

 private:
  // The cells of one open window: dense by key id (fast to update), plus the ids that are
  // non-empty so closing costs O(keys hit in the window), not O(all keys).
  struct Cells {
    std::vector<Cell> values;
    std::vector<KeyId> touched;
    bool exact = true;  // false once a swap carried estimates into this window

    std::size_t bytes() const {
      return sizeof(Cells) + values.capacity() * sizeof(Cell) + touched.capacity() * sizeof(KeyId);
    }
  };
  using OpenWindows = std::map<Seconds, Cells>;

  Cells& open_window(Seconds start) {
    if (auto it = open_.find(start); it != open_.end()) return it->second;
    if (spare_.empty()) {
      cell_bytes_ += sizeof(Cells);
      return open_[start];
    }
    // Reuse a closed window's node and vectors: no allocation once warmed up.
    typename OpenWindows::node_type node = std::move(spare_.back());
    spare_.pop_back();
    node.key() = start;
    node.mapped().exact = true;
    return open_.insert(std::move(node)).position->second;
  }

  // Reports and releases the oldest open window; returns the cells it held.
  template <typename ToCount>
  std::size_t close_first(WindowSink& sink, ToCount& to_count) {
    typename OpenWindows::node_type node = open_.extract(open_.begin());
    const Seconds start = node.key();
    Cells& cells = node.mapped();
    scratch_.clear();
    for (KeyId key : cells.touched) {
      scratch_.push_back({key, to_count(cells.values[key])});
      cells.values[key] = Cell{};
    }
    entries_ -= cells.touched.size();
    cells.touched.clear();
    if (current_ == &cells) current_ = nullptr;
    const bool exact = exact_ && cells.exact;
    const double rse = cells.exact ? relative_std_error_
                                   : std::max(relative_std_error_, carried_rse_);
    spare_.push_back(std::move(node));
    sink.window_closed({start, start + window_, scratch_, exact, rse});
    return scratch_.size();
  }

  // Sets entries_ and cell_bytes_ from the windows held, after a change of many at once.
  void recount() {
    entries_ = 0;
    cell_bytes_ = 0;
    for (const auto& [start, cells] : open_) {
      entries_ += cells.touched.size();
      cell_bytes_ += cells.bytes();
    }
    for (const auto& node : spare_) cell_bytes_ += node.mapped().bytes();
  }

  Seconds window_;
  bool exact_;
  double relative_std_error_;
  double carried_rse_ = 0;  // of the estimates a swap carried into windows marked inexact
  // Windows ending at or before this were reported.
  Seconds reported_until_ = std::numeric_limits<Seconds>::min();
  OpenWindows open_;
  std::vector<typename OpenWindows::node_type> spare_;
  std::vector<KeyCount> scratch_;
  Cells* current_ = nullptr;  // the window of the last update: most hits share it
  Seconds current_start_ = 0;
  std::size_t entries_ = 0;     // cells with hits in the open windows
  std::size_t cell_bytes_ = 0;  // Cells::bytes() of the open and the spare windows
};

}  // namespace hitlog
