#include "hitlog/metrics.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>
#include <variant>

#include "json_text.h"
#include "report_writers.h"

namespace hitlog {
namespace {

// One figure of Metrics with its contract name; both writers walk the same list, so the JSON
// keys and the metric names cannot drift apart.
struct Figure {
  std::string_view name;
  std::string_view help;  // Prometheus HELP text: no backslash or line feed, so no escaping
  std::variant<std::uint64_t, double, std::string_view> value;
};

std::array<Figure, 13> figures(const Metrics& m) {
  return {{
      {"total_hits", "Hits counted in a window by the last run.", m.total_hits},
      {"endpoints_count", "Distinct endpoint keys seen by the last run.", m.endpoints_count},
      {"pruned_events", "Memory entries the counting strategy released during the last run.",
       m.pruned_events},
      {"strategy", "Counting strategy of the last run in the strategy label, from>to after a swap.",
       std::string_view(m.strategy)},
      {"swaps", "Strategy swaps during the last run.", m.swaps},
      {"memory_entries",
       "Most entries the counting strategy held at once, since the checkpoint's first run.",
       m.memory_entries},
      {"memory_bytes",
       "Most bytes the counting strategy held at once, since the checkpoint's first run.",
       m.memory_bytes},
      {"lines", "Log lines read by the last run.", m.lines},
      {"bad_lines", "Log lines the last run could not parse.", m.bad_lines},
      {"late_hits", "Hits that arrived after their window was reported, in no window.",
       m.late_hits},
      {"bytes_read", "Bytes read from the inputs by the last run.", m.bytes_read},
      {"windows_emitted", "Windows reported by the last run.", m.windows_emitted},
      {"elapsed_seconds", "Wall-clock duration of the last run.", m.elapsed_seconds},
  }};
}

constexpr std::string_view kPrefix = "hitlog_";

// The exposition format reads values as Go's ParseFloat does: shortest exact digits, and its own
// spelling for the values that are not numbers.
void append_prometheus_value(std::string& out, double value) {
  if (std::isnan(value)) {
    out.append("NaN");
  } else if (std::isinf(value)) {
    out.append(value > 0 ? "+Inf" : "-Inf");
  } else {
    char digits[32];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr);
  }
}

// Label values escape exactly these three characters; everything else is literal UTF-8.
void append_label_value(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '\\':
        out.append("\\\\");
        break;
      case '"':
        out.append("\\\"");
        break;
      case '\n':
        out.append("\\n");
        break;
      default:
        out.push_back(c);
        break;
    }
  }
  out.push_back('"');
}

void append_gauge_header(std::string& out, std::string_view name, std::string_view help) {
  out.append("# HELP ").append(kPrefix).append(name).push_back(' ');
  out.append(help).push_back('\n');
  out.append("# TYPE ").append(kPrefix).append(name).append(" gauge\n");
}

void write_text(std::ostream& out, const std::string& text) {
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

void write_metrics_json(std::ostream& out, const Metrics& metrics) {
  std::string text = "{";
  for (const Figure& figure : figures(metrics)) {
    if (text.size() > 1) text.push_back(',');
    append_json_string(text, figure.name);
    text.push_back(':');
    if (const auto* count = std::get_if<std::uint64_t>(&figure.value)) {
      append_number(text, *count);
    } else if (const auto* seconds = std::get_if<double>(&figure.value)) {
      append_json_number(text, *seconds);
    } else {
      append_json_string(text, std::get<std::string_view>(figure.value));
    }
  }
  text.append(",\"finished_at\":");
  if (metrics.finished_at != 0) {
    append_number(text, metrics.finished_at);
  } else {
    text.append("null");
  }
  text.append("}\n");
  write_text(out, text);
}

void write_metrics_prometheus(std::ostream& out, const Metrics& metrics) {
  std::string text;
  const std::array<Figure, 13> all = figures(metrics);
  const Figure* strategy = nullptr;
  for (const Figure& figure : all) {
    if (std::holds_alternative<std::string_view>(figure.value)) {
      strategy = &figure;  // a string is a label: written as hitlog_info below
      continue;
    }
    append_gauge_header(text, figure.name, figure.help);
    text.append(kPrefix).append(figure.name).push_back(' ');
    if (const auto* count = std::get_if<std::uint64_t>(&figure.value)) {
      append_number(text, *count);
    } else {
      append_prometheus_value(text, std::get<double>(figure.value));
    }
    text.push_back('\n');
  }
  append_gauge_header(text, "info", strategy->help);
  text.append(kPrefix).append("info{strategy=");
  append_label_value(text, std::get<std::string_view>(strategy->value));
  text.append("} 1\n");
  if (metrics.finished_at != 0) {
    append_gauge_header(text, "last_run_timestamp_seconds",
                        "Unix time at which the last run finished.");
    text.append(kPrefix).append("last_run_timestamp_seconds ");
    append_number(text, metrics.finished_at);
    text.push_back('\n');
  }
  write_text(out, text);
}

}  // namespace hitlog
