#include "progress_meter.h"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>

namespace hitlog {
namespace {

// Moves to the start of the line and erases what the last status left there.
constexpr std::string_view kReturn = "\r";
constexpr std::string_view kClearToEnd = "\x1b[K";

constexpr std::array<std::string_view, 5> kByteUnits = {" B", " kB", " MB", " GB", " TB"};
constexpr std::array<std::string_view, 4> kCountUnits = {"", " k", " M", " G"};

// Whole numbers below a thousand, above that one decimal in the largest unit that keeps the
// number below a thousand once rounded (999.96 kB is "1.0 MB", not "1000.0 kB").
template <std::size_t N>
void append_scaled(std::string& out, double value, const std::array<std::string_view, N>& units) {
  char text[32];
  std::size_t unit = 0;
  if (value < 999.5) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else {
    value /= 1000;
    unit = 1;
    while (value >= 999.95 && unit + 1 < N) {
      value /= 1000;
      ++unit;
    }
    std::snprintf(text, sizeof text, "%.1f", value);
  }
  out.append(text);
  out.append(units[unit]);
}

// "0:05", "12:34", "1:02:03".
void append_duration(std::string& out, double seconds) {
  const auto total = static_cast<long long>(std::llround(seconds));
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60,
                  total % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
  }
  out.append(text);
}

}  // namespace

std::string render_progress(const ProgressState& state) {
  const auto done = static_cast<double>(state.bytes_done);
  const auto total = static_cast<double>(state.total_bytes);
  std::string line = "hitlog: ";
  append_scaled(line, done, kByteUnits);
  if (state.total_bytes > 0) {
    line.append(" / ");
    append_scaled(line, total, kByteUnits);
    // A file that grew while it was read may take done past the total.
    const std::uint64_t percent =
        state.bytes_done >= state.total_bytes ? 100 : state.bytes_done * 100 / state.total_bytes;
    line.append(" (").append(std::to_string(percent)).append("%)");
  }
  if (state.elapsed_seconds <= 0) return line;
  line.append("  ");
  append_scaled(line, static_cast<double>(state.lines) / state.elapsed_seconds, kCountUnits);
  line.append(" lines/s");
  if (state.total_bytes > 0 && state.bytes_done > 0) {
    // The rate so far, applied to what is left.
    const double left = state.bytes_done >= state.total_bytes ? 0 : total - done;
    line.append("  ETA ");
    append_duration(line, left * state.elapsed_seconds / done);
  }
  return line;
}

double steady_seconds() {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration<double>(now).count();
}

ProgressMeter::ProgressMeter(std::ostream& out, std::uint64_t total_bytes, Clock clock)
    : out_(out),
      total_bytes_(total_bytes),
      clock_(std::move(clock)),
      start_(clock_()),
      last_draw_(start_) {}

void ProgressMeter::update(std::uint64_t bytes_done, std::uint64_t lines) {
  const double now = clock_();
  if (now - last_draw_ < kRedrawSeconds) return;
  last_draw_ = now;
  const std::string line = render_progress({.bytes_done = bytes_done,
                                            .total_bytes = total_bytes_,
                                            .lines = lines,
                                            .elapsed_seconds = now - start_});
  out_ << kReturn << line << kClearToEnd << std::flush;
  shown_ = true;
}

void ProgressMeter::finish() {
  if (!shown_) return;
  out_ << kReturn << kClearToEnd << std::flush;
  shown_ = false;
}

}  // namespace hitlog
