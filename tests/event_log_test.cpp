#include "hitlog/event_log.h"

#include <catch2/catch.hpp>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace hitlog {
namespace {

// 2026-12-01T10:00:00Z.
constexpr Seconds kTen = 1796119200;
constexpr Seconds kNoHitsYet = std::numeric_limits<Seconds>::min();

// Every event once, through the hub as the run delivers them.
void emit_all(EventHub& hub) {
  std::vector<KeyCount> counts = {{0, 50}, {1, 5}, {2, 2}};
  ClosedWindow window;
  window.start = kTen;
  window.end = kTen + 60;
  window.counts = counts;
  hub.file_started("access.log");
  hub.hit_recorded(kTen + 5, 2);
  hub.bad_line("access.log", 17, LineError::bad_time);
  hub.window_closed(window);
  hub.pruned(12, kTen + 60);
  hub.strategy_swapped("fixed", "morris", kTen + 90, false);
  hub.snapshot_taken(kTen + 120, 57);
  hub.snapshot_restored(kNoHitsYet, 0);
  hub.file_finished("access.log", 1510);
}

std::string log_of(bool verbose) {
  std::ostringstream out;
  JsonlEventLog log(out, verbose);
  EventHub hub;
  hub.subscribe(log);
  emit_all(hub);
  return out.str();
}

}  // namespace

TEST_CASE("event log writes one JSON line per event", "[event_log]") {
  CHECK(log_of(false) ==
        "{\"event\":\"file_started\",\"file\":\"access.log\"}\n"
        "{\"event\":\"bad_line\",\"file\":\"access.log\",\"line\":17,"
        "\"reason\":\"timestamp does not parse\"}\n"
        "{\"event\":\"window_closed\",\"start\":\"2026-12-01T10:00:00Z\","
        "\"end\":\"2026-12-01T10:01:00Z\",\"rows\":3,\"hits\":57,\"exact\":true}\n"
        "{\"event\":\"pruned\",\"entries\":12,\"watermark\":\"2026-12-01T10:01:00Z\"}\n"
        "{\"event\":\"strategy_swapped\",\"from\":\"fixed\",\"to\":\"morris\","
        "\"at\":\"2026-12-01T10:01:30Z\",\"exact\":false}\n"
        "{\"event\":\"snapshot_taken\",\"watermark\":\"2026-12-01T10:02:00Z\",\"hits\":57}\n"
        "{\"event\":\"snapshot_restored\",\"watermark\":null,\"hits\":0}\n"
        "{\"event\":\"file_finished\",\"file\":\"access.log\",\"lines\":1510}\n");
}

TEST_CASE("event log shows hits only when verbose", "[event_log]") {
  std::ostringstream quiet_out;
  JsonlEventLog quiet(quiet_out);
  CHECK_FALSE(quiet.wants_hits());
  std::ostringstream verbose_out;
  JsonlEventLog verbose(verbose_out, true);
  CHECK(verbose.wants_hits());

  const std::string quiet_text = log_of(false);
  const std::string verbose_text = log_of(true);
  CHECK(quiet_text.find("hit_recorded") == std::string::npos);
  const std::string hit_line =
      "{\"event\":\"hit_recorded\",\"time\":\"2026-12-01T10:00:05Z\",\"key\":2}\n";
  const std::size_t at = verbose_text.find(hit_line);
  REQUIRE(at != std::string::npos);
  // Apart from the hit, both logs are the same.
  CHECK(std::string(verbose_text).erase(at, hit_line.size()) == quiet_text);
}

TEST_CASE("event log marks estimated windows and empty ones", "[event_log]") {
  std::ostringstream out;
  JsonlEventLog log(out);
  std::vector<KeyCount> counts = {{7, 1024}};
  ClosedWindow window;
  window.start = -60;
  window.end = 0;
  window.counts = counts;
  window.exact = false;
  window.relative_std_error = 0.7;
  log.window_closed(window);
  log.window_closed(ClosedWindow{});
  CHECK(out.str() ==
        "{\"event\":\"window_closed\",\"start\":\"1969-12-31T23:59:00Z\","
        "\"end\":\"1970-01-01T00:00:00Z\",\"rows\":1,\"hits\":1024,\"exact\":false}\n"
        "{\"event\":\"window_closed\",\"start\":\"1970-01-01T00:00:00Z\","
        "\"end\":\"1970-01-01T00:00:00Z\",\"rows\":0,\"hits\":0,\"exact\":true}\n");
}

TEST_CASE("event log escapes odd file names", "[event_log]") {
  std::ostringstream out;
  JsonlEventLog log(out);
  log.file_started("logs/\"quoted\"\\back\nslash\t\x01.log");
  log.file_finished("caf\xc3\xa9-\xff.log", 3);
  log.bad_line("a\rb", 1, LineError::too_long);
  log.pruned(0, kNoHitsYet);
  CHECK(out.str() ==
        "{\"event\":\"file_started\",\"file\":\"logs/"
        "\\\"quoted\\\"\\\\back\\nslash\\t\\u0001.log\"}\n"
        "{\"event\":\"file_finished\",\"file\":\"caf\xc3\xa9-\\u00ff.log\",\"lines\":3}\n"
        "{\"event\":\"bad_line\",\"file\":\"a\\rb\",\"line\":1,"
        "\"reason\":\"line is longer than the read buffer\"}\n"
        "{\"event\":\"pruned\",\"entries\":0,\"watermark\":null}\n");
}

TEST_CASE("event log strategy names are escaped too", "[event_log]") {
  std::ostringstream out;
  JsonlEventLog log(out);
  log.strategy_swapped("fix\"ed", "mor\\ris", kNoHitsYet, true);
  CHECK(out.str() ==
        "{\"event\":\"strategy_swapped\",\"from\":\"fix\\\"ed\",\"to\":\"mor\\\\ris\","
        "\"at\":null,\"exact\":true}\n");
}

}  // namespace hitlog
