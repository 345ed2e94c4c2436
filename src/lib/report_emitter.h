// The WindowSink that turns a strategy's closed windows into sorted report rows.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hitlog/counting_strategy.h"
#include "hitlog/key_table.h"
#include "hitlog/report_writer.h"

namespace hitlog {

class ReportEmitter final : public WindowSink {
 public:
  ReportEmitter(const KeyTable& keys, ReportWriter& writer) : keys_(keys), writer_(writer) {}

  void window_closed(const ClosedWindow& window) override;
  // Hands the rows the writer buffers to its stream (before a checkpoint records the report).
  void flush() { writer_.flush(); }

  std::uint64_t windows() const { return windows_; }
  std::uint64_t rows() const { return rows_; }

 private:
  void update_ranks();
  void order_rows(std::span<const KeyCount> counts);

  const KeyTable& keys_;
  ReportWriter& writer_;
  // Report order as ranks, so that sorting a window's rows compares integers, not strings.
  std::vector<KeyId> by_rank_;       // every key known so far, in report order
  std::vector<std::uint32_t> rank_;  // by id: the key's position in by_rank_
  // Scratch of order_rows(), kept to avoid allocating per window.
  std::vector<std::uint32_t> order_;        // indexes into the window's counts, in report order
  std::vector<std::uint64_t> packed_;       // rank << 32 | index, sorted
  std::vector<std::uint64_t> ranked_bits_;  // bit r set: the key of rank r has a row
  std::vector<std::uint32_t> index_by_rank_;
  std::vector<ReportRow> rows_buffer_;
  std::uint64_t windows_ = 0;
  std::uint64_t rows_ = 0;
};

}  // namespace hitlog
