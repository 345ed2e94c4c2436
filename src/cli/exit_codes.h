// Exit codes: documented in --help and README.md. Scripts depend on them; keep them stable.
#pragma once

namespace hitlog::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitInputError = 1,   // an input could not be read; what came before it was reported
  kExitUsage = 2,        // bad command line or configuration; nothing was read
  kExitStrict = 3,       // --strict stopped at a bad line; what came before it was reported
  kExitOutputError = 4,  // the report could not be written
  kExitLocked = 5,       // another run holds the checkpoint
  kExitCheckpoint = 6,   // the checkpoint cannot be read, does not match, or cannot be written
  // SIGINT and SIGTERM stop a checkpointed run cleanly with 128 + the signal: 130 and 143.
  kExitSignalBase = 128,
};

}  // namespace hitlog::cli
