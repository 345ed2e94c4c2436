// hitlog_sliding_memory: how many bytes the exact sliding window spends on the hits it holds.
// Replays a plain log's hits through the sliding window as `hitlog count --strategy sliding`
// does (same parser, same key ids, same lateness) and prints the hits of the busiest horizon
// and the most bytes the held hits took at any moment, entries and whole strategy apart.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "hitlog/hit_counter.h"
#include "hitlog/key_table.h"
#include "hitlog/line_parser.h"
#include "sliding_window.h"

namespace {

// The hits of each horizon reported, and the largest.
struct HorizonSink final : hitlog::WindowSink {
  std::uint64_t busiest = 0;
  void window_closed(const hitlog::ClosedWindow& window) override {
    std::uint64_t hits = 0;
    for (const hitlog::KeyCount& cell : window.counts) hits += cell.count;
    busiest = std::max(busiest, hits);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s LOG WINDOW_S STEP_S MAX_DELAY_S (a plain combined log)\n",
                 argv[0]);
    return 2;
  }
  std::ifstream log(argv[1]);
  if (!log) {
    std::fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
    return 1;
  }
  const hitlog::Seconds window = std::atoll(argv[2]);
  const hitlog::Seconds step = std::atoll(argv[3]);
  const hitlog::Seconds max_delay = std::atoll(argv[4]);
  if (window <= 0 || step <= 0 || step > window || max_delay < 0) {
    std::fprintf(stderr, "%s: need 0 < STEP_S <= WINDOW_S and MAX_DELAY_S >= 0\n", argv[0]);
    return 2;
  }
  std::string error;
  const std::unique_ptr<hitlog::LineParser> parser = hitlog::compile_format("combined", error);
  hitlog::KeyTable keys{hitlog::GroupBy{}};
  HorizonSink sink;
  auto owned = std::make_unique<hitlog::SlidingWindowStrategy>(window, step);
  const hitlog::SlidingWindowStrategy& sliding = *owned;
  hitlog::HitCounter counter(std::move(owned), max_delay, sink);

  std::size_t peak_hit_bytes = 0;
  std::size_t peak_hit_capacity = 0;
  std::size_t peak_entries = 0;
  std::size_t peak_bytes = 0;
  std::string line;
  hitlog::Hit hit;
  while (std::getline(log, line)) {
    if (parser->parse(line, hit) != hitlog::LineError::none) continue;
    counter.record(hit.time, keys.intern(hit));
    // The most is held just before a tick releases a granule: right after a record.
    peak_hit_bytes = std::max(peak_hit_bytes, sliding.hit_bytes());
    peak_hit_capacity = std::max(peak_hit_capacity, sliding.hit_capacity());
    peak_entries = std::max(peak_entries, sliding.memory_entries());
    peak_bytes = std::max(peak_bytes, sliding.memory_bytes());
  }
  counter.finish();
  std::printf("hits in the busiest horizon %llu\n", static_cast<unsigned long long>(sink.busiest));
  std::printf("peak bytes of the held hits %zu (%zu entries)\n", peak_hit_bytes, peak_entries);
  std::printf("peak bytes allocated for them %zu\n", peak_hit_capacity);
  std::printf("peak bytes of the whole strategy %zu\n", peak_bytes);
  return 0;
}
