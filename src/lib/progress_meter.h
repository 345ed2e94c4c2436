// A one-line progress status for a terminal, redrawn in place while a run reads its inputs:
//   hitlog: 412.3 MB / 1.2 GB (34%)  1.9 M lines/s  ETA 0:05
// or, when the total is unknown (standard input):
//   hitlog: 412.3 MB  1.9 M lines/s
// Sizes use decimal units (1 MB = 10^6 bytes), as the summary does. Only for a terminal: the
// line is redrawn with "\r" and cleared with the ANSI "erase to end of line" sequence.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace hitlog {

struct ProgressState {
  std::uint64_t bytes_done = 0;   // bytes read from the inputs (compressed size for gzip)
  std::uint64_t total_bytes = 0;  // the inputs' size; 0 when unknown
  std::uint64_t lines = 0;
  double elapsed_seconds = 0;
};

// The status line, without "\r" or a line end. The share and the ETA appear only when the
// total is known, the rate and the ETA only once time has passed and bytes were read.
std::string render_progress(const ProgressState& state);

// Seconds on a monotonic clock, from an arbitrary origin.
double steady_seconds();

// Draws render_progress on out, at most every kRedrawSeconds, so the run can call update()
// often (every few thousand lines) at the cost of one clock read. Not thread-safe.
class ProgressMeter {
 public:
  using Clock = std::function<double()>;
  static constexpr double kRedrawSeconds = 0.2;

  // REQUIRES: out outlives the meter. clock is read once here, as the start of the run.
  ProgressMeter(std::ostream& out, std::uint64_t total_bytes, Clock clock = steady_seconds);

  // The first draw waits kRedrawSeconds, so a short run shows nothing.
  void update(std::uint64_t bytes_done, std::uint64_t lines);
  // Clears the line, so that what is printed next starts on a clean line. Call it before
  // writing anything else to out, and at the end.
  void finish();

 private:
  std::ostream& out_;
  const std::uint64_t total_bytes_;
  const Clock clock_;
  const double start_;
  double last_draw_;
  bool shown_ = false;  // a status line is on the screen
};

}  // namespace hitlog
