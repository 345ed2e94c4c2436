// The figures of one run as a value type, and their two machine-readable forms: a JSON object
// and the Prometheus text exposition format, for node_exporter's textfile collector.
//
// The field names are a contract: they are the JSON keys and, prefixed "hitlog_", the
// Prometheus metric names, which dashboards and alerts refer to. Renaming one breaks them.
// Every function is pure and thread-safe.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

namespace hitlog {

struct Metrics {
  std::uint64_t total_hits = 0;       // hits counted in a window
  std::uint64_t endpoints_count = 0;  // distinct keys
  std::uint64_t pruned_events = 0;    // memory entries released by the strategy
  // The counting strategy; after a swap, the strategies in order joined by '>' ("fixed>morris").
  std::string strategy;
  std::uint64_t swaps = 0;
  // The most the strategy held at once (cells, or the sliding window's entries), over this run
  // and the earlier runs of its checkpoint.
  std::uint64_t memory_entries = 0;
  std::uint64_t memory_bytes = 0;
  std::uint64_t lines = 0;
  std::uint64_t bad_lines = 0;
  std::uint64_t late_hits = 0;  // arrived after their window was reported
  std::uint64_t bytes_read = 0;
  std::uint64_t windows_emitted = 0;
  double elapsed_seconds = 0;
  // When the run ended, in seconds since the epoch; 0 when unknown.
  std::int64_t finished_at = 0;
};

// One JSON object on one line, keys in the order of the fields above. finished_at is null when
// unknown; elapsed_seconds is written in its shortest exact form.
void write_metrics_json(std::ostream& out, const Metrics& metrics);

// Prometheus text format (version 0.0.4): every figure is a gauge named hitlog_<field>, with one
// HELP and one TYPE line; the strategy is the label of hitlog_info, whose value is 1; the
// finished_at time is hitlog_last_run_timestamp_seconds, omitted when unknown. No sample
// carries a timestamp (the textfile collector rejects them). Ends with a line feed.
// Write it to a temporary file and rename it into the collector's directory, so that the
// collector never reads half a file.
void write_metrics_prometheus(std::ostream& out, const Metrics& metrics);

}  // namespace hitlog
