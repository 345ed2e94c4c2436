#include "hitlog/event_log.h"

#include <limits>

#include "hitlog/time.h"
#include "json_text.h"
#include "report_writers.h"

namespace hitlog {

void JsonlEventLog::hit_recorded(Seconds time, KeyId key) {
  begin("hit_recorded");
  append_time("time", time);
  append_count("key", key);
  end_line();
}

void JsonlEventLog::pruned(std::uint64_t entries, Seconds watermark) {
  begin("pruned");
  append_count("entries", entries);
  append_time("watermark", watermark);
  end_line();
}

void JsonlEventLog::window_closed(const ClosedWindow& window) {
  std::uint64_t hits = 0;
  for (const KeyCount& count : window.counts) hits += count.count;
  begin("window_closed");
  append_time("start", window.start);
  append_time("end", window.end);
  append_count("rows", window.counts.size());
  append_count("hits", hits);
  append_bool("exact", window.exact);
  end_line();
}

void JsonlEventLog::strategy_swapped(std::string_view from, std::string_view to, Seconds at,
                                     bool exact) {
  begin("strategy_swapped");
  append_string("from", from);
  append_string("to", to);
  append_time("at", at);
  append_bool("exact", exact);
  end_line();
}

void JsonlEventLog::snapshot_taken(Seconds watermark, std::uint64_t hits) {
  snapshot("snapshot_taken", watermark, hits);
}

void JsonlEventLog::snapshot_restored(Seconds watermark, std::uint64_t hits) {
  snapshot("snapshot_restored", watermark, hits);
}

void JsonlEventLog::file_started(const std::string& name) {
  begin("file_started");
  append_string("file", name);
  end_line();
}

void JsonlEventLog::file_finished(const std::string& name, std::uint64_t lines) {
  begin("file_finished");
  append_string("file", name);
  append_count("lines", lines);
  end_line();
}

void JsonlEventLog::bad_line(const std::string& file, std::uint64_t line, LineError reason) {
  begin("bad_line");
  append_string("file", file);
  append_count("line", line);
  append_string("reason", describe(reason));
  end_line();
}

void JsonlEventLog::snapshot(std::string_view event, Seconds watermark, std::uint64_t hits) {
  begin(event);
  append_time("watermark", watermark);
  append_count("hits", hits);
  end_line();
}

void JsonlEventLog::begin(std::string_view event) {
  // Event names and keys are our own plain ASCII: only values need escaping.
  line_.assign("{\"event\":\"").append(event).push_back('"');
}

void JsonlEventLog::append_key(std::string_view key) {
  line_.append(",\"").append(key).append("\":");
}

void JsonlEventLog::append_string(std::string_view key, std::string_view value) {
  append_key(key);
  append_json_string(line_, value);
}

void JsonlEventLog::append_count(std::string_view key, std::uint64_t value) {
  append_key(key);
  append_number(line_, value);
}

void JsonlEventLog::append_time(std::string_view key, Seconds value) {
  append_key(key);
  // The watermark before any hit is the lowest Seconds: no time at all, not a date.
  if (value == std::numeric_limits<Seconds>::min()) {
    line_.append("null");
    return;
  }
  line_.push_back('"');
  append_utc(line_, value);
  line_.push_back('"');
}

void JsonlEventLog::append_bool(std::string_view key, bool value) {
  append_key(key);
  line_.append(value ? "true" : "false");
}

void JsonlEventLog::end_line() {
  line_.append("}\n");
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

}  // namespace hitlog
