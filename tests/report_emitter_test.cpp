// ReportEmitter puts each window's rows in report order, whichever way it orders them: sorted
// (a window holding few of the keys) or through a bitmap of ranks (a window holding many).

#include "report_emitter.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

namespace hitlog {
namespace {

struct EndpointsWriter final : ReportWriter {
  std::vector<std::vector<std::string>> windows;
  void write_window(Seconds, Seconds, std::span<const ReportRow> rows) override {
    std::vector<std::string>& endpoints = windows.emplace_back();
    for (const ReportRow& row : rows) endpoints.emplace_back(row.endpoint);
  }
  void finish() override {}
};

KeyId intern(KeyTable& keys, const std::string& endpoint) {
  Hit hit;
  hit.endpoint = endpoint;
  return keys.intern(hit);
}

}  // namespace

TEST_CASE("the emitter writes rows in endpoint order for small and large windows", "[report]") {
  std::mt19937 random(7);
  KeyTable keys(GroupBy{});
  // Distinct endpoints, interned in an order unrelated to their byte order.
  std::vector<std::string> names;
  for (int i = 0; i < 6000; ++i) names.push_back("/p" + std::to_string(i));
  std::shuffle(names.begin(), names.end(), random);
  EndpointsWriter writer;
  ReportEmitter emitter(keys, writer);
  std::size_t interned = 0;
  // Keys keep arriving between windows, as new endpoints do in a log.
  for (const std::size_t batch :
       {std::size_t{3000}, std::size_t{2}, std::size_t{5}, std::size_t{2000}, std::size_t{993}}) {
    for (std::size_t i = 0; i < batch; ++i) intern(keys, names[interned + i]);
    interned += batch;
    std::vector<KeyCount> counts;
    for (std::size_t i = 0; i < batch; ++i) {
      counts.push_back({intern(keys, names[interned - 1 - i]), i + 1});
    }
    std::shuffle(counts.begin(), counts.end(), random);
    emitter.window_closed({0, 60, counts, true, 0});
    std::vector<std::string> expected;
    for (const KeyCount& cell : counts) expected.emplace_back(keys.parts(cell.key).endpoint);
    std::sort(expected.begin(), expected.end());
    INFO("a window of " << batch << " rows among " << keys.size() << " keys");
    CHECK(writer.windows.back() == expected);
  }
  CHECK(emitter.windows() == 5);
}

}  // namespace hitlog
