#include "checkpoint_command.h"

#include <boost/program_options.hpp>
#include <iostream>

#include "command_line.h"
#include "exit_codes.h"
#include "hitlog/checkpoint.h"
#include "json_text.h"

namespace po = boost::program_options;

namespace hitlog::cli {
namespace {

constexpr const char* kUsage = "Usage: hitlog checkpoint show [--json] STATE\n";

constexpr const char* kDescription = R"txt(
Shows what the checkpoint STATE (made by hitlog count --checkpoint STATE) holds: when it was
written, the options it was made with, the strategy, the inputs and how far each was counted,
the report position, the state's figures and the totals of every run so far. --json writes
the same as one JSON object. Exit code 6 when the file is not a valid checkpoint.
)txt";

std::string time_text(bool known, Seconds t) { return known ? format_utc(t) : "-"; }

void show_text(std::ostream& out, const std::string& path, const Checkpoint& c,
               const CheckpointFigures& f) {
  out << "checkpoint " << path << " (format version " << Checkpoint::kVersion << ")\n"
      << "  written at     " << format_utc(c.written_at) << "\n"
      << "  strategy       " << c.strategy.name << " (runs so far: " << c.strategy_chain
      << ", " << c.swaps << " swaps)\n"
      << "  options       ";
  for (const auto& [option, value] : c.config) {
    if (!value.empty()) out << " " << option << " " << value;
  }
  out << "\n  keys           " << c.keys.size() << "\n";
  if (f.error.empty()) {
    out << "  hits counted   " << f.hits << " (late " << f.late_hits << ")\n"
        << "  newest hit     " << time_text(f.any_hit, f.newest_hit) << "\n"
        << "  reported to    " << time_text(f.any_hit, f.reported_to) << " (" << f.windows
        << " windows)\n"
        << "  open entries   " << f.open_entries << "\n";
  } else {
    out << "  state          invalid: " << f.error << "\n";
  }
  out << "  report at      byte " << c.output_position << "\n"
      << "  totals         " << c.totals.runs << " runs, " << c.totals.lines << " lines, "
      << c.totals.bad_lines << " bad, " << c.totals.filtered << " filtered, " << c.totals.rows
      << " rows\n"
      << "  inputs         " << c.inputs.size() << "\n";
  for (const InputMark& m : c.inputs) {
    out << "    " << m.path << ": byte " << m.offset << ", line " << m.lines
        << (m.compressed ? ", gzip" : "") << (m.complete ? ", complete" : "") << " (inode "
        << m.inode << ", " << m.size << " bytes on disk)\n";
  }
}

void show_json(std::ostream& out, const std::string& path, const Checkpoint& c,
               const CheckpointFigures& f) {
  std::string j = "{\"path\":";
  append_json_string(j, path);
  j += ",\"version\":" + std::to_string(Checkpoint::kVersion);
  j += ",\"written_at\":";
  append_json_string(j, format_utc(c.written_at));
  j += ",\"strategy\":";
  append_json_string(j, c.strategy.name);
  j += ",\"strategy_chain\":";
  append_json_string(j, c.strategy_chain);
  j += ",\"swaps\":" + std::to_string(c.swaps) + ",\"options\":{";
  for (std::size_t i = 0; i < c.config.size(); ++i) {
    if (i > 0) j += ",";
    append_json_string(j, c.config[i].first);
    j += ":";
    append_json_string(j, c.config[i].second);
  }
  j += "},\"keys\":" + std::to_string(c.keys.size());
  if (f.error.empty()) {
    j += ",\"hits\":" + std::to_string(f.hits) + ",\"late_hits\":" + std::to_string(f.late_hits);
    j += ",\"newest_hit\":";
    if (f.any_hit) append_json_string(j, format_utc(f.newest_hit)); else j += "null";
    j += ",\"reported_to\":";
    if (f.any_hit) append_json_string(j, format_utc(f.reported_to)); else j += "null";
    j += ",\"windows\":" + std::to_string(f.windows) +
         ",\"open_entries\":" + std::to_string(f.open_entries);
  } else {
    j += ",\"state_error\":";
    append_json_string(j, f.error);
  }
  j += ",\"output_position\":" + std::to_string(c.output_position);
  j += ",\"totals\":{\"runs\":" + std::to_string(c.totals.runs) +
       ",\"lines\":" + std::to_string(c.totals.lines) +
       ",\"bad_lines\":" + std::to_string(c.totals.bad_lines) +
       ",\"filtered\":" + std::to_string(c.totals.filtered) +
       ",\"bytes\":" + std::to_string(c.totals.bytes) +
       ",\"rows\":" + std::to_string(c.totals.rows) + "},\"inputs\":[";
  for (std::size_t i = 0; i < c.inputs.size(); ++i) {
    const InputMark& m = c.inputs[i];
    if (i > 0) j += ",";
    j += "{\"path\":";
    append_json_string(j, m.path);
    j += ",\"offset\":" + std::to_string(m.offset) + ",\"lines\":" + std::to_string(m.lines) +
         ",\"compressed\":" + (m.compressed ? "true" : "false") +
         ",\"complete\":" + (m.complete ? "true" : "false") +
         ",\"device\":" + std::to_string(m.device) + ",\"inode\":" + std::to_string(m.inode) +
         ",\"size\":" + std::to_string(m.size) +
         ",\"fingerprint_bytes\":" + std::to_string(m.fingerprint_bytes) + "}";
  }
  j += "]}\n";
  out << j;
}

}  // namespace

int checkpoint_command(const std::vector<std::string>& args) {
  bool json = false;
  std::string action;
  std::string path;
  po::options_description visible("Options");
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("json", po::bool_switch(&json), "write one JSON object");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("action", po::value(&action))("state", po::value(&path));
  po::positional_options_description positional;
  positional.add("action", 1).add("state", 1);
  try {
    po::variables_map vm;
    if (parse_command_line(args, visible, hidden, positional, vm)) {
      std::cout << kUsage << kDescription << "\n" << visible;
      return kExitOk;
    }
  } catch (const po::error& e) {
    std::cerr << "hitlog checkpoint: " << e.what() << "\n" << kUsage;
    return kExitUsage;
  }
  if (action != "show" || path.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  std::string error;
  const std::optional<Checkpoint> checkpoint = load_checkpoint(path, error);
  if (!checkpoint) {
    std::cerr << "hitlog: " << (error.empty() ? "no checkpoint '" + path + "'" : error) << "\n";
    return kExitCheckpoint;
  }
  const CheckpointFigures figures = checkpoint_figures(*checkpoint);
  if (json) {
    show_json(std::cout, path, *checkpoint, figures);
  } else {
    show_text(std::cout, path, *checkpoint, figures);
  }
  std::cout.flush();
  return std::cout ? kExitOk : kExitOutputError;
}

}  // namespace hitlog::cli
