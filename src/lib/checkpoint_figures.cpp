#include <limits>

#include "hitlog/checkpoint.h"
#include "hitlog/hit_counter.h"

namespace hitlog {
namespace {

class DiscardWindows final : public WindowSink {
 public:
  void window_closed(const ClosedWindow&) override {}
};

}  // namespace

CheckpointFigures checkpoint_figures(const Checkpoint& checkpoint) {
  CheckpointFigures figures;
  std::unique_ptr<CountingStrategy> strategy = make_strategy(checkpoint.strategy, figures.error);
  if (!strategy) return figures;
  DiscardWindows sink;
  HitCounter counter(std::move(strategy), 0, sink);
  StateReader in(checkpoint.counter_state);
  in.set_key_limit(checkpoint.keys.size());
  counter.load(in);
  if (!in.ok()) {
    figures.error = in.error();
    return figures;
  }
  figures.any_hit = counter.max_time() != std::numeric_limits<Seconds>::min();
  figures.newest_hit = counter.max_time();
  figures.reported_to = counter.accept_from();
  figures.hits = counter.hits();
  figures.late_hits = counter.late_hits();
  figures.windows = counter.windows();
  figures.open_entries = counter.strategy().memory_entries();
  return figures;
}

}  // namespace hitlog
