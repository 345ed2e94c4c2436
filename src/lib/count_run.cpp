#include "hitlog/count_run.h"

#include <chrono>
#include <memory>

#include "hitlog/byte_source.h"
#include "hitlog/hit_counter.h"
#include "hitlog/input_order.h"
#include "hitlog/line_reader.h"
#include "report_emitter.h"

namespace hitlog {
namespace {

constexpr std::size_t kSampleTextBytes = 160;

// The stages of one run, built from a valid configuration.
class CountPipeline {
 public:
  CountPipeline(const CountConfig& config, LineParser& parser, const HitFilter& filter,
                ReportWriter& report)
      : config_(config),
        parser_(parser),
        filter_(filter),
        keys_(config.group_by),
        emitter_(keys_, report),
        counter_(make_fixed_window(config.window), config.max_delay, emitter_) {}

  // Reads one input to its end. Throws InputError. Returns false when --strict stopped it.
  bool read_input(const std::string& path, RunResult& result) {
    std::unique_ptr<ByteSource> source = open_source(path);
    RunStats& stats = result.stats;
    ++stats.files;
    LineReader reader(*source);
    // Count what was read even when a read error ends this input early.
    struct Tally {
      RunStats& stats;
      const ByteSource& source;
      const LineReader& reader;
      ~Tally() {
        stats.bytes += reader.bytes_consumed();
        stats.raw_bytes += source.raw_offset();
      }
    } tally{stats, *source, reader};

    const bool filtering = !filter_.accepts_all();
    std::string_view line;
    Hit hit;
    while (reader.next(line)) {
      ++stats.lines;
      const LineError error = reader.too_long() ? LineError::too_long : parser_.parse(line, hit);
      if (error != LineError::none) {
        note_bad_line(source->name(), reader.line_number(), error, line, stats);
        if (config_.strict) {
          result.status = RunStatus::strict_bad_line;
          result.message = source->name() + ":" + std::to_string(reader.line_number()) + ": " +
                           std::string(describe(error)) + " (--strict)";
          return false;
        }
        continue;
      }
      if (filtering && !filter_.accepts(hit)) {
        ++stats.filtered;
        continue;
      }
      counter_.record(hit.time, keys_.intern(hit));
    }
    return true;
  }

  void finish(RunStats& stats) {
    counter_.finish();
    stats.hits = counter_.hits();
    stats.late_hits = counter_.late_hits();
    stats.endpoints = keys_.size();
    stats.windows = emitter_.windows();
    stats.rows = emitter_.rows();
  }

 private:
  static void note_bad_line(const std::string& file, std::uint64_t line_number, LineError error,
                            std::string_view line, RunStats& stats) {
    ++stats.bad_lines;
    if (stats.bad_samples.size() < RunStats::kMaxBadSamples) {
      stats.bad_samples.push_back(
          {file, line_number, error, std::string(line.substr(0, kSampleTextBytes))});
    }
  }

  const CountConfig& config_;
  LineParser& parser_;
  const HitFilter& filter_;
  KeyTable keys_;
  ReportEmitter emitter_;
  HitCounter counter_;
};

}  // namespace

CountRun::CountRun(const CountConfig& config, std::unique_ptr<LineParser> parser,
                   std::unique_ptr<HitFilter> filter)
    : config_(config), parser_(std::move(parser)), filter_(std::move(filter)) {}

CountRun::~CountRun() = default;

std::unique_ptr<CountRun> CountRun::create(const CountConfig& config, std::string& error) {
  std::unique_ptr<LineParser> parser = compile_format(config.format, error);
  if (!parser) {
    error = "invalid --format: " + error;
    return nullptr;
  }
  std::unique_ptr<HitFilter> filter = HitFilter::create(config.filters, error);
  if (!filter) return nullptr;
  return std::unique_ptr<CountRun>(new CountRun(config, std::move(parser), std::move(filter)));
}

RunResult CountRun::run(ReportWriter& report) {
  const auto started = std::chrono::steady_clock::now();
  RunResult result;
  CountPipeline pipeline(config_, *parser_, *filter_, report);
  const std::vector<std::string> inputs =
      config_.inputs.empty() ? std::vector<std::string>{"-"} : order_inputs(config_.inputs);
  for (const std::string& path : inputs) {
    try {
      if (!pipeline.read_input(path, result)) break;
    } catch (const InputError& e) {
      // Stop here, but report everything counted before the error.
      result.status = RunStatus::input_error;
      result.message = e.what();
      break;
    }
  }
  pipeline.finish(result.stats);
  report.finish();
  result.stats.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace hitlog
