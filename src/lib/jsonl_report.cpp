// The jsonl report: one JSON object per row, for tools that read JSON lines.
#include <cstddef>
#include <string>
#include <string_view>

#include "json_text.h"
#include "report_writers.h"

namespace hitlog {
namespace {

// Rows go to the stream in writes of this size (and at flush() and finish()): a sliding
// window closes tens of thousands of small windows, and a write per window was a system call.
constexpr std::size_t kFlushBytes = 64 * 1024;
// An error estimate is itself rough: four significant digits say all it can.
constexpr int kRseDigits = 4;

class JsonlReport final : public ReportWriter {
 public:
  JsonlReport(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}

  void write_window(Seconds start, Seconds end, std::span<const ReportRow> rows) override {
    if (rows.empty()) return;
    // Both times are the same on every row: render them once.
    window_prefix_ = "{\"window_start\":\"";
    append_utc(window_prefix_, start);
    window_prefix_ += "\",\"window_end\":\"";
    append_utc(window_prefix_, end);
    window_prefix_ += "\",\"endpoint\":";
    for (const ReportRow& row : rows) {
      buffer_.append(window_prefix_);
      append_json_string(buffer_, row.endpoint);
      if (options_.method_column) {
        buffer_.append(",\"method\":");
        append_json_string(buffer_, row.method);
      }
      if (options_.status_column) {
        buffer_.append(",\"status\":");
        append_number(buffer_, row.status);
      }
      buffer_.append(",\"count\":");
      append_number(buffer_, row.count);
      if (!row.exact) {
        buffer_.append(",\"exact\":false,\"rse\":");
        append_json_number(buffer_, row.relative_std_error, kRseDigits);
      }
      buffer_.append("}\n");
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
  std::string window_prefix_;  // the object up to the endpoint's value
};

}  // namespace

std::unique_ptr<ReportWriter> make_jsonl_report(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<JsonlReport>(out, options);
}

}  // namespace hitlog
