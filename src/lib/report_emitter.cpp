#include "report_emitter.h"

#include <algorithm>

namespace hitlog {

void ReportEmitter::window_closed(const ClosedWindow& window) {
  const std::span<KeyCount> counts = window.counts;
  if (counts.empty()) return;
  std::sort(counts.begin(), counts.end(),
            [this](const KeyCount& a, const KeyCount& b) { return keys_.less(a.key, b.key); });
  rows_buffer_.clear();
  for (const KeyCount& cell : counts) {
    const KeyParts& parts = keys_.parts(cell.key);
    rows_buffer_.push_back({parts.endpoint, parts.method, parts.status, cell.count, window.exact,
                            window.relative_std_error});
  }
  writer_.write_window(window.start, window.end, rows_buffer_);
  ++windows_;
  rows_ += rows_buffer_.size();
}

}  // namespace hitlog
