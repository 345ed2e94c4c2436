// Counting strategies: how hits become per-window counts.
//
// A strategy receives hits that are on time (the HitCounter has already sorted out late ones)
// and reports windows once they are complete. Strategies never see endpoint strings, only
// KeyIds. Every strategy has the same verbs: record, close complete windows, report memory,
// hand over its open state (for a swap), and copy itself (for a snapshot).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hitlog/key_table.h"
#include "hitlog/state_codec.h"
#include "hitlog/time.h"

namespace hitlog {

// The start of the window of length w that holds t: floor(t / w) * w, also for t < 0.
constexpr Seconds align_down(Seconds t, Seconds w) {
  const Seconds q = t / w;
  return (q * w > t ? q - 1 : q) * w;
}

struct KeyCount {
  KeyId key;
  std::uint64_t count;  // for an approximate strategy, the estimate rounded to an integer
};

// One completed window as a strategy reports it.
struct ClosedWindow {
  Seconds start = 0;
  Seconds end = 0;
  // Every key with a non-zero count in [start, end), in no particular order; the sink may
  // reorder it. Valid only during the call.
  std::span<KeyCount> counts;
  // False when the counts are estimates: from an approximate strategy, or carried over into an
  // exact one from an approximate one by a swap.
  bool exact = true;
  // Theoretical relative standard error of each estimate (0 for exact counts).
  double relative_std_error = 0;
};

// Receives completed windows, in time order.
class WindowSink {
 public:
  virtual ~WindowSink() = default;
  virtual void window_closed(const ClosedWindow& window) = 0;
};

// What a strategy tells its HitCounter after closing windows.
struct CloseResult {
  Seconds accept_from;       // hits earlier than this belong to windows already reported: late
  Seconds next_due;          // the watermark at which the next window becomes complete
  std::uint64_t pruned = 0;  // memory entries released by this call
};

// Part of a strategy's open state in the common currency of a swap: count hits (exact or
// estimated) of key with timestamps in [start, end).
struct OpenTotal {
  Seconds start;
  Seconds end;
  KeyId key;
  double count;
};

// The open state handed from one strategy to the next at a swap.
struct Handover {
  std::vector<OpenTotal> totals;
  bool exact = true;               // false when the totals are estimates
  double relative_std_error = 0;   // of the estimates, when they are not exact
  Seconds reported_until;          // every window/tick ending at or before this was reported
};

// Contract for every strategy: record() is on the hot path (once per hit) and allocates only
// as the open windows' storage grows, by a part of itself each time: a few times per window or
// granule at most, never per hit. name() is stable: it is shown to users and is stored in
// checkpoints (a new saved encoding bumps the checkpoint version). Not thread-safe.
class CountingStrategy {
 public:
  virtual ~CountingStrategy() = default;
  virtual std::string_view name() const = 0;

  // REQUIRES: t >= the accept_from of the last close_until() call.
  virtual void record(Seconds t, KeyId key) = 0;

  // Reports, in time order, every window that is complete once no hit earlier than watermark
  // can still arrive, i.e. every window whose end <= watermark.
  virtual CloseResult close_until(Seconds watermark, WindowSink& sink) = 0;

  // Reports every window still open (the end of input).
  virtual void close_all(WindowSink& sink) = 0;

  // Entries held (cells or timestamps) and the bytes they take, for metrics.
  virtual std::size_t memory_entries() const = 0;
  virtual std::size_t memory_bytes() const = 0;

  // Swap, out: the open state as totals; the strategy is left empty.
  virtual Handover hand_over() = 0;
  // Swap, in: REQUIRES a fresh strategy. Takes the previous strategy's open state so that
  // totals carry across; never reports a window ending at or before reported_until, and its
  // close_until() never returns an accept_from earlier than reported_until.
  virtual void take_over(const Handover& handover) = 0;

  // Memento: an independent copy of the whole state, random source included.
  virtual std::unique_ptr<CountingStrategy> clone() const = 0;

  // Checkpoints: the whole state as bytes, random source included, in an encoding that
  // name() identifies; load(save()) continues exactly as the saved strategy would have.
  virtual void save(StateWriter& out) const = 0;
  // REQUIRES: a fresh strategy made from the same spec as the saved one. On bad bytes, fails
  // the reader (with a reason) and leaves this strategy unusable.
  virtual void load(StateReader& in) = 0;
};

// How to build a strategy: its name and parameters, as given on the command line.
struct StrategySpec {
  std::string name = "fixed";  // fixed | sliding | morris
  Seconds window = 60;
  Seconds step = 0;            // sliding: emit a row every step; 0 = the window
  int morris_bits = 8;         // morris: counter width in bits (saturates at 2^bits - 1)
  double morris_base = 2.0;    // morris: > 1; smaller is finer and needs more bits
  std::uint64_t seed = 1;      // morris: seed of the random source
  bool operator==(const StrategySpec&) const = default;
};

// The names make_strategy knows, for help texts and errors.
std::vector<std::string_view> strategy_names();

// Returns nullptr and sets error to a message for the user when the spec is invalid.
std::unique_ptr<CountingStrategy> make_strategy(const StrategySpec& spec, std::string& error);

// Exact counts in tumbling windows [floor(t/W)*W, floor(t/W)*W + W). REQUIRES: window > 0.
std::unique_ptr<CountingStrategy> make_fixed_window(Seconds window);

}  // namespace hitlog
