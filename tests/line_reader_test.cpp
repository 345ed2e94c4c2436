#include "hitlog/line_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace hitlog {
namespace {

// Serves a string in chunks whose sizes cycle through a list, like a pipe or a decompressor
// that returns short reads.
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data, std::vector<std::size_t> chunks = {SIZE_MAX})
      : data_(std::move(data)), chunks_(std::move(chunks)) {}

  std::size_t read(char* dst, std::size_t capacity) override {
    const std::size_t chunk = chunks_[reads_++ % chunks_.size()];
    const std::size_t n = std::min({capacity, chunk, data_.size() - offset_});
    std::memcpy(dst, data_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }
  std::uint64_t raw_offset() const override { return offset_; }
  bool compressed() const override { return false; }

 private:
  std::string data_;
  std::vector<std::size_t> chunks_;
  std::size_t reads_ = 0;
  std::size_t offset_ = 0;
  std::string name_ = "<test>";
};

struct Line {
  std::string text;
  bool too_long = false;
  std::uint64_t number = 0;
  std::uint64_t consumed = 0;

  bool operator==(const Line&) const = default;
};

std::vector<Line> read_lines(ByteSource& source, std::size_t buffer_size) {
  LineReader reader(source, buffer_size);
  std::vector<Line> lines;
  std::string_view line;
  while (reader.next(line)) {
    lines.push_back(
        {std::string(line), reader.too_long(), reader.line_number(), reader.bytes_consumed()});
  }
  CHECK_FALSE(reader.next(line));  // the end stays the end
  return lines;
}

std::vector<Line> read_lines(std::string data, std::size_t buffer_size = 64,
                             std::vector<std::size_t> chunks = {SIZE_MAX}) {
  StringSource source(std::move(data), std::move(chunks));
  return read_lines(source, buffer_size);
}

// The specification written the obvious way, as the oracle for large inputs.
std::vector<Line> reference_split(std::string_view data, std::size_t max_line) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t newline = data.find('\n', pos);
    const std::size_t stop = newline == std::string_view::npos ? data.size() : newline;
    const std::size_t next = newline == std::string_view::npos ? data.size() : newline + 1;
    std::size_t length = stop - pos;
    if (newline != std::string_view::npos && length > 0 && data[stop - 1] == '\r') --length;
    lines.push_back({std::string(data.substr(pos, std::min(length, max_line))), length > max_line,
                     lines.size() + 1, next});
    pos = next;
  }
  return lines;
}

TEST_CASE("lines are split with numbers and positions", "[line_reader]") {
  CHECK(read_lines("a\nbb\n\nccc\n") ==
        std::vector<Line>{
            {"a", false, 1, 2}, {"bb", false, 2, 5}, {"", false, 3, 6}, {"ccc", false, 4, 10}});
}

TEST_CASE("a last line without a newline is a line", "[line_reader]") {
  CHECK(read_lines("a\nlast") == std::vector<Line>{{"a", false, 1, 2}, {"last", false, 2, 6}});
  CHECK(read_lines("only") == std::vector<Line>{{"only", false, 1, 4}});
}

TEST_CASE("empty input and empty lines", "[line_reader]") {
  CHECK(read_lines("").empty());
  CHECK(read_lines("\n") == std::vector<Line>{{"", false, 1, 1}});
  CHECK(read_lines("\n\n\r\n") ==
        std::vector<Line>{{"", false, 1, 1}, {"", false, 2, 2}, {"", false, 3, 4}});
}

TEST_CASE("CRLF endings lose their CR, other CRs stay", "[line_reader]") {
  CHECK(read_lines("a\r\nb\r\n\r\nc") ==
        std::vector<Line>{
            {"a", false, 1, 3}, {"b", false, 2, 6}, {"", false, 3, 8}, {"c", false, 4, 9}});
  CHECK(read_lines("x\ry\n\r\r\n") ==
        std::vector<Line>{{"x\ry", false, 1, 4}, {"\r", false, 2, 7}});
  // Without a following "\n" the CR is content.
  CHECK(read_lines("a\nb\r") == std::vector<Line>{{"a", false, 1, 2}, {"b\r", false, 2, 4}});
}

TEST_CASE("binary garbage is split like text", "[line_reader]") {
  std::string data;
  std::mt19937 random(7);
  for (int i = 0; i < 5000; ++i) data.push_back(static_cast<char>(random() % 256));
  data += std::string("\0\0\n\0\xff\n", 6);
  for (const std::size_t buffer_size : {std::size_t{16}, std::size_t{64}, std::size_t{1} << 20}) {
    INFO("buffer " << buffer_size);
    CHECK(read_lines(data, buffer_size, {1, 13, 1000}) == reference_split(data, buffer_size));
  }
}

TEST_CASE("a line longer than the buffer is cut and the rest skipped", "[line_reader]") {
  const std::string long_line(200, 'x');
  const std::string cut(64, 'x');

  SECTION("followed by another line") {
    CHECK(read_lines(long_line + "\nnext\n") ==
          std::vector<Line>{{cut, true, 1, 201}, {"next", false, 2, 206}});
  }
  SECTION("with CRLF") {
    CHECK(read_lines(long_line + "\r\nnext\r\n") ==
          std::vector<Line>{{cut, true, 1, 202}, {"next", false, 2, 208}});
  }
  SECTION("as the last line without a newline") {
    CHECK(read_lines("a\n" + long_line) ==
          std::vector<Line>{{"a", false, 1, 2}, {cut, true, 2, 202}});
  }
  SECTION("after a short line, in tiny reads") {
    CHECK(read_lines("a\n" + long_line + "\nb\n", 64, {1, 3}) ==
          std::vector<Line>{{"a", false, 1, 2}, {cut, true, 2, 203}, {"b", false, 3, 205}});
  }
  SECTION("much longer than the buffer and its slack") {
    const std::string huge(1 << 20, 'y');
    CHECK(read_lines(huge + "\nnext", 64, {SIZE_MAX, 5, 100000}) ==
          std::vector<Line>{{std::string(64, 'y'), true, 1, huge.size() + 1},
                            {"next", false, 2, huge.size() + 5}});
  }
  SECTION("several in a row") {
    CHECK(read_lines(long_line + "\n" + long_line + "\n\n" + long_line) ==
          std::vector<Line>{
              {cut, true, 1, 201}, {cut, true, 2, 402}, {"", false, 3, 403}, {cut, true, 4, 603}});
  }
}

TEST_CASE("a line of exactly the buffer size is not too long", "[line_reader]") {
  for (const std::size_t length : {63, 64, 65, 66}) {
    for (const char* ending : {"\n", "\r\n", ""}) {
      const std::string line(length, 'z');
      const std::string data = line + ending + "next\n";
      INFO("length " << length << " ending " << std::strlen(ending));
      for (const std::size_t chunk : {std::size_t{1}, std::size_t{64}, SIZE_MAX}) {
        CHECK(read_lines(data, 64, {chunk}) == reference_split(data, 64));
      }
    }
  }
}

TEST_CASE("large input over many refills matches the reference split", "[line_reader]") {
  std::mt19937 random(42);
  std::string data;
  while (data.size() < (8 << 20)) {
    const std::uint32_t kind = random() % 100;
    std::size_t length = random() % 300;
    if (kind == 0) length = 4000 + random() % 20000;  // longer than the small buffer
    for (std::size_t i = 0; i < length; ++i) data.push_back(static_cast<char>('a' + i % 26));
    if (kind < 10) data.push_back('\r');
    data.push_back('\n');
  }
  data += "tail without newline";

  for (const std::size_t buffer_size : {std::size_t{4096}, LineReader::kDefaultBufferSize}) {
    INFO("buffer " << buffer_size);
    const std::vector<Line> expected = reference_split(data, buffer_size);
    CHECK(read_lines(data, buffer_size) == expected);
    CHECK(read_lines(data, buffer_size, {7, 4096, 100001, 3, 65536}) == expected);
  }
}

TEST_CASE("errors from the source reach the caller", "[line_reader]") {
  class FailingSource final : public ByteSource {
   public:
    std::size_t read(char* dst, std::size_t capacity) override {
      if (served_) throw InputError("'f': gzip stream truncated at compressed offset 9");
      served_ = true;
      const std::string_view data = "one\ntw";
      const std::size_t n = std::min(capacity, data.size());
      std::memcpy(dst, data.data(), n);
      return n;
    }
    const std::string& name() const override { return name_; }
    std::uint64_t raw_offset() const override { return 0; }
    bool compressed() const override { return true; }

   private:
    bool served_ = false;
    std::string name_ = "f";
  };
  FailingSource source;
  LineReader reader(source, 64);
  std::string_view line;
  REQUIRE(reader.next(line));
  CHECK(line == "one");
  CHECK_THROWS_WITH(reader.next(line), Catch::Contains("truncated"));
}

}  // namespace
}  // namespace hitlog
