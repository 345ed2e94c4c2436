#include "progress_meter.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

namespace hitlog {

TEST_CASE("progress with a known total", "[progress]") {
  CHECK(render_progress({.bytes_done = 412'300'000,
                         .total_bytes = 1'200'000'000,
                         .lines = 1'900'000,
                         .elapsed_seconds = 1.0}) ==
        "hitlog: 412.3 MB / 1.2 GB (34%)  1.9 M lines/s  ETA 0:02");
  CHECK(render_progress({.bytes_done = 100'000'000,
                         .total_bytes = 1'000'000'000,
                         .lines = 500'000,
                         .elapsed_seconds = 10}) ==
        "hitlog: 100.0 MB / 1.0 GB (10%)  50.0 k lines/s  ETA 1:30");
  // Long runs show hours.
  CHECK(render_progress({.bytes_done = 1'000'000,
                         .total_bytes = 1'000'000'000,
                         .lines = 100,
                         .elapsed_seconds = 10}) ==
        "hitlog: 1.0 MB / 1.0 GB (0%)  10 lines/s  ETA 2:46:30");
}

TEST_CASE("progress without a total", "[progress]") {
  CHECK(render_progress({.bytes_done = 412'300'000, .lines = 1'900'000, .elapsed_seconds = 1}) ==
        "hitlog: 412.3 MB  1.9 M lines/s");
  CHECK(render_progress({.bytes_done = 512, .lines = 3, .elapsed_seconds = 2}) ==
        "hitlog: 512 B  2 lines/s");
}

TEST_CASE("progress before time has passed or bytes were read", "[progress]") {
  CHECK(render_progress({}) == "hitlog: 0 B");
  CHECK(render_progress({.total_bytes = 2'000}) == "hitlog: 0 B / 2.0 kB (0%)");
  // No bytes yet: a rate but no ETA.
  CHECK(render_progress({.total_bytes = 2'000, .elapsed_seconds = 1}) ==
        "hitlog: 0 B / 2.0 kB (0%)  0 lines/s");
}

TEST_CASE("progress at and past the total", "[progress]") {
  CHECK(render_progress(
            {.bytes_done = 2'000, .total_bytes = 2'000, .lines = 20, .elapsed_seconds = 1}) ==
        "hitlog: 2.0 kB / 2.0 kB (100%)  20 lines/s  ETA 0:00");
  // A file that grew while it was read.
  CHECK(render_progress(
            {.bytes_done = 3'000, .total_bytes = 2'000, .lines = 20, .elapsed_seconds = 1}) ==
        "hitlog: 3.0 kB / 2.0 kB (100%)  20 lines/s  ETA 0:00");
}

TEST_CASE("progress units round up to the next unit", "[progress]") {
  const auto bytes = [](std::uint64_t n) { return render_progress({.bytes_done = n}); };
  CHECK(bytes(999) == "hitlog: 999 B");
  CHECK(bytes(1'000) == "hitlog: 1.0 kB");
  CHECK(bytes(999'949) == "hitlog: 999.9 kB");
  CHECK(bytes(999'950) == "hitlog: 1.0 MB");
  CHECK(bytes(1'234'567'890'123) == "hitlog: 1.2 TB");
  CHECK(bytes(5'000'000'000'000'000) == "hitlog: 5000.0 TB");
  const auto rate = [](std::uint64_t lines) {
    return render_progress({.lines = lines, .elapsed_seconds = 1});
  };
  CHECK(rate(999) == "hitlog: 0 B  999 lines/s");
  CHECK(rate(1'000) == "hitlog: 0 B  1.0 k lines/s");
  CHECK(rate(12'345'678) == "hitlog: 0 B  12.3 M lines/s");
  CHECK(rate(3'000'000'000) == "hitlog: 0 B  3.0 G lines/s");
}

TEST_CASE("progress meter redraws at most five times a second", "[progress]") {
  double now = 100;
  std::ostringstream out;
  ProgressMeter meter(out, 1'000'000, [&now] { return now; });
  // A short run shows nothing, and finish() has nothing to clear.
  now = 100.1;
  meter.update(1'000, 10);
  CHECK(out.str().empty());

  now = 100.5;
  meter.update(250'000, 50);
  CHECK(out.str() == "\rhitlog: 250.0 kB / 1.0 MB (25%)  100 lines/s  ETA 0:02\x1b[K");
  now = 100.6;
  meter.update(300'000, 60);  // too soon after the last draw
  now = 100.7;
  meter.update(350'000, 70);
  CHECK(out.str() ==
        "\rhitlog: 250.0 kB / 1.0 MB (25%)  100 lines/s  ETA 0:02\x1b[K"
        "\rhitlog: 350.0 kB / 1.0 MB (35%)  100 lines/s  ETA 0:01\x1b[K");
  out.str("");
  meter.finish();
  CHECK(out.str() == "\r\x1b[K");
  meter.finish();
  CHECK(out.str() == "\r\x1b[K");
}

TEST_CASE("progress meter with nothing drawn leaves the line alone", "[progress]") {
  double now = 0;
  std::ostringstream out;
  ProgressMeter meter(out, 0, [&now] { return now; });
  meter.update(10, 1);
  meter.finish();
  CHECK(out.str().empty());
}

TEST_CASE("steady clock moves forward", "[progress]") {
  const double first = steady_seconds();
  CHECK(steady_seconds() >= first);
}

}  // namespace hitlog
