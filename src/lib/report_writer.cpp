// The format names and the factory over the concrete writers.
#include "hitlog/report_writer.h"

#include "report_writers.h"

namespace hitlog {

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  if (name == "csv") return ReportFormat::csv;
  if (name == "jsonl") return ReportFormat::jsonl;
  if (name == "table") return ReportFormat::table;
  return std::nullopt;
}

std::unique_ptr<ReportWriter> make_report_writer(ReportFormat format, std::ostream& out,
                                                 const ReportOptions& options) {
  switch (format) {
    case ReportFormat::csv:
      return make_csv_report(out, options);
    case ReportFormat::jsonl:
      return make_jsonl_report(out, options);
    case ReportFormat::table:
      return make_table_report(out, options);
  }
  return nullptr;
}

}  // namespace hitlog
