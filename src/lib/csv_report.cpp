// The csv report: the schema scripts depend on, quoted as RFC 4180 says.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
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
  const auto special = [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; };
  std::size_t at = 0;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  for (; at + 16 <= field.size(); at += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(field.data() + at));
    const __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(block, comma), _mm_cmpeq_epi8(block, quote)),
        _mm_or_si128(_mm_cmpeq_epi8(block, cr), _mm_cmpeq_epi8(block, lf)));
    if (_mm_movemask_epi8(hits) != 0) return true;
  }
#endif
  for (; at < field.size(); ++at) {
    if (special(field[at])) return true;
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
    for (const ReportRow& row : rows) {
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
