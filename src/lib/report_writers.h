// The concrete report writers behind make_report_writer, and the small text helpers they share.
#pragma once

#include <charconv>
#include <memory>
#include <ostream>
#include <string>

#include "hitlog/report_writer.h"

namespace hitlog {

std::unique_ptr<ReportWriter> make_csv_report(std::ostream& out, const ReportOptions& options);
std::unique_ptr<ReportWriter> make_jsonl_report(std::ostream& out, const ReportOptions& options);
std::unique_ptr<ReportWriter> make_table_report(std::ostream& out, const ReportOptions& options);

// Appends the decimal digits of an integer; no allocation when out has capacity.
template <typename Integer>
void append_number(std::string& out, Integer value) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, result.ptr);
}

}  // namespace hitlog
