#include "hitlog/line_reader.h"

#include <algorithm>
#include <cstring>

namespace hitlog {
namespace {

// Room behind the longest line: a line of exactly buffer_size bytes still fits with its "\r\n",
// and the rest of a too-long line is read here while its kept part stays in place.
constexpr std::size_t kSlack = 64 << 10;
// Bytes asked of the source at a time: lines are parsed while they are still in the core's
// cache, and the stream does not evict the key table from it.
constexpr std::size_t kReadChunk = 64 << 10;

}  // namespace

LineReader::LineReader(ByteSource& source, std::size_t buffer_size)
    : source_(source), max_line_(buffer_size), buffer_(buffer_size + kSlack) {}

bool LineReader::next(std::string_view& line) {
  too_long_ = false;
  std::size_t scan = begin_;  // no '\n' in [begin_, scan)
  for (;;) {
    const char* data = buffer_.data();
    if (const void* newline = std::memchr(data + scan, '\n', end_ - scan)) {
      const std::size_t stop = static_cast<std::size_t>(static_cast<const char*>(newline) - data);
      return take(stop, stop + 1, line);
    }
    // Even without a final '\r' the line is already longer than the limit.
    if (end_ - begin_ >= max_line_ + 2) {
      cut_long_line(line);
      return true;
    }
    if (eof_) return begin_ < end_ && take(end_, end_, line);
    scan = end_ - begin_;  // where the unscanned bytes start once fill() has compacted
    eof_ = !fill();
  }
}

// Returns [begin_, stop) as the line, less a '\r' before the '\n'; the next line starts at next.
bool LineReader::take(std::size_t stop, std::size_t next, std::string_view& line) {
  std::size_t length = stop - begin_;
  if (next > stop && length > 0 && buffer_[stop - 1] == '\r') --length;
  too_long_ = length > max_line_;
  terminated_ = next > stop;
  line = std::string_view(buffer_.data() + begin_, std::min(length, max_line_));
  bytes_consumed_ += next - begin_;
  begin_ = next;
  ++line_number_;
  return true;
}

// The unconsumed bytes start a line too long to keep, and hold no '\n'. Keeps its first
// max_line_ bytes at the front and reads the rest of it into the slack until its '\n'.
void LineReader::cut_long_line(std::string_view& line) {
  compact();
  char* data = buffer_.data();
  line = std::string_view(data, max_line_);
  too_long_ = true;
  terminated_ = true;
  ++line_number_;
  bytes_consumed_ += end_;
  for (;;) {
    const std::size_t n = source_.read(data + max_line_, buffer_.size() - max_line_);
    begin_ = max_line_;
    end_ = max_line_ + n;
    if (n == 0) {
      eof_ = true;
      terminated_ = false;
      return;
    }
    if (const void* newline = std::memchr(data + begin_, '\n', n)) {
      const std::size_t next =
          static_cast<std::size_t>(static_cast<const char*>(newline) - data) + 1;
      bytes_consumed_ += next - begin_;
      begin_ = next;
      return;
    }
    bytes_consumed_ += n;
  }
}

void LineReader::compact() {
  if (begin_ == 0) return;
  std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
  end_ -= begin_;
  begin_ = 0;
}

bool LineReader::fill() {
  compact();
  const std::size_t n =
      source_.read(buffer_.data() + end_, std::min(buffer_.size() - end_, kReadChunk));
  end_ += n;
  return n > 0;
}

}  // namespace hitlog
