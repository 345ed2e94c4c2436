// Checkpoint mode's book of inputs: recognises each input among those a checkpoint recorded
// (whatever its name now: logrotate renames and compresses), says where to continue it, and
// records how far every input got. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hitlog/byte_source.h"
#include "hitlog/checkpoint.h"

namespace hitlog {

// The decompressed bytes an input's fingerprint covers, at most.
inline constexpr std::size_t kFingerprintBytes = 4096;

// FNV-1a, 64 bits: the fingerprint of an input's first bytes.
std::uint64_t fingerprint_of(std::string_view bytes);

// An opened input with its identity read: device, inode, size and the fingerprint of its
// first bytes. The source still starts at byte 0.
struct IdentifiedInput {
  std::unique_ptr<ByteSource> source;
  InputMark identity;  // offset and lines 0
  std::string head;    // the first fingerprint_bytes bytes of the content
};

// Opens path ("-" is refused: a pipe cannot be recognised again). Throws InputError.
IdentifiedInput open_identified(const std::string& path);

class InputLedger {
 public:
  explicit InputLedger(std::vector<InputMark> recorded) : recorded_(std::move(recorded)),
                                                          taken_(recorded_.size(), false) {}

  struct Start {
    std::uint64_t offset = 0;  // decompressed bytes to skip: counted already
    std::uint64_t lines = 0;   // lines before offset
    bool done = false;         // a compressed input already read to its end: skip it whole
    std::string warning;       // for the user, when the input was truncated or rewritten
  };

  // Makes input the current one and says where to continue it.
  Start begin(const IdentifiedInput& input);
  // Records how far the current input has been counted.
  void advance(std::uint64_t offset, std::uint64_t lines) {
    current_.back().offset = offset;
    current_.back().lines = lines;
  }
  // The current input was read to its end.
  void finish();

  // What a checkpoint records: the inputs of this run so far and, unless the run is over,
  // those recorded before that this run has not reached yet (it may still reach them).
  std::vector<InputMark> marks(bool run_over) const;

 private:
  std::vector<InputMark> recorded_;
  std::vector<bool> taken_;
  std::vector<InputMark> current_;
};

}  // namespace hitlog
