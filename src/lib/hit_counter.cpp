#include "hitlog/hit_counter.h"

namespace hitlog {

HitCounter::HitCounter(std::unique_ptr<CountingStrategy> strategy, Seconds max_delay,
                       WindowSink& sink)
    : strategy_(std::move(strategy)), max_delay_(max_delay), sink_(sink) {}

void HitCounter::advance(Seconds watermark) {
  const CloseResult result = strategy_->close_until(watermark, sink_);
  accept_from_ = result.accept_from;
  next_due_ = result.next_due;
}

void HitCounter::finish() { strategy_->close_all(sink_); }

}  // namespace hitlog
