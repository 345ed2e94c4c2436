// A run's lifecycle events (Observer). Observers subscribe to an EventHub owned by the run;
// with nobody subscribed, the stages pay one predictable branch and no call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hitlog/counting_strategy.h"
#include "hitlog/line_parser.h"

namespace hitlog {

// Override what you need; every default does nothing. Calls come from the run's thread.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // One call per counted hit: delivered only to observers whose wants_hits() is true and who
  // subscribed before the run's HitCounter was made (it asks once, to keep record() lean).
  virtual bool wants_hits() const { return false; }
  virtual void hit_recorded(Seconds /*time*/, KeyId /*key*/) {}
  virtual void pruned(std::uint64_t /*entries*/, Seconds /*watermark*/) {}
  virtual void window_closed(const ClosedWindow& /*window*/) {}
  virtual void strategy_swapped(std::string_view /*from*/, std::string_view /*to*/,
                                Seconds /*at*/, bool /*exact*/) {}
  virtual void snapshot_taken(Seconds /*watermark*/, std::uint64_t /*hits*/) {}
  virtual void snapshot_restored(Seconds /*watermark*/, std::uint64_t /*hits*/) {}
  virtual void file_started(const std::string& /*name*/) {}
  virtual void file_finished(const std::string& /*name*/, std::uint64_t /*lines*/) {}
  virtual void bad_line(const std::string& /*file*/, std::uint64_t /*line*/,
                        LineError /*reason*/) {}
  // Every so many lines: raw bytes read so far, of total_bytes (0 when unknown, e.g. stdin).
  virtual void progress(std::uint64_t /*bytes_done*/, std::uint64_t /*total_bytes*/,
                        std::uint64_t /*lines*/) {}
};

// Fans events out to the subscribed observers, in subscription order. Not thread-safe.
class EventHub {
 public:
  // REQUIRES: observer outlives the hub.
  void subscribe(RunObserver& observer);

  bool active() const { return !observers_.empty(); }
  bool wants_hits() const { return !hit_observers_.empty(); }

  void hit_recorded(Seconds time, KeyId key) {
    for (RunObserver* o : hit_observers_) o->hit_recorded(time, key);
  }
  void pruned(std::uint64_t entries, Seconds watermark) {
    for (RunObserver* o : observers_) o->pruned(entries, watermark);
  }
  void window_closed(const ClosedWindow& window) {
    for (RunObserver* o : observers_) o->window_closed(window);
  }
  void strategy_swapped(std::string_view from, std::string_view to, Seconds at, bool exact) {
    for (RunObserver* o : observers_) o->strategy_swapped(from, to, at, exact);
  }
  void snapshot_taken(Seconds watermark, std::uint64_t hits) {
    for (RunObserver* o : observers_) o->snapshot_taken(watermark, hits);
  }
  void snapshot_restored(Seconds watermark, std::uint64_t hits) {
    for (RunObserver* o : observers_) o->snapshot_restored(watermark, hits);
  }
  void file_started(const std::string& name) {
    for (RunObserver* o : observers_) o->file_started(name);
  }
  void file_finished(const std::string& name, std::uint64_t lines) {
    for (RunObserver* o : observers_) o->file_finished(name, lines);
  }
  void bad_line(const std::string& file, std::uint64_t line, LineError reason) {
    for (RunObserver* o : observers_) o->bad_line(file, line, reason);
  }
  void progress(std::uint64_t bytes_done, std::uint64_t total_bytes, std::uint64_t lines) {
    for (RunObserver* o : observers_) o->progress(bytes_done, total_bytes, lines);
  }

 private:
  std::vector<RunObserver*> observers_;
  std::vector<RunObserver*> hit_observers_;
};

}  // namespace hitlog
