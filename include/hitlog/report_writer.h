// Writing completed windows as a report: csv, jsonl, or an aligned table for people.
//
// The csv schema is a contract that users' scripts depend on:
//   window_start,window_end,endpoint,count
// with "method" and/or "status" columns inserted after "endpoint" when the key is grouped by
// them (window_start,window_end,endpoint,method,status,count). Times are ISO-8601 UTC
// ("2026-12-01T10:00:00Z"). A field is quoted, as RFC 4180 says, only when it holds a comma,
// a double quote, CR or LF; lines end with "\n".
//
// jsonl writes one object per row with the same keys in the same order, status and count as
// numbers: {"window_start":"...","window_end":"...","endpoint":"/a","count":42}. A row whose
// count is an estimate adds "exact":false and its relative standard error to 4 significant
// digits after the count: ...,"count":1024,"exact":false,"rse":0.7071}. Strings
// escape '"', '\\' and control bytes (\n \r \t, others as \u00xx); well-formed UTF-8 passes
// through, and a byte that is not part of well-formed UTF-8 is read as Latin-1 and written as
// \u00xx, so every line is valid JSON whatever bytes the log held.
//
// The table shows each window as a heading with its totals and its rows busiest first, counts
// right-aligned; control bytes in endpoints are shown as \xHH so they cannot break the layout.
// An estimated count, and a total that includes one, is shown with a leading '~' ("~1024").
// csv has no room for accuracy in its schema: it writes estimates as plain counts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string_view>

#include "hitlog/time.h"

namespace hitlog {

enum class ReportFormat { csv, jsonl, table };
// "csv", "jsonl", "table"; nullopt for anything else.
std::optional<ReportFormat> parse_report_format(std::string_view name);

struct ReportRow {
  std::string_view endpoint;
  std::string_view method;  // written only when ReportOptions::method_column
  int status = 0;           // written only when ReportOptions::status_column
  std::uint64_t count = 0;
  // False when count is an estimate (see ClosedWindow::exact).
  bool exact = true;
  // Relative standard error of an estimated count; written only when !exact.
  double relative_std_error = 0;
};

struct ReportOptions {
  bool method_column = false;
  bool status_column = false;
  // Table only: at most this many rows per window, the rest summed on one line; 0 = all.
  std::size_t top = 0;
  // csv only: false when appending to a report that has its header already (a resumed run).
  bool header = true;
};

// Writers take rows one window at a time; csv and jsonl keep their order, the table sorts a
// window by count (highest first) to show its top rows. Errors of the stream are left
// in its state for the caller to check. Not thread-safe.
class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  // One completed window [start, end); rows are in the order to print (endpoint byte order,
  // then method, then status) and each has count > 0. A window with no rows prints nothing.
  virtual void write_window(Seconds start, Seconds end, std::span<const ReportRow> rows) = 0;
  // Called once after the last window; the table prints "(no hits)" here when no window had
  // rows, the other formats print nothing. Hands every buffered row to the stream.
  virtual void finish() = 0;
  // Hands the rows buffered so far to the stream: writers gather small windows into large
  // writes, and a checkpoint must not claim rows still held here.
  virtual void flush() {}
};

// The csv writer prints its header line at construction, unless options.header is false.
std::unique_ptr<ReportWriter> make_report_writer(ReportFormat format, std::ostream& out,
                                                 const ReportOptions& options);

}  // namespace hitlog
