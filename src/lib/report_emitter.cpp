#include "report_emitter.h"

#include <algorithm>
#include <bit>

namespace hitlog {

void ReportEmitter::window_closed(const ClosedWindow& window) {
  const std::span<KeyCount> counts = window.counts;
  if (counts.empty()) return;
  update_ranks();
  order_rows(counts);
  rows_buffer_.clear();
  for (const std::uint32_t index : order_) {
    const KeyCount& cell = counts[index];
    const KeyParts& parts = keys_.parts(cell.key);
    rows_buffer_.push_back({parts.endpoint, parts.method, parts.status, cell.count, window.exact,
                            window.relative_std_error});
  }
  writer_.write_window(window.start, window.end, rows_buffer_);
  ++windows_;
  rows_ += rows_buffer_.size();
}

// A window holding a fair share of all keys is put in order through a bitmap of their ranks,
// in time linear in the window's rows and the number of keys / 64 (sliding windows report
// nearly the same keys at every tick); a window holding few keys is sorted.
void ReportEmitter::order_rows(std::span<const KeyCount> counts) {
  constexpr std::size_t kWordBits = 64;
  order_.clear();
  if (counts.size() * kWordBits * 8 < keys_.size()) {
    packed_.clear();
    // (rank, index) pairs packed in integers: no indirection in the comparisons.
    for (std::size_t i = 0; i < counts.size(); ++i) {
      packed_.push_back(std::uint64_t{rank_[counts[i].key]} << 32 | i);
    }
    std::sort(packed_.begin(), packed_.end());
    for (const std::uint64_t pair : packed_) order_.push_back(pair & 0xffffffff);
    return;
  }
  ranked_bits_.assign((keys_.size() + kWordBits - 1) / kWordBits, 0);
  index_by_rank_.resize(keys_.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const std::uint32_t rank = rank_[counts[i].key];
    ranked_bits_[rank / kWordBits] |= std::uint64_t{1} << (rank % kWordBits);
    index_by_rank_[rank] = static_cast<std::uint32_t>(i);
  }
  for (std::size_t word = 0; word < ranked_bits_.size(); ++word) {
    for (std::uint64_t bits = ranked_bits_[word]; bits != 0; bits &= bits - 1) {
      order_.push_back(index_by_rank_[word * kWordBits + std::countr_zero(bits)]);
    }
  }
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
