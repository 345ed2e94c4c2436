// The table report: each window's busiest endpoints in aligned columns, for people.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "report_writers.h"

namespace hitlog {
namespace {

constexpr std::string_view kIndent = "  ";
constexpr std::string_view kGap = "  ";

std::size_t digit_count(std::uint64_t value) {
  std::size_t digits = 1;
  while (value >= 10) {
    value /= 10;
    ++digits;
  }
  return digits;
}

void append_padding(std::string& out, std::size_t width, std::size_t used) {
  if (used < width) out.append(width - used, ' ');
}

// An estimate, or a sum that includes one, is marked "~".
constexpr char kEstimateMark = '~';

// The width of a count as shown, its estimate mark included.
std::size_t count_width(const ReportRow& row) {
  return digit_count(row.count) + (row.exact ? 0 : 1);
}

void append_hits(std::string& out, std::uint64_t hits, bool exact) {
  if (!exact) out.push_back(kEstimateMark);
  append_number(out, hits);
  out.append(hits == 1 ? " hit" : " hits");
}

// Control bytes would break the layout (a line feed in an endpoint starts a new row), so they
// are shown the way nginx escapes them, as \xHH. Other bytes pass through for the terminal.
void append_visible(std::string& out, std::string_view text) {
  constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      const char escape[] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
      out.append(escape, sizeof escape);
    } else {
      out.push_back(ch);
    }
  }
}

// Highest count first; ties in key order, so the table is the same on every run.
bool busier(const ReportRow& a, const ReportRow& b) {
  if (a.count != b.count) return a.count > b.count;
  if (a.endpoint != b.endpoint) return a.endpoint < b.endpoint;
  if (a.method != b.method) return a.method < b.method;
  return a.status < b.status;
}

class TableReport final : public ReportWriter {
 public:
  TableReport(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}

  void write_window(Seconds start, Seconds end, std::span<const ReportRow> rows) override {
    if (rows.empty()) return;
    sorted_.assign(rows.begin(), rows.end());
    const std::size_t shown =
        options_.top > 0 ? std::min(options_.top, sorted_.size()) : sorted_.size();
    std::partial_sort(sorted_.begin(), sorted_.begin() + static_cast<std::ptrdiff_t>(shown),
                      sorted_.end(), busier);

    std::uint64_t total = 0;
    std::uint64_t hidden_total = 0;
    bool total_exact = true;
    bool hidden_exact = true;
    for (std::size_t i = 0; i < sorted_.size(); ++i) {
      total += sorted_[i].count;
      total_exact = total_exact && sorted_[i].exact;
      if (i >= shown) {
        hidden_total += sorted_[i].count;
        hidden_exact = hidden_exact && sorted_[i].exact;
      }
    }

    buffer_.clear();
    if (windows_written_ > 0) buffer_.push_back('\n');
    append_heading(start, end, sorted_.size(), total, total_exact);
    append_rows(shown);
    if (shown < sorted_.size()) {
      buffer_.append(kIndent);
      buffer_.append("... ");
      append_number(buffer_, sorted_.size() - shown);
      buffer_.append(" more ");
      buffer_.append(key_noun(sorted_.size() - shown));
      buffer_.append(", ");
      append_hits(buffer_, hidden_total, hidden_exact);
      buffer_.push_back('\n');
    }
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    ++windows_written_;
  }

  void finish() override {
    if (windows_written_ == 0) out_ << "(no hits)\n";
  }

 private:
  // With method or status columns a row is a key such as "GET /a 200", not an endpoint.
  std::string_view key_noun(std::size_t keys) const {
    const bool grouped = options_.method_column || options_.status_column;
    if (grouped) return keys == 1 ? "key" : "keys";
    return keys == 1 ? "endpoint" : "endpoints";
  }

  // "2026-12-01T10:00:00Z .. 10:01:00Z  3 endpoints, 57 hits"
  void append_heading(Seconds start, Seconds end, std::size_t keys, std::uint64_t total,
                      bool total_exact) {
    const std::size_t start_at = buffer_.size();
    append_utc(buffer_, start);
    const std::string_view start_text = std::string_view(buffer_).substr(start_at);
    end_text_.clear();
    append_utc(end_text_, end);
    // The end repeats the date only when the window crosses midnight.
    std::string_view end_shown = end_text_;
    const std::size_t time_at = start_text.find('T') + 1;
    if (end_shown.substr(0, time_at) == start_text.substr(0, time_at)) {
      end_shown.remove_prefix(time_at);
    }
    buffer_.append(" .. ");
    buffer_.append(end_shown);
    buffer_.append(kGap);
    append_number(buffer_, keys);
    buffer_.push_back(' ');
    buffer_.append(key_noun(keys));
    buffer_.append(", ");
    append_hits(buffer_, total, total_exact);
    buffer_.push_back('\n');
  }

  void append_rows(std::size_t shown) {
    std::size_t counts_width = 1;
    std::size_t method_width = 1;  // an empty method is shown as "-"
    for (std::size_t i = 0; i < shown; ++i) {
      counts_width = std::max(counts_width, count_width(sorted_[i]));
      method_width = std::max(method_width, sorted_[i].method.size());
    }
    for (std::size_t i = 0; i < shown; ++i) {
      const ReportRow& row = sorted_[i];
      buffer_.append(kIndent);
      append_padding(buffer_, counts_width, count_width(row));
      if (!row.exact) buffer_.push_back(kEstimateMark);
      append_number(buffer_, row.count);
      buffer_.append(kGap);
      if (options_.method_column) {
        const std::string_view method = row.method.empty() ? "-" : row.method;
        append_visible(buffer_, method);
        append_padding(buffer_, method_width, method.size());
        buffer_.append(kGap);
      }
      if (options_.status_column) {
        const std::size_t status_at = buffer_.size();
        append_number(buffer_, row.status);
        append_padding(buffer_, 3, buffer_.size() - status_at);
        buffer_.append(kGap);
      }
      append_visible(buffer_, row.endpoint);
      buffer_.push_back('\n');
    }
  }

  std::ostream& out_;
  const ReportOptions options_;
  std::vector<ReportRow> sorted_;  // the current window's rows, busiest first
  std::string buffer_;
  std::string end_text_;  // scratch for the heading
  std::size_t windows_written_ = 0;
};

}  // namespace

std::unique_ptr<ReportWriter> make_table_report(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<TableReport>(out, options);
}

}  // namespace hitlog
