#include "summary.h"

#include <cstdio>
#include <string>

namespace hitlog::cli {
namespace {

// 1234567 -> "1,234,567": summaries are read by people.
std::string grouped(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// Bad lines may hold any bytes; show them so they cannot upset the terminal.
std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", c);
      out += escaped;
    }
  }
  return out;
}

}  // namespace

void print_summary(std::ostream& out, const RunStats& stats) {
  const double mb = static_cast<double>(stats.bytes) / 1e6;
  const double seconds = stats.elapsed_seconds;
  out << "hitlog: " << grouped(stats.files) << (stats.files == 1 ? " file, " : " files, ")
      << grouped(stats.lines) << " lines, " << fixed(mb, 1) << " MB in " << fixed(seconds, 2)
      << " s";
  if (seconds > 0) out << " (" << fixed(mb / seconds, 1) << " MB/s)";
  out << "\n";
  out << "  hits counted  " << grouped(stats.hits) << "\n";
  out << "  late hits     " << grouped(stats.late_hits);
  if (stats.late_hits > 0) out << " (arrived after their window was reported; see --max-delay)";
  out << "\n";
  if (stats.filtered > 0) out << "  filtered out  " << grouped(stats.filtered) << "\n";
  out << "  bad lines     " << grouped(stats.bad_lines) << "\n";
  out << "  endpoints     " << grouped(stats.endpoints) << "\n";
  out << "  windows       " << grouped(stats.windows);
  if (stats.rows > 0) out << " (" << grouped(stats.rows) << " rows)";
  out << "\n";
  if (!stats.strategy.empty()) {
    out << "  strategy      " << stats.strategy;
    if (stats.swaps > 0) out << " (" << stats.swaps << (stats.swaps == 1 ? " swap)" : " swaps)");
    out << "\n";
    out << "  memory peak   " << grouped(stats.memory_entries) << " entries, "
        << fixed(static_cast<double>(stats.memory_bytes) / 1e3, 1) << " kB; "
        << grouped(stats.pruned) << " pruned\n";
  }
  if (!stats.bad_samples.empty()) {
    out << "first bad lines:\n";
    for (const BadLineSample& sample : stats.bad_samples) {
      out << "  " << sample.file << ":" << sample.line << ": " << describe(sample.reason) << ": "
          << printable(sample.text) << "\n";
    }
  }
}

}  // namespace hitlog::cli
