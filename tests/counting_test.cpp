// Window assignment, lateness and interning: the fixed window strategy, HitCounter, KeyTable.

#include <algorithm>
#include <catch2/catch.hpp>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "hitlog/counting_strategy.h"
#include "hitlog/hit_counter.h"
#include "hitlog/key_table.h"
#include "strategies.h"

using namespace hitlog;

namespace {

struct Closed {
  Seconds start;
  Seconds end;
  std::map<KeyId, std::uint64_t> counts;
  bool operator==(const Closed&) const = default;
};

// Records every closed window, in the order the strategy reports them.
struct RecordingSink : WindowSink {
  std::vector<Closed> windows;
  void window_closed(const ClosedWindow& window) override {
    Closed closed{window.start, window.end, {}};
    for (const KeyCount& c : window.counts) {
      REQUIRE(c.count > 0);
      REQUIRE(closed.counts.count(c.key) == 0);
      closed.counts[c.key] = c.count;
    }
    windows.push_back(closed);
  }
};

Hit hit_for(std::string_view endpoint, std::string_view method = "GET", int status = 200) {
  Hit hit;
  hit.endpoint = endpoint;
  hit.method = method;
  hit.status = status;
  return hit;
}

}  // namespace

TEST_CASE("align_down floors toward minus infinity", "[window]") {
  CHECK(align_down(0, 60) == 0);
  CHECK(align_down(59, 60) == 0);
  CHECK(align_down(60, 60) == 60);
  CHECK(align_down(-1, 60) == -60);
  CHECK(align_down(-60, 60) == -60);
  CHECK(align_down(-61, 60) == -120);
  CHECK(align_down(1764583199, 86400) == 1764547200);  // 2025-12-01T09:59:59Z -> midnight
}

TEST_CASE("fixed window assigns a hit at t to the window starting at floor(t/W)*W", "[window]") {
  auto strategy = make_fixed_window(60);
  CHECK(strategy->name() == "fixed");
  RecordingSink sink;
  strategy->record(0, 0);
  strategy->record(59, 0);
  strategy->record(60, 0);
  strategy->record(61, 1);
  strategy->record(-1, 1);
  CHECK(strategy->memory_entries() == 4);
  strategy->close_all(sink);
  REQUIRE(sink.windows.size() == 3);
  CHECK(sink.windows[0] == Closed{-60, 0, {{1, 1}}});
  CHECK(sink.windows[1] == Closed{0, 60, {{0, 2}}});
  CHECK(sink.windows[2] == Closed{60, 120, {{0, 1}, {1, 1}}});
  CHECK(strategy->memory_entries() == 0);
}

TEST_CASE("fixed window closes only windows whose end the watermark has reached", "[window]") {
  auto strategy = make_fixed_window(60);
  RecordingSink sink;
  strategy->record(10, 0);
  strategy->record(70, 0);
  CloseResult result = strategy->close_until(119, sink);
  REQUIRE(sink.windows.size() == 1);
  CHECK(sink.windows[0].start == 0);
  CHECK(result.accept_from == 60);
  CHECK(result.next_due == 120);
  result = strategy->close_until(120, sink);
  CHECK(sink.windows.size() == 2);
  CHECK(result.accept_from == 120);
}

TEST_CASE("fixed window reuses closed windows without mixing their counts", "[window]") {
  auto strategy = make_fixed_window(10);
  RecordingSink sink;
  for (Seconds t = 0; t < 100; ++t) {
    strategy->record(t, static_cast<KeyId>(t % 3));
    strategy->close_until(t - 10, sink);
  }
  strategy->close_all(sink);
  REQUIRE(sink.windows.size() == 10);
  for (std::size_t i = 0; i < sink.windows.size(); ++i) {
    std::uint64_t total = 0;
    for (const auto& [key, count] : sink.windows[i].counts) total += count;
    CHECK(sink.windows[i].start == static_cast<Seconds>(i) * 10);
    CHECK(total == 10);
  }
}

TEST_CASE("fixed window takes over before anything was reported", "[window][swap]") {
  auto strategy = make_fixed_window(60);
  Handover handover;
  handover.reported_until = std::numeric_limits<Seconds>::min();  // a swap at the first hit
  handover.totals = {{-30, -29, 1, 2.0}};
  strategy->take_over(handover);
  strategy->record(5, 1);
  RecordingSink sink;
  strategy->close_all(sink);
  CHECK(sink.windows == std::vector<Closed>{{-60, 0, {{1, 2}}}, {0, 60, {{1, 1}}}});
}

TEST_CASE("fixed window never accepts hits the strategy before a swap had reported",
          "[window][swap]") {
  auto strategy = make_fixed_window(60);
  Handover handover;
  handover.reported_until = 130;  // e.g. a sliding window's tick, inside the window [120, 180)
  strategy->take_over(handover);
  RecordingSink sink;
  const CloseResult result = strategy->close_until(150, sink);
  CHECK(result.accept_from == 130);
  CHECK(result.next_due == 180);
  CHECK(strategy->close_until(200, sink).accept_from == 180);
}

TEST_CASE("HitCounter counts hits within the allowed lateness and flags later ones", "[lateness]") {
  RecordingSink sink;
  HitCounter counter(make_fixed_window(60), 60, sink);
  counter.record(600, 0);  // watermark 540: windows before 540 are closed
  counter.record(545, 0);  // 55 s late, window [540, 600) still open: counted
  counter.record(539, 0);  // window [480, 540) is already closed: late
  CHECK(counter.hits() == 2);
  CHECK(counter.late_hits() == 1);
  CHECK(sink.windows.empty());

  counter.record(721, 0);  // watermark 661: closes [540, 600) and [600, 660)
  REQUIRE(sink.windows.size() == 2);
  CHECK(sink.windows[0] == Closed{540, 600, {{0, 1}}});
  CHECK(sink.windows[1] == Closed{600, 660, {{0, 1}}});
  counter.record(659, 0);  // its window was reported: late, never added to a later row
  CHECK(counter.late_hits() == 2);
  counter.record(660, 0);  // the window [660, 720) is open
  counter.finish();
  REQUIRE(sink.windows.size() == 4);
  CHECK(sink.windows[2] == Closed{660, 720, {{0, 1}}});
  CHECK(sink.windows[3] == Closed{720, 780, {{0, 1}}});
  CHECK(counter.hits() == 4);
}

TEST_CASE("HitCounter with no allowed lateness closes a window as soon as time passes it",
          "[lateness]") {
  RecordingSink sink;
  HitCounter counter(make_fixed_window(60), 0, sink);
  counter.record(59, 0);
  CHECK(sink.windows.empty());
  counter.record(60, 1);
  REQUIRE(sink.windows.size() == 1);
  counter.record(59, 0);
  CHECK(counter.late_hits() == 1);
}

TEST_CASE("KeyTable interns endpoints to dense ids", "[keys]") {
  KeyTable keys(GroupBy{});
  const KeyId a = keys.intern(hit_for("/a"));
  const KeyId b = keys.intern(hit_for("/b", "POST", 500));
  CHECK(a == 0);
  CHECK(b == 1);
  CHECK(keys.intern(hit_for("/a", "POST", 404)) == a);  // method/status ignored
  CHECK(keys.size() == 2);
  CHECK(keys.parts(b).endpoint == "/b");
  CHECK(keys.parts(b).method.empty());
  CHECK(keys.parts(b).status == 0);
}

TEST_CASE("KeyTable groups by method and status when asked", "[keys]") {
  KeyTable keys(GroupBy{true, true});
  const KeyId get_ok = keys.intern(hit_for("/a", "GET", 200));
  const KeyId get_404 = keys.intern(hit_for("/a", "GET", 404));
  const KeyId post_ok = keys.intern(hit_for("/a", "POST", 200));
  CHECK(keys.intern(hit_for("/a", "GET", 200)) == get_ok);
  CHECK(keys.size() == 3);
  CHECK(keys.parts(post_ok).method == "POST");
  CHECK(keys.parts(get_404).status == 404);
  CHECK(keys.parts(get_404).endpoint == "/a");
  // Endpoints holding the bytes of the composite key's prefix stay distinct.
  const std::string odd("\0GET/a", 6);
  CHECK(keys.intern(hit_for(odd, "GET", 200)) != get_ok);
}

TEST_CASE("KeyTable orders keys by endpoint bytes, then method, then status", "[keys]") {
  KeyTable keys(GroupBy{true, true});
  const KeyId b = keys.intern(hit_for("/b", "GET", 200));
  const KeyId a_post = keys.intern(hit_for("/a", "POST", 200));
  const KeyId a_get_500 = keys.intern(hit_for("/a", "GET", 500));
  const KeyId a_get_200 = keys.intern(hit_for("/a", "GET", 200));
  const KeyId high = keys.intern(hit_for("/\xC3\xA9", "GET", 200));  // bytes >= 0x80 sort last
  CHECK(keys.less(a_get_200, a_get_500));
  CHECK(keys.less(a_get_500, a_post));
  CHECK(keys.less(a_post, b));
  CHECK(keys.less(b, high));
  CHECK_FALSE(keys.less(b, b));
}

TEST_CASE("KeyTable keeps views valid while it grows", "[keys]") {
  KeyTable keys(GroupBy{});
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back("/p" + std::to_string(i));
  for (const std::string& name : names) keys.intern(hit_for(name));
  for (std::size_t i = 0; i < names.size(); ++i) {
    REQUIRE(keys.parts(static_cast<KeyId>(i)).endpoint == names[i]);
  }
}

TEST_CASE("KeyTable tells apart keys of every length that share bytes, as its index grows",
          "[keys]") {
  KeyTable keys(GroupBy{});
  // Lengths 1 to 40 around the 4- and 8-byte loads of the hash; keys that differ only in their
  // first, middle or last byte, or only in length.
  std::vector<std::string> names;
  for (std::size_t length = 1; length <= 40; ++length) {
    for (const char c : {'a', 'b', '\0', '\xff'}) {
      for (const std::size_t at : {std::size_t{0}, length / 2, length - 1}) {
        std::string name(length, 'x');
        name[at] = c;
        names.push_back(name);
      }
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (std::size_t i = 0; i < names.size(); ++i) {
    REQUIRE(keys.intern(hit_for(names[i])) == static_cast<KeyId>(i));
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    REQUIRE(keys.intern(hit_for(names[i])) == static_cast<KeyId>(i));
  }
  CHECK(keys.size() == names.size());
}

TEST_CASE("fixed and morris windows keep their memory figures with every hit, close and swap",
          "[window]") {
  // The figures are kept up to date as cells change; a clone counts them afresh from its
  // windows (without the spare storage kept for reuse and with vectors sized to fit, so its
  // bytes are no more).
  for (const std::string name : {"fixed", "morris"}) {
    INFO(name);
    auto strategy = name == "fixed" ? make_fixed_window(10) : make_morris(10, 8, 2.0, 7);
    RecordingSink sink;
    std::set<std::pair<Seconds, KeyId>> open;  // (window start, key) of the cells with hits
    Seconds accept_from = std::numeric_limits<Seconds>::min();
    for (Seconds i = 0; i < 3000; ++i) {
      const Seconds t = std::max(accept_from, 1000 + i / 3 - (i * 7) % 25);
      const auto key = static_cast<KeyId>((i * 13) % 50 + (i > 2000 ? 100 : 0));
      strategy->record(t, key);
      open.insert({align_down(t, 10), key});
      if (i % 7 == 0) {
        const Seconds watermark = 1000 + i / 3 - 20;
        accept_from = strategy->close_until(watermark, sink).accept_from;
        std::erase_if(open, [&](const auto& cell) { return cell.first + 10 <= watermark; });
      }
      REQUIRE(strategy->memory_entries() == open.size());
      const auto fresh = strategy->clone();
      REQUIRE(fresh->memory_entries() == open.size());
      REQUIRE(strategy->memory_bytes() >= fresh->memory_bytes());
    }
    const std::size_t bytes = strategy->memory_bytes();
    auto next = make_fixed_window(10);
    next->take_over(strategy->hand_over());
    CHECK(strategy->memory_entries() == 0);
    CHECK(strategy->memory_bytes() < bytes);
    CHECK(next->memory_entries() == open.size());
    CHECK(next->memory_bytes() >= next->clone()->memory_bytes());
  }
}
