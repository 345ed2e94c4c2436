// The csv report: the schema scripts depend on, quoted as RFC 4180 says.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "report_writers.h"

namespace hitlog {
namespace {

// Rows go to the stream in writes of this size: a sliding window closes tens of thousands of
// small windows, and a write per window was a system call each. It also bounds the memory of a
// window with millions of rows.
constexpr std::size_t kFlushBytes = 64 * 1024;

// RFC 4180: a field is quoted only when it holds a separator, a quote or a line break.
// Sixteen bytes at a time where SSE2 is there: the check runs for every row, and a sliding
// window writes several rows per line read.
bool needs_quotes(std::string_view field) {
#if defined(__SSE2__)
  if (field.size() >= 16) {
    const auto special_in = [](const char* at) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
      const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8(',')),
                                                     _mm_cmpeq_epi8(block, _mm_set1_epi8('"'))),
                                        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\r')),
                                                     _mm_cmpeq_epi8(block, _mm_set1_epi8('\n'))));
      return _mm_movemask_epi8(hits) != 0;
    };
    for (std::size_t at = 0; at + 16 <= field.size(); at += 16) {
      if (special_in(field.data() + at)) return true;
    }
    // The last 16 bytes, overlapping the blocks before: no byte-by-byte tail.
    return special_in(field.data() + field.size() - 16);
  }
#endif
  for (const char c : field) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

void append_field(std::string& out, std::string_view field) {
  if (!needs_quotes(field)) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

class CsvReport final : public ReportWriter {
 public:
  CsvReport(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {
    if (!options_.header) return;
    buffer_ = "window_start,window_end,endpoint";
    if (options_.method_column) buffer_ += ",method";
    if (options_.status_column) buffer_ += ",status";
    buffer_ += ",count\n";
    write_buffer();
  }

  void write_window(Seconds start, Seconds end, std::span<const ReportRow> rows) override {
    if (rows.empty()) return;
    // Both times are the same on every row: render them once.
    window_prefix_.clear();
    append_utc(window_prefix_, start);
    window_prefix_.push_back(',');
    append_utc(window_prefix_, end);
    window_prefix_.push_back(',');
    const bool endpoint_only = !options_.method_column && !options_.status_column;
    for (const ReportRow& row : rows) {
      if (endpoint_only && !needs_quotes(row.endpoint)) {
        append_plain_row(row.endpoint, row.count);
        if (buffer_.size() >= kFlushBytes) write_buffer();
        continue;
      }
      buffer_.append(window_prefix_);
      append_field(buffer_, row.endpoint);
      if (options_.method_column) {
        buffer_.push_back(',');
        append_field(buffer_, row.method);
      }
      if (options_.status_column) {
        buffer_.push_back(',');
        append_number(buffer_, row.status);
      }
      buffer_.push_back(',');
      append_number(buffer_, row.count);
      buffer_.push_back('\n');
      if (buffer_.size() >= kFlushBytes) write_buffer();
    }
  }

  void finish() override { write_buffer(); }
  void flush() override { write_buffer(); }

 private:
  // The common row, "start,end,endpoint,count": room made once, then plain copies (half the
  // time of appending its five pieces one by one; a sliding window writes millions of rows).
  void append_plain_row(std::string_view endpoint, std::uint64_t count) {
    constexpr std::size_t kCountRoom = 22;  // ",", 20 digits, "\n"
    const std::size_t at = buffer_.size();
    buffer_.resize(at + window_prefix_.size() + endpoint.size() + kCountRoom);
    char* p = buffer_.data() + at;
    p = std::copy(window_prefix_.begin(), window_prefix_.end(), p);
    p = std::copy(endpoint.begin(), endpoint.end(), p);
    *p++ = ',';
    p = std::to_chars(p, p + 20, count).ptr;
    *p++ = '\n';
    buffer_.resize(static_cast<std::size_t>(p - buffer_.data()));
  }

  void write_buffer() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();  // keeps the capacity for the next window
  }

  std::ostream& out_;
  const ReportOptions options_;
  std::string buffer_;
  std::string window_prefix_;  // "start,end," of the current window
};

}  // namespace

std::unique_ptr<ReportWriter> make_csv_report(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<CsvReport>(out, options);
}

}  // namespace hitlog
