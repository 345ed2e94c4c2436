#include "checkpointer.h"

#include <algorithm>
#include <limits>

namespace hitlog {

Checkpointer::Checkpointer(const CheckpointPlan& plan, CheckpointHeader header,
                           const HitCounter& counter, const KeyTable& keys, InputLedger& ledger,
                           const RunStats& stats, ReportEmitter& emitter)
    : plan_(plan),
      header_(std::move(header)),
      counter_(counter),
      keys_(keys),
      ledger_(ledger),
      stats_(stats),
      emitter_(emitter),
      saver_(plan.path, plan.files != nullptr ? *plan.files : default_files_, *plan.output),
      next_check_(next_check_after(0)),
      last_save_(std::chrono::steady_clock::now()),
      last_durable_save_(last_save_) {}

std::uint64_t Checkpointer::next_check_after(std::uint64_t lines) const {
  // With a time interval the clock is read every kClockEveryLines lines, not every line.
  std::uint64_t next = plan_.every_seconds > 0 ? lines + kClockEveryLines
                                               : std::numeric_limits<std::uint64_t>::max();
  if (plan_.every_lines > 0) next = std::min(next, plan_.every_lines);
  return next;
}

bool Checkpointer::periodic_save() {
  bool due = plan_.every_lines > 0 && since_save_ >= plan_.every_lines;
  if (!due && plan_.every_seconds > 0) {
    const std::chrono::duration<double> waited = std::chrono::steady_clock::now() - last_save_;
    due = waited.count() >= plan_.every_seconds;
  }
  if (!due) {
    next_check_ = next_check_after(since_save_);
    return true;
  }
  return save(false, false);
}

bool Checkpointer::save(bool run_over, bool durable) {
  const auto now = std::chrono::steady_clock::now();
  durable = durable || std::chrono::duration<double>(now - last_durable_save_).count() >=
                           kDurableEverySeconds;
  Checkpoint& checkpoint = draft_;
  // The report first: a checkpoint must never claim rows that a crash of the process could
  // still lose (the saver fsyncs them before a durable save).
  emitter_.flush();
  if (!plan_.output->sync(checkpoint.output_position, error_)) return false;
  checkpoint.written_at = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  checkpoint.config = header_.config;
  const std::size_t done = counter_.swaps_done();
  checkpoint.strategy = header_.strategy_after(done);
  checkpoint.strategy_chain = header_.chain_after(done);
  checkpoint.swaps = header_.swaps + done;
  for (KeyId id = static_cast<KeyId>(checkpoint.keys.size()); id < keys_.size(); ++id) {
    const KeyParts& parts = keys_.parts(id);
    checkpoint.keys.push_back(
        {std::string(parts.endpoint), std::string(parts.method), parts.status});
  }
  StateWriter state;
  counter_.save(state);
  checkpoint.counter_state = state.take();
  checkpoint.inputs = ledger_.marks(run_over);
  CheckpointTotals& totals = checkpoint.totals;
  totals = header_.totals;
  totals.runs += 1;
  totals.lines += stats_.lines;
  totals.bad_lines += stats_.bad_lines;
  totals.filtered += stats_.filtered;
  totals.bytes += stats_.bytes;
  totals.rows += emitter_.rows();

  const CheckpointEncoder::Pieces pieces = encoder_.encode(checkpoint);
  std::string bytes;
  bytes.reserve(pieces.head.size() + pieces.keys.size() + pieces.tail.size());
  bytes.append(pieces.head).append(pieces.keys).append(pieces.tail);
  if (!saver_.queue(std::move(bytes), durable, error_)) return false;
  since_save_ = 0;
  next_check_ = next_check_after(0);
  last_save_ = now;
  if (durable) last_durable_save_ = now;
  return true;
}

}  // namespace hitlog
