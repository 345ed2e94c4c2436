// Counting strategies: how hits become per-window counts.
//
// A strategy receives hits that are on time (the HitCounter has already sorted out late ones)
// and reports windows once they are complete. Strategies never see endpoint strings, only KeyIds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "hitlog/key_table.h"
#include "hitlog/time.h"

namespace hitlog {

// The start of the window of length w that holds t: floor(t / w) * w, also for t < 0.
constexpr Seconds align_down(Seconds t, Seconds w) {
  const Seconds q = t / w;
  return (q * w > t ? q - 1 : q) * w;
}

struct KeyCount {
  KeyId key;
  std::uint64_t count;
};

// Receives completed windows, in time order.
class WindowSink {
 public:
  virtual ~WindowSink() = default;
  // counts holds every key with a non-zero count in [start, end), in no particular order; the
  // sink may reorder it. The span is valid only during the call.
  virtual void window_closed(Seconds start, Seconds end, std::span<KeyCount> counts) = 0;
};

// What a strategy tells its HitCounter after closing windows.
struct CloseResult {
  Seconds accept_from;  // hits earlier than this belong to windows already reported: late
  Seconds next_due;     // the watermark at which the next window becomes complete
};

// Contract for every strategy: record() is on the hot path (once per hit) and must not allocate
// once the open windows' storage has warmed up. name() is stable: it will be stored in
// checkpoints. Not thread-safe.
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

  // Counters held in memory: the (window, key) cells or timestamps the state is made of.
  virtual std::size_t memory_entries() const = 0;
};

// Exact counts in tumbling windows [floor(t/W)*W, floor(t/W)*W + W). REQUIRES: window > 0.
std::unique_ptr<CountingStrategy> make_fixed_window(Seconds window);

}  // namespace hitlog
