// Splitting a byte stream into lines, without copying them out of one large buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "hitlog/byte_source.h"

namespace hitlog {

// Lines are views into one buffer that never grows: buffer_size plus 64 KiB. Not thread-safe.
// The source must outlive the reader.
class LineReader {
 public:
  static constexpr std::size_t kDefaultBufferSize = 1 << 20;

  // A line longer than buffer_size is returned cut to buffer_size bytes with too_long() true;
  // the rest of it is skipped (and counted in bytes_consumed()).
  explicit LineReader(ByteSource& source, std::size_t buffer_size = kDefaultBufferSize);

  // Sets line to the next line without its "\n" or "\r\n" and returns true; returns false at
  // the end of input. A last line without a newline is still a line (a '\r' ending it is kept).
  // The view is valid until the next call. Throws InputError from the source.
  bool next(std::string_view& line);

  // 1-based number of the line last returned.
  std::uint64_t line_number() const { return line_number_; }
  // Whether the line last returned was cut because it did not fit in the buffer.
  bool too_long() const { return too_long_; }
  // Whether the line last returned ended with a newline: false only for a last line without
  // one, which a writer may still be in the middle of.
  bool terminated() const { return terminated_; }
  // Decompressed bytes handed out so far, line endings included: the input position just past
  // the line last returned.
  std::uint64_t bytes_consumed() const { return bytes_consumed_; }

 private:
  void compact();  // moves the unconsumed tail to the front of the buffer
  bool fill();     // compacts, then reads more bytes after the tail; false at end of input
  bool take(std::size_t stop, std::size_t next, std::string_view& line);
  void cut_long_line(std::string_view& line);

  ByteSource& source_;
  std::size_t max_line_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first unconsumed byte
  std::size_t end_ = 0;    // one past the last valid byte
  bool eof_ = false;
  bool too_long_ = false;
  bool terminated_ = true;
  std::uint64_t line_number_ = 0;
  std::uint64_t bytes_consumed_ = 0;
};

}  // namespace hitlog
