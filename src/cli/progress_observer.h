// Shows the run's progress events as a status line on a terminal.
#pragma once

#include <optional>
#include <ostream>

#include "hitlog/events.h"
#include "progress_meter.h"

namespace hitlog::cli {

class ProgressObserver final : public RunObserver {
 public:
  explicit ProgressObserver(std::ostream& out) : out_(out) {}

  // The run's first progress event (at its start) carries the total size.
  void progress(std::uint64_t bytes_done, std::uint64_t total_bytes,
                std::uint64_t lines) override {
    if (!meter_) meter_.emplace(out_, total_bytes);
    meter_->update(bytes_done, lines);
  }

  // Clears the status line before anything else is printed.
  void finish() {
    if (meter_) meter_->finish();
  }

 private:
  std::ostream& out_;
  std::optional<ProgressMeter> meter_;
};

}  // namespace hitlog::cli
