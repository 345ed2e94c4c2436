#include "input_scan.h"

#include <sys/stat.h>
#include <unistd.h>

#include <thread>

#include "checkpointer.h"
#include "hitlog/byte_source.h"
#include "hitlog/input_order.h"
#include "hitlog/line_reader.h"
#include "input_ledger.h"
#include "read_ahead_source.h"

namespace hitlog {
namespace {

constexpr std::size_t kSampleTextBytes = 160;
constexpr std::uint64_t kProgressEveryLines = 1 << 16;

// Sizes of the regular files among the inputs: the denominator of the progress line.
std::uint64_t known_size(const std::vector<std::string>& paths) {
  std::uint64_t total = 0;
  for (const std::string& path : paths) {
    struct stat info {};
    if (path != "-" && stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      total += static_cast<std::uint64_t>(info.st_size);
    }
  }
  return total;
}

// Below these sizes a second thread costs more than it saves (measured on 2 cores): for gzip,
// inflating overlaps with parsing from about 1 MiB compressed; a plain file's copy out of the
// page cache is cheap enough that the first touch of 4 MiB of buffers outweighs it up to some
// 20 MB.
constexpr std::uint64_t kReadAheadMinGzipBytes = 1 << 20;
constexpr std::uint64_t kReadAheadMinPlainBytes = 32 << 20;

bool reads_ahead(int threads) {
  return threads >= 2 || (threads == 0 && std::thread::hardware_concurrency() >= 2);
}

// Whether reading path on a second thread pays. A pipe's size is unknown: it is read ahead.
bool worth_reading_ahead(const std::string& path, const ByteSource& source) {
  struct stat info {};
  const int rc = path == "-" ? fstat(STDIN_FILENO, &info) : stat(path.c_str(), &info);
  if (rc != 0 || !S_ISREG(info.st_mode)) return true;
  const std::uint64_t threshold =
      source.compressed() ? kReadAheadMinGzipBytes : kReadAheadMinPlainBytes;
  return static_cast<std::uint64_t>(info.st_size) >= threshold;
}

class Scanner {
 public:
  Scanner(const CountConfig& config, LineParser& parser, const HitFilter& filter, KeyTable& keys,
          HitConsumer& consumer, EventHub* events, RunResult& result, Checkpointer* checkpointer,
          bool final)
      : config_(config),
        parser_(parser),
        filter_(filter),
        keys_(keys),
        consumer_(consumer),
        events_(events != nullptr && events->active() ? events : nullptr),
        result_(result),
        stats_(result.stats),
        checkpointer_(checkpointer),
        final_(final) {}

  // True when every input was read to its end.
  bool run() {
    const std::vector<std::string> inputs =
        config_.inputs.empty() ? std::vector<std::string>{"-"} : order_inputs(config_.inputs);
    if (events_ != nullptr) {
      total_bytes_ = known_size(inputs);
      events_->progress(0, total_bytes_, 0);
    }
    for (const std::string& path : inputs) {
      try {
        if (!read_input(path)) return false;
      } catch (const InputError& e) {
        // Stop here; every hit before the error has been handed over already.
        result_.status = RunStatus::input_error;
        result_.message = e.what();
        return false;
      }
    }
    return true;
  }

 private:
  // Reads one input to its end. Throws InputError. Returns false when the run must stop: at a
  // bad line with --strict, or when the checkpointer says so.
  bool read_input(const std::string& path) {
    std::unique_ptr<ByteSource> source;
    std::uint64_t base_offset = 0;  // bytes and lines counted by earlier runs
    std::uint64_t base_lines = 0;
    if (checkpointer_ != nullptr) {
      IdentifiedInput input = open_identified(path);
      const InputLedger::Start start = checkpointer_->ledger().begin(input);
      if (!start.warning.empty()) result_.warnings.push_back(start.warning);
      if (start.done) return true;
      source = std::move(input.source);
      source->skip(start.offset);
      base_offset = start.offset;
      base_lines = start.lines;
    } else {
      source = open_source(path);
    }
    if (read_ahead_ && worth_reading_ahead(path, *source)) source = read_ahead(std::move(source));
    ++stats_.files;
    if (events_ != nullptr) events_->file_started(source->name());
    LineReader reader(*source);
    const std::string& name = source->name();  // once, not a virtual call per line
    const std::uint64_t raw_before = stats_.raw_bytes;
    // What a resumed input skipped was read by earlier runs: not part of this run's figures.
    const std::uint64_t raw_skipped = source->raw_offset();
    // Count what was read even when a read error ends this input early.
    struct Tally {
      RunStats& stats;
      const ByteSource& source;
      const LineReader& reader;
      std::uint64_t raw_skipped;
      ~Tally() {
        stats.bytes += reader.bytes_consumed();
        stats.raw_bytes += source.raw_offset() - raw_skipped;
      }
    } tally{stats_, *source, reader, raw_skipped};

    // A writer may be in the middle of a plain file's last line: the next run reads it whole.
    const bool hold_unterminated = checkpointer_ != nullptr && !final_ && !source->compressed();
    bool held_back = false;
    std::string_view line;
    while (reader.next(line)) {
      if (hold_unterminated && !reader.terminated()) {
        held_back = true;
        break;
      }
      ++stats_.lines;
      if (events_ != nullptr && stats_.lines % kProgressEveryLines == 0) {
        events_->progress(raw_before + source->raw_offset() - raw_skipped, total_bytes_,
                          stats_.lines);
      }
      const std::uint64_t line_number = base_lines + reader.line_number();
      if (!take_line(line, reader.too_long(), name, line_number)) return false;
      if (checkpointer_ != nullptr &&
          !checkpointer_->line_done(base_offset + reader.bytes_consumed(), line_number)) {
        return false;
      }
    }
    if (checkpointer_ != nullptr && !held_back) checkpointer_->ledger().finish();
    if (events_ != nullptr)
      events_->file_finished(source->name(), base_lines + reader.line_number());
    return true;
  }

  // Parses, filters and hands over one line. False when --strict ends the run at it.
  bool take_line(std::string_view line, bool too_long, const std::string& file,
                 std::uint64_t line_number) {
    const LineError error = too_long ? LineError::too_long : parser_.parse(line, hit_);
    if (error != LineError::none) return note_bad_line(file, line_number, error, line);
    if (filtering_ && !filter_.accepts(hit_)) {
      ++stats_.filtered;
      return true;
    }
    consumer_.consume(hit_.time, keys_.intern(hit_));
    return true;
  }

  // Counts a bad line; returns false when --strict ends the run at it.
  bool note_bad_line(const std::string& file, std::uint64_t line_number, LineError error,
                     std::string_view line) {
    ++stats_.bad_lines;
    if (stats_.bad_samples.size() < RunStats::kMaxBadSamples) {
      stats_.bad_samples.push_back(
          {file, line_number, error, std::string(line.substr(0, kSampleTextBytes))});
    }
    if (events_ != nullptr) events_->bad_line(file, line_number, error);
    if (!config_.strict) return true;
    result_.status = RunStatus::strict_bad_line;
    result_.message = file + ":" + std::to_string(line_number) + ": " +
                      std::string(describe(error)) + " (--strict)";
    return false;
  }

  const CountConfig& config_;
  LineParser& parser_;
  const HitFilter& filter_;
  KeyTable& keys_;
  HitConsumer& consumer_;
  EventHub* events_;  // null when nobody listens
  RunResult& result_;
  RunStats& stats_;
  Checkpointer* checkpointer_;  // null unless in checkpoint mode
  bool final_;
  const bool filtering_ = !filter_.accepts_all();
  const bool read_ahead_ = reads_ahead(config_.threads);
  Hit hit_;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace

bool prepare_input(const CountConfig& config, InputStages& stages, std::string& error) {
  stages.parser = compile_format(config.format, error);
  if (!stages.parser) {
    error = "invalid --format: " + error;
    return false;
  }
  stages.filter = HitFilter::create(config.filters, error);
  if (!stages.filter) return false;
  if (!make_strategy(config.strategy, error)) return false;
  for (const ScheduledSwap& swap : config.swaps) {
    if (swap.strategy.window != config.strategy.window) {
      error = "a swap must keep the window of the run";
      return false;
    }
    if (!make_strategy(swap.strategy, error)) return false;
  }
  return true;
}

bool scan_inputs(const CountConfig& config, LineParser& parser, const HitFilter& filter,
                 KeyTable& keys, HitConsumer& consumer, EventHub* events, RunResult& result,
                 Checkpointer* checkpointer, bool final) {
  return Scanner(config, parser, filter, keys, consumer, events, result, checkpointer, final).run();
}

}  // namespace hitlog
