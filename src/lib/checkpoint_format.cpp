// The checkpoint file's encoding; the spec is checkpoint_format.md beside this file.

#include <zlib.h>

#include <cstring>

#include "hitlog/checkpoint.h"
#include "hitlog/state_codec.h"

namespace hitlog {
namespace {

constexpr char kMagic[8] = {'H', 'I', 'T', 'L', 'O', 'G', 'C', 'K'};
constexpr std::size_t kHeaderBytes = sizeof kMagic + 4 + 8;  // magic, version, payload length
constexpr std::size_t kChecksumBytes = 4;

std::uint32_t crc32_of(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed large inputs in pieces.
  while (!bytes.empty()) {
    const std::size_t n = std::min<std::size_t>(bytes.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n));
    bytes.remove_prefix(n);
  }
  return static_cast<std::uint32_t>(crc);
}

void write_payload(StateWriter& out, const Checkpoint& c) {
  out.i64(c.written_at);
  out.u64(c.config.size());
  for (const auto& [option, value] : c.config) {
    out.str(option);
    out.str(value);
  }
  const StrategySpec& s = c.strategy;
  out.str(s.name);
  out.i64(s.window);
  out.i64(s.step);
  out.u32(static_cast<std::uint32_t>(s.morris_bits));
  out.f64(s.morris_base);
  out.u64(s.seed);
  out.str(c.strategy_chain);
  out.u64(c.swaps);
  out.str(c.counter_state);
  out.u64(c.inputs.size());
  for (const InputMark& m : c.inputs) {
    out.str(m.path);
    out.u64(m.device);
    out.u64(m.inode);
    out.u64(m.size);
    out.u64(m.fingerprint);
    out.u32(m.fingerprint_bytes);
    out.u64(m.offset);
    out.u64(m.lines);
    out.boolean(m.compressed);
    out.boolean(m.complete);
  }
  out.u64(c.output_position);
  const CheckpointTotals& t = c.totals;
  for (std::uint64_t figure : {t.runs, t.lines, t.bad_lines, t.filtered, t.bytes, t.rows}) {
    out.u64(figure);
  }
  // The keys come last: CheckpointEncoder keeps their bytes from one save to the next.
  out.u64(c.keys.size());
}

void write_key(StateWriter& out, const Checkpoint::Key& key) {
  out.str(key.endpoint);
  out.str(key.method);
  out.u32(static_cast<std::uint32_t>(key.status));
}

void read_payload(StateReader& in, Checkpoint& c) {
  c.written_at = in.i64();
  for (std::uint64_t n = in.count(16); n > 0 && in.ok(); --n) {
    std::string option = in.str();
    std::string value = in.str();
    c.config.emplace_back(std::move(option), std::move(value));
  }
  StrategySpec& s = c.strategy;
  s.name = in.str();
  s.window = in.i64();
  s.step = in.i64();
  s.morris_bits = static_cast<int>(in.u32());
  s.morris_base = in.f64();
  s.seed = in.u64();
  c.strategy_chain = in.str();
  c.swaps = in.u64();
  c.counter_state = in.str();
  for (std::uint64_t n = in.count(62); n > 0 && in.ok(); --n) {
    InputMark m;
    m.path = in.str();
    m.device = in.u64();
    m.inode = in.u64();
    m.size = in.u64();
    m.fingerprint = in.u64();
    m.fingerprint_bytes = in.u32();
    m.offset = in.u64();
    m.lines = in.u64();
    m.compressed = in.boolean();
    m.complete = in.boolean();
    c.inputs.push_back(std::move(m));
  }
  c.output_position = in.u64();
  CheckpointTotals& t = c.totals;
  for (std::uint64_t* figure : {&t.runs, &t.lines, &t.bad_lines, &t.filtered, &t.bytes, &t.rows}) {
    *figure = in.u64();
  }
  for (std::uint64_t n = in.count(20); n > 0 && in.ok(); --n) {
    Checkpoint::Key key;
    key.endpoint = in.str();
    key.method = in.str();
    key.status = static_cast<int>(in.u32());
    if (key.status > 999) in.fail("a key's status is out of range");
    c.keys.push_back(std::move(key));
  }
}

}  // namespace

CheckpointEncoder::Pieces CheckpointEncoder::encode(const Checkpoint& checkpoint) {
  StateWriter new_keys;
  for (; keys_done_ < checkpoint.keys.size(); ++keys_done_) {
    write_key(new_keys, checkpoint.keys[keys_done_]);
  }
  keys_ += new_keys.bytes();
  keys_crc_ = static_cast<std::uint32_t>(
      crc32(keys_crc_, reinterpret_cast<const Bytef*>(new_keys.bytes().data()),
            static_cast<uInt>(new_keys.bytes().size())));

  StateWriter head;
  for (char c : kMagic) head.u8(static_cast<std::uint8_t>(c));
  head.u32(Checkpoint::kVersion);
  const std::size_t length_at = head.size();
  head.u64(0);  // the payload's length, once known
  write_payload(head, checkpoint);
  head.patch_u64(length_at, head.size() - kHeaderBytes + keys_.size());
  const uLong crc = crc32_combine(crc32_of(head.bytes()), keys_crc_,
                                  static_cast<z_off_t>(keys_.size()));
  StateWriter tail;
  tail.u32(static_cast<std::uint32_t>(crc));
  return {head.take(), keys_, tail.take()};
}

std::string encode_checkpoint(const Checkpoint& checkpoint) {
  CheckpointEncoder encoder;
  const CheckpointEncoder::Pieces pieces = encoder.encode(checkpoint);
  return pieces.head + std::string(pieces.keys) + pieces.tail;
}

std::optional<Checkpoint> decode_checkpoint(std::string_view bytes, std::string& error) {
  if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    error = "not a hitlog checkpoint (no HITLOGCK header)";
    return std::nullopt;
  }
  StateReader header(bytes.substr(sizeof kMagic));
  const std::uint32_t version = header.u32();
  const std::uint64_t length = header.u64();
  if (!header.ok()) {
    error = "truncated: the header is incomplete";
    return std::nullopt;
  }
  if (version != Checkpoint::kVersion) {
    error = "format version " + std::to_string(version) + ", but this hitlog reads version " +
            std::to_string(Checkpoint::kVersion);
    return std::nullopt;
  }
  if (bytes.size() < kHeaderBytes + kChecksumBytes ||
      length != bytes.size() - kHeaderBytes - kChecksumBytes) {
    error = "truncated or extended: " + std::to_string(bytes.size()) + " bytes, the header says " +
            std::to_string(kHeaderBytes + length + kChecksumBytes);
    return std::nullopt;
  }
  const std::string_view covered = bytes.substr(0, bytes.size() - kChecksumBytes);
  StateReader trailer(bytes.substr(covered.size()));
  if (trailer.u32() != crc32_of(covered)) {
    error = "checksum mismatch: the file is corrupt";
    return std::nullopt;
  }
  StateReader in(covered.substr(kHeaderBytes));
  Checkpoint checkpoint;
  read_payload(in, checkpoint);
  if (in.ok() && !in.at_end()) in.fail("unexpected bytes after the payload");
  if (!in.ok()) {
    error = "invalid payload: " + in.error();
    return std::nullopt;
  }
  return checkpoint;
}

}  // namespace hitlog
