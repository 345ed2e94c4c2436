#include "input_ledger.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "fd_file.h"
#include "peeked_bytes.h"

namespace hitlog {
namespace {

// Serves the head that was read to identify the input, then the rest of the source.
class HeadSource final : public ByteSource {
 public:
  HeadSource(std::unique_ptr<ByteSource> inner, std::string_view head)
      : inner_(std::move(inner)), head_(head) {}

  std::size_t read(char* dst, std::size_t capacity) override {
    if (const std::size_t n = head_.take(dst, capacity)) return n;
    return inner_->read(dst, capacity);
  }

  void skip(std::uint64_t n) override {
    n -= head_.drop(n);
    if (n > 0) inner_->skip(n);
  }

  const std::string& name() const override { return inner_->name(); }
  std::uint64_t raw_offset() const override { return inner_->raw_offset(); }
  bool compressed() const override { return inner_->compressed(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  PeekedBytes head_;
};

bool same_file(const InputMark& a, const InputMark& b) {
  return a.device == b.device && a.inode == b.inode;
}

}  // namespace

std::uint64_t fingerprint_of(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3;
  }
  return hash;
}

IdentifiedInput open_identified(const std::string& path) {
  if (path == "-") {
    throw InputError("standard input cannot be resumed from a checkpoint: name the files");
  }
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    throw InputError("cannot open '" + path + "': " + std::generic_category().message(errno));
  }
  FdFile file(fd, path, true);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    throw InputError("cannot stat '" + path + "': " + std::generic_category().message(errno));
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  IdentifiedInput input;
  std::unique_ptr<ByteSource> source = open_fd_source(std::move(file));
  input.head.resize(kFingerprintBytes);
  std::size_t size = 0;
  while (size < kFingerprintBytes) {
    const std::size_t n = source->read(input.head.data() + size, kFingerprintBytes - size);
    if (n == 0) break;
    size += n;
  }
  input.head.resize(size);
  InputMark& id = input.identity;
  id.path = path;
  id.device = static_cast<std::uint64_t>(info.st_dev);
  id.inode = static_cast<std::uint64_t>(info.st_ino);
  id.size = static_cast<std::uint64_t>(info.st_size);
  id.fingerprint = fingerprint_of(input.head);
  id.fingerprint_bytes = static_cast<std::uint32_t>(size);
  id.compressed = source->compressed();
  input.source = std::make_unique<HeadSource>(std::move(source), input.head);
  return input;
}

InputLedger::Start InputLedger::begin(const IdentifiedInput& input) {
  const InputMark& id = input.identity;
  Start start;
  // The same content: a recorded fingerprint over bytes this input starts with. Among equals
  // (a file and its copy), the same inode wins.
  std::size_t best = recorded_.size();
  for (std::size_t i = 0; i < recorded_.size(); ++i) {
    const InputMark& m = recorded_[i];
    if (taken_[i] || m.fingerprint_bytes == 0 || input.head.size() < m.fingerprint_bytes ||
        fingerprint_of(std::string_view(input.head).substr(0, m.fingerprint_bytes)) !=
            m.fingerprint) {
      continue;
    }
    if (best == recorded_.size() || (same_file(m, id) && !same_file(recorded_[best], id))) best = i;
  }
  InputMark mark = id;
  if (best < recorded_.size()) {
    taken_[best] = true;
    const InputMark& m = recorded_[best];
    if (m.complete && id.compressed && m.size == id.size) {
      start.done = true;
      mark.complete = true;
    } else if (!id.compressed && id.size < m.offset) {
      start.warning = "'" + id.path + "' is shorter than when it was last read (" +
                      std::to_string(id.size) + " < " + std::to_string(m.offset) +
                      " bytes): it was truncated; reading it again from the start";
    }
    if (start.warning.empty()) {
      start.offset = m.offset;
      start.lines = m.lines;
    }
  } else {
    // Not the content recorded for this file: copytruncate emptied it and it was written anew.
    // Warn even when its copy (same content, another inode) was recognised and continued.
    for (std::size_t i = 0; i < recorded_.size(); ++i) {
      const InputMark& m = recorded_[i];
      if (same_file(m, id) && m.path == id.path && m.offset > 0 && !m.compressed) {
        taken_[i] = true;
        start.warning = "'" + id.path + "' was truncated and rewritten since it was last read " +
                        "(copytruncate): reading it again from the start";
        break;
      }
    }
  }
  mark.offset = start.offset;
  mark.lines = start.lines;
  current_.push_back(std::move(mark));
  return start;
}

void InputLedger::finish() { current_.back().complete = current_.back().compressed; }

std::vector<InputMark> InputLedger::marks(bool run_over) const {
  std::vector<InputMark> marks = current_;
  if (!run_over) {
    for (std::size_t i = 0; i < recorded_.size(); ++i) {
      if (!taken_[i]) marks.push_back(recorded_[i]);
    }
  }
  return marks;
}

}  // namespace hitlog
