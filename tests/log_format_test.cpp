// The hand-written split of the built-in formats against the general one, on real-looking and
// mangled lines: the same verdict and the same values, or the fast path is wrong.

#include "log_format.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace hitlog {
namespace {

// The built-in spec with one variable written as ${name}: the same program, compiled without
// the hand-written path.
std::string general_spelling(std::string_view builtin) {
  std::string spec(builtin);
  spec.replace(0, std::string_view("$remote_addr").size(), "${remote_addr}");
  return spec;
}

LogFormat compile(std::string_view spec) {
  std::string error;
  std::optional<LogFormat> format = LogFormat::compile(spec, Trailing::allowed, error);
  INFO(error);
  REQUIRE(format.has_value());
  return *format;
}

std::vector<std::string> sample_lines() {
  std::vector<std::string> lines;
  for (const char* name : {"access.log", "common.log", "messy.log", "rotated/access.log"}) {
    std::ifstream in(std::string(HITLOG_SOURCE_DIR) + "/sample_logs/" + name, std::ios::binary);
    REQUIRE(in);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  // Corner cases of the separators: escaped quotes, brackets and quotes in odd places.
  for (const char* line : {
           "",
           " ",
           "a",
           "a b",
           "a b c [",
           "a b c [t] \"",
           "a b c [t] \"r\" 200 5",
           "a b c [t] \"r\" 200 5 \"",
           "1.2.3.4 - - [01/Dec/2026:10:00:00 +0000] \"GET /a\\\" b HTTP/1.1\" 200 1 \"-\" \"-\"",
           "1.2.3.4 - - [01/Dec/2026:10:00:00 +0000] \"GET /a\\\\\" 200 1 \"-\" \"-\"",
           "1.2.3.4 - u [x] [01/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"",
           "1.2.3.4 - - [01/Dec/2026:10:00:00 +0000]] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"",
           "1.2.3.4 - - [01/Dec/2026:10:00:00 +0000] \"\" 400 0 \"-\" \"-\"",
           "1.2.3.4  - [01/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
       }) {
    lines.emplace_back(line);
  }
  return lines;
}

// Copies of line with a few separator bytes inserted, deleted or replaced.
std::vector<std::string> mangled(const std::string& line, std::mt19937& random) {
  static constexpr char kBytes[] = {' ', '"', '[', ']', '\\', '-', '?', 'x'};
  std::vector<std::string> copies;
  for (int copy = 0; copy < 8; ++copy) {
    std::string text = line;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int edit = 0; edit < edits; ++edit) {
      const std::size_t at = text.empty() ? 0 : random() % (text.size() + 1);
      const char byte = kBytes[random() % sizeof kBytes];
      switch (random() % 3) {
        case 0:
          text.insert(at, 1, byte);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = byte;
      }
    }
    copies.push_back(std::move(text));
  }
  return copies;
}

}  // namespace

TEST_CASE("the built-in formats' fast split agrees with the general one", "[format]") {
  std::mt19937 random(20261204);
  std::vector<std::string> lines = sample_lines();
  const std::size_t originals = lines.size();
  for (std::size_t i = 0; i < originals; ++i) {
    for (std::string& copy : mangled(lines[i], random)) lines.push_back(std::move(copy));
  }
  for (const std::string_view builtin : {kCombinedLogFormat, kCommonLogFormat}) {
    const LogFormat fast = compile(builtin);
    const LogFormat general = compile(general_spelling(builtin));
    std::size_t matched = 0;
    for (const std::string& line : lines) {
      SlotValues fast_values{};
      SlotValues general_values{};
      const bool fast_match = fast.match(line, fast_values);
      INFO("format: " << builtin << "\nline: " << line);
      REQUIRE(fast_match == general.match(line, general_values));
      if (!fast_match) continue;
      ++matched;
      for (const Slot slot :
           {Slot::client, Slot::time_local, Slot::request, Slot::status, Slot::bytes}) {
        CHECK(fast_values[static_cast<std::size_t>(slot)] ==
              general_values[static_cast<std::size_t>(slot)]);
      }
    }
    // Most lines are well formed, and enough mangled ones are not.
    CHECK(matched > originals / 2);
    CHECK(matched < lines.size());
  }
}

}  // namespace hitlog
