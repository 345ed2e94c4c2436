// Checkpoints: the whole state of a `count` run, saved so that the next run continues exactly
// where this one stopped (Memento on disk). The file format is specified in
// src/lib/checkpoint_format.md; every shipped version has a golden file under tests/data/.
//
// Safety: a checkpoint is written to STATE.tmp and renamed over STATE, so a crash of the
// process at any moment leaves a whole checkpoint (the old or the new one), never a torn one.
// A durable save also fsyncs the report, the temporary file before the rename and the
// directory after it, so that a power loss cannot tear it either, and keeps the STATE it
// replaces as STATE.prev; the run makes a save durable at least once a second and at the end.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hitlog/counting_strategy.h"

namespace hitlog {

// How far one input was counted, and how to recognise it again after logrotate has renamed
// or compressed it.
struct InputMark {
  std::string path;  // as given when it was recorded, for messages
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;  // of the file on disk (compressed size for gzip) when recorded
  // FNV-1a hash of the first fingerprint_bytes bytes of the decompressed content, so that
  // access.log.1 is still recognised once it has become access.log.2.gz.
  std::uint64_t fingerprint = 0;
  std::uint32_t fingerprint_bytes = 0;
  std::uint64_t offset = 0;  // decompressed bytes counted: the next line starts here
  std::uint64_t lines = 0;   // lines before offset
  bool compressed = false;
  bool complete = false;  // a compressed input read to its end: it cannot grow any more
  bool operator==(const InputMark&) const = default;
};

// Cumulative figures of every run that contributed to a checkpoint.
struct CheckpointTotals {
  std::uint64_t runs = 0;
  std::uint64_t lines = 0;
  std::uint64_t bad_lines = 0;
  std::uint64_t filtered = 0;
  std::uint64_t bytes = 0;
  std::uint64_t rows = 0;
  bool operator==(const CheckpointTotals&) const = default;
};

struct Checkpoint {
  static constexpr std::uint32_t kVersion = 1;

  std::int64_t written_at = 0;  // seconds since the epoch
  // The settings that must not change between runs (format, window, grouping, filters...),
  // as (option, value) pairs in a fixed order.
  std::vector<std::pair<std::string, std::string>> config;
  StrategySpec strategy;       // the strategy counting when the checkpoint was taken
  std::string strategy_chain;  // every strategy of the runs so far: "fixed>morris"
  std::uint64_t swaps = 0;
  // The interned keys in id order: endpoint, method, status.
  struct Key {
    std::string endpoint;
    std::string method;
    int status = 0;
    bool operator==(const Key&) const = default;
  };
  std::vector<Key> keys;
  std::string counter_state;  // HitCounter::save, the strategy's state included
  std::vector<InputMark> inputs;
  std::uint64_t output_position = 0;  // report bytes written and synced with this state
  CheckpointTotals totals;
  bool operator==(const Checkpoint&) const = default;
};

// The file's bytes: header, payload, checksum.
std::string encode_checkpoint(const Checkpoint& checkpoint);

// Encodes the checkpoints of one run, which are saved again and again: the keys only grow, so
// their bytes and checksum are kept from one save to the next and only new keys are encoded.
// A save then costs what the open windows take, not what every endpoint ever seen takes.
class CheckpointEncoder {
 public:
  // The file in three pieces, to be written one after the other; the middle one points into
  // the encoder and is valid until the next encode().
  struct Pieces {
    std::string head;
    std::string_view keys;
    std::string tail;
  };
  // REQUIRES: checkpoint.keys starts with the keys of the previous call.
  Pieces encode(const Checkpoint& checkpoint);

 private:
  std::string keys_;          // the encoded keys so far
  std::size_t keys_done_ = 0;
  std::uint32_t keys_crc_ = 0;  // CRC-32 of keys_ alone
};

// Decodes and verifies a checkpoint file's bytes; nullopt and a reason in error when they are
// not a whole, intact checkpoint of a version this build reads.
std::optional<Checkpoint> decode_checkpoint(std::string_view bytes, std::string& error);

// Where checkpoint files are written; tests replace it to inject failures (a full disk).
class CheckpointFiles {
 public:
  virtual ~CheckpointFiles() = default;
  // Replaces path with bytes atomically: a temporary file in the same directory, then a
  // rename; when durable, the old file is kept as path.prev, the temporary file is fsynced
  // before the rename and the directory after it. False with a message naming the file when
  // any step fails; path then still holds the previous checkpoint.
  virtual bool replace(const std::string& path, std::span<const std::string_view> pieces,
                       bool durable, std::string& error);
};

// Reads and decodes the checkpoint at path: nullopt when there is none. Sets error (naming
// the file, and pointing at path.prev when it exists) when the file is unreadable or invalid.
std::optional<Checkpoint> load_checkpoint(const std::string& path, std::string& error);

// An exclusive lock on path.lock, held for the lifetime of the object. flock(2): the kernel
// releases it when the process dies, so a killed run never blocks the next one.
class CheckpointLock {
 public:
  // nullptr and a message in error when the lock cannot be had; busy tells whether another
  // process holds it (rather than the lock file not being writable).
  static std::unique_ptr<CheckpointLock> acquire(const std::string& path, std::string& error,
                                                 bool& busy);
  ~CheckpointLock();
  CheckpointLock(const CheckpointLock&) = delete;
  CheckpointLock& operator=(const CheckpointLock&) = delete;

 private:
  explicit CheckpointLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace hitlog

namespace hitlog {

// What `hitlog checkpoint show` tells beyond the checkpoint's own fields, read from its state.
struct CheckpointFigures {
  std::string error;  // set when the state does not load: the other figures are then unknown
  Seconds newest_hit = 0;     // the largest timestamp counted
  Seconds reported_to = 0;    // windows ending at or before this were reported
  bool any_hit = false;       // false: nothing was counted yet, the times above are unknown
  std::uint64_t hits = 0;
  std::uint64_t late_hits = 0;
  std::uint64_t windows = 0;  // windows reported
  std::size_t open_entries = 0;  // counters or timestamps held for windows still open
};

CheckpointFigures checkpoint_figures(const Checkpoint& checkpoint);

}  // namespace hitlog
