#include "report_emitter.h"

#include <algorithm>

namespace hitlog {

void ReportEmitter::window_closed(const ClosedWindow& window) {
  const std::span<KeyCount> counts = window.counts;
  if (counts.empty()) return;
  update_ranks();
  // Sorting (rank, index) pairs packed in integers: no indirection in the comparisons.
  order_.clear();
  for (std::size_t i = 0; i < counts.size(); ++i) {
    order_.push_back(std::uint64_t{rank_[counts[i].key]} << 32 | i);
  }
  std::sort(order_.begin(), order_.end());
  rows_buffer_.clear();
  for (const std::uint64_t packed : order_) {
    const KeyCount& cell = counts[packed & 0xffffffff];
    const KeyParts& parts = keys_.parts(cell.key);
    rows_buffer_.push_back({parts.endpoint, parts.method, parts.status, cell.count, window.exact,
                            window.relative_std_error});
  }
  writer_.write_window(window.start, window.end, rows_buffer_);
  ++windows_;
  rows_ += rows_buffer_.size();
}

// Keys interned since the last window are sorted among themselves and merged in: a window
// costs a string sort of its new keys only, and a pass over all keys when there are any.
void ReportEmitter::update_ranks() {
  const std::size_t known = by_rank_.size();
  if (keys_.size() == known) return;
  const auto less = [this](KeyId a, KeyId b) { return keys_.less(a, b); };
  for (std::size_t id = known; id < keys_.size(); ++id) by_rank_.push_back(static_cast<KeyId>(id));
  std::sort(by_rank_.begin() + known, by_rank_.end(), less);
  std::inplace_merge(by_rank_.begin(), by_rank_.begin() + known, by_rank_.end(), less);
  rank_.resize(keys_.size());
  for (std::size_t rank = 0; rank < by_rank_.size(); ++rank) {
    rank_[by_rank_[rank]] = static_cast<std::uint32_t>(rank);
  }
}

}  // namespace hitlog
