// The jsonl report: one JSON object per row, for tools that read JSON lines.
#include <cstddef>
#include <string>
#include <string_view>

#include "report_writers.h"

namespace hitlog {
namespace {

// Above this size the buffer goes to the stream before the window ends.
constexpr std::size_t kFlushBytes = 64 * 1024;

// Length of the well-formed UTF-8 sequence of two or more bytes at the start of s, or 0 when
// s does not start with one (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto continuation = [&](std::size_t i, unsigned char low, unsigned char high) {
    return i < s.size() && byte(i) >= low && byte(i) <= high;
  };
  const unsigned char lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1, 0x80, 0xBF) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    // E0 excludes overlong forms, ED excludes the UTF-16 surrogates.
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return continuation(1, low, high) && continuation(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    // F0 excludes overlong forms, F4 stops at U+10FFFF.
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    const bool tail_ok = continuation(2, 0x80, 0xBF) && continuation(3, 0x80, 0xBF);
    return continuation(1, low, high) && tail_ok ? 4 : 0;
  }
  return 0;
}

void append_unicode_escape(std::string& out, unsigned char byte) {
  constexpr char kHex[] = "0123456789abcdef";
  const char escape[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
  out.append(escape, sizeof escape);
}

// Appends text as a quoted JSON string. A byte that is not part of well-formed UTF-8 is
// read as Latin-1 and written as \u00XX, so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    // Copy the run of bytes that need no escaping in one append.
    std::size_t plain = i;
    while (plain < text.size()) {
      const auto c = static_cast<unsigned char>(text[plain]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++plain;
    }
    out.append(text.data() + i, plain - i);
    i = plain;
    if (i == text.size()) break;

    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text.substr(i));
      if (length > 0) {
        out.append(text.data() + i, length);
        i += length;
      } else {
        append_unicode_escape(out, c);
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        append_unicode_escape(out, c);
        break;
    }
    ++i;
  }
  out.push_back('"');
}

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
      buffer_.append("}\n");
      if (buffer_.size() >= kFlushBytes) write_buffer();
    }
    write_buffer();
  }

  void finish() override {}

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
