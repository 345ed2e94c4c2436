// An observer that writes a run's events as JSON lines, for people and tools that want to see
// what a run did: windows closed, entries pruned, strategy swaps, snapshots, files, bad lines.
//
// One object per line, "event" first, then the event's fields in a fixed order:
//   {"event":"window_closed","start":"2026-12-01T10:00:00Z","end":"...","rows":3,"hits":57,
//    "exact":true}
//   {"event":"pruned","entries":12,"watermark":"..."}
//   {"event":"strategy_swapped","from":"fixed","to":"morris","at":"...","exact":true}
//   {"event":"snapshot_taken","watermark":"...","hits":100}   (and "snapshot_restored")
//   {"event":"file_started","file":"access.log"}
//   {"event":"file_finished","file":"access.log","lines":1510}
//   {"event":"bad_line","file":"access.log","line":17,"reason":"timestamp does not parse"}
//   {"event":"hit_recorded","time":"...","key":4}             (verbose only)
// Times are ISO-8601 UTC; a time before any hit (std::numeric_limits<Seconds>::min()) is null.
// Strings are escaped as the jsonl report escapes them. Not thread-safe, like the EventHub.
#pragma once

#include <ostream>
#include <string>

#include "hitlog/events.h"

namespace hitlog {

class JsonlEventLog final : public RunObserver {
 public:
  // verbose adds one line per counted hit, which makes the log as long as the input.
  // REQUIRES: out outlives the log.
  explicit JsonlEventLog(std::ostream& out, bool verbose = false) : out_(out), verbose_(verbose) {}

  bool wants_hits() const override { return verbose_; }
  void hit_recorded(Seconds time, KeyId key) override;
  void pruned(std::uint64_t entries, Seconds watermark) override;
  void window_closed(const ClosedWindow& window) override;
  void strategy_swapped(std::string_view from, std::string_view to, Seconds at,
                        bool exact) override;
  void snapshot_taken(Seconds watermark, std::uint64_t hits) override;
  void snapshot_restored(Seconds watermark, std::uint64_t hits) override;
  void file_started(const std::string& name) override;
  void file_finished(const std::string& name, std::uint64_t lines) override;
  void bad_line(const std::string& file, std::uint64_t line, LineError reason) override;

 private:
  // Starts the line in line_ with the event's name; the append_* calls add fields, end_line()
  // closes the object and writes it.
  void begin(std::string_view event);
  void append_string(std::string_view key, std::string_view value);
  void append_count(std::string_view key, std::uint64_t value);
  void append_time(std::string_view key, Seconds value);
  void append_bool(std::string_view key, bool value);
  void end_line();
  void append_key(std::string_view key);
  void snapshot(std::string_view event, Seconds watermark, std::uint64_t hits);

  std::ostream& out_;
  const bool verbose_;
  std::string line_;  // reused for every event: no allocation once it has grown
};

}  // namespace hitlog
