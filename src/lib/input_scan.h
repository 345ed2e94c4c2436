// The reading half of every command: inputs -> lines -> hits -> keys, handed to a consumer.
#pragma once

#include <memory>
#include <string>

#include "hitlog/count_run.h"
#include "hitlog/events.h"
#include "hitlog/hit_filter.h"
#include "hitlog/key_table.h"
#include "hitlog/line_parser.h"

namespace hitlog {

// Receives each hit that passed the filters.
class HitConsumer {
 public:
  virtual ~HitConsumer() = default;
  virtual void consume(Seconds time, KeyId key) = 0;
};

// The parts of a configuration that reading needs, compiled and checked.
struct InputStages {
  std::unique_ptr<LineParser> parser;
  std::unique_ptr<HitFilter> filter;
};

// Compiles the format and filters and checks the strategies of config; returns false and sets
// error to a message for the user when something is invalid. Every command that reads logs
// checks its configuration here, before it opens any output.
bool prepare_input(const CountConfig& config, InputStages& stages, std::string& error);

class Checkpointer;

// Reads config.inputs (in order_inputs order; none means standard input) into consumer.
// Fills result.stats' input figures (files, lines, bad lines, filtered, bytes, samples) and,
// when an input cannot be read or --strict meets a bad line, result.status and message: it
// stops there, having handed over every hit before. events may be null.
// With a checkpointer (checkpoint mode), each input continues where its ledger says, the
// checkpointer sees every line boundary, and a plain input's last line is held back unless
// it ends with a newline or final is set (a writer may be in the middle of it). Returns
// whether every input was read to its end.
bool scan_inputs(const CountConfig& config, LineParser& parser, const HitFilter& filter,
                 KeyTable& keys, HitConsumer& consumer, EventHub* events, RunResult& result,
                 Checkpointer* checkpointer = nullptr, bool final = false);

}  // namespace hitlog
