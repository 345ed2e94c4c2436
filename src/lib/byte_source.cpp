#include "hitlog/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>
#include <utility>

#include "fd_file.h"
#include "gzip_source.h"
#include "peeked_bytes.h"

namespace hitlog {
namespace {

constexpr unsigned char kGzipMagic[] = {0x1f, 0x8b};

std::string error_text(int err) { return std::generic_category().message(err); }

// Serves the peeked head, then reads the descriptor straight into the caller's buffer.
class PlainSource final : public ByteSource {
 public:
  PlainSource(FdFile file, std::string_view head) : file_(std::move(file)), head_(head) {}

  std::size_t read(char* dst, std::size_t capacity) override {
    if (const std::size_t n = head_.take(dst, capacity)) return n;
    return file_.read(dst, capacity);
  }

  const std::string& name() const override { return file_.name(); }
  std::uint64_t raw_offset() const override { return file_.offset() - head_.left(); }
  bool compressed() const override { return false; }

  void skip(std::uint64_t n) override {
    n -= head_.drop(n);
    if (n > 0 && !file_.seek_forward(n)) ByteSource::skip(n);
  }

 private:
  FdFile file_;
  PeekedBytes head_;
};

}  // namespace

FdFile::FdFile(int fd, std::string name, bool owned)
    : fd_(fd), owned_(owned), name_(std::move(name)) {}

FdFile::FdFile(FdFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      owned_(std::exchange(other.owned_, false)),
      name_(std::move(other.name_)),
      offset_(other.offset_) {}

FdFile::~FdFile() {
  if (owned_) ::close(fd_);
}

std::size_t FdFile::read(char* dst, std::size_t capacity) {
  for (;;) {
    const ssize_t n = ::read(fd_, dst, capacity);
    if (n >= 0) {
      offset_ += static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) {
      throw InputError("cannot read '" + name_ + "' at offset " + std::to_string(offset_) + ": " +
                       error_text(errno));
    }
  }
}

bool FdFile::seek_forward(std::uint64_t n) {
  struct stat info {};
  // Only a regular file can be seeked, and not past its end (that would not fail).
  if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode) ||
      offset_ + n > static_cast<std::uint64_t>(info.st_size)) {
    return false;
  }
  if (::lseek(fd_, static_cast<off_t>(n), SEEK_CUR) < 0) return false;
  offset_ += n;
  return true;
}

void ByteSource::skip(std::uint64_t n) {
  char buffer[1 << 16];
  while (n > 0) {
    const std::size_t got = read(buffer, static_cast<std::size_t>(std::min<std::uint64_t>(n, sizeof buffer)));
    if (got == 0) {
      throw InputError("'" + name() + "' ended " + std::to_string(n) +
                       " bytes before the position recorded in the checkpoint");
    }
    n -= got;
  }
}

std::unique_ptr<ByteSource> open_fd_source(FdFile file) {
  // The content decides, not the name; a pipe may deliver the two magic bytes separately.
  char head[sizeof kGzipMagic];
  std::size_t size = 0;
  while (size < sizeof head) {
    const std::size_t n = file.read(head + size, sizeof head - size);
    if (n == 0) break;
    size += n;
  }
  const std::string_view peeked(head, size);
  if (size == sizeof kGzipMagic && std::memcmp(head, kGzipMagic, size) == 0) {
    return open_gzip_source(std::move(file), peeked);
  }
  return std::make_unique<PlainSource>(std::move(file), peeked);
}

std::unique_ptr<ByteSource> open_source(const std::string& path) {
  if (path == "-") return open_fd_source(FdFile(STDIN_FILENO, "<stdin>", false));
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw InputError("cannot open '" + path + "': " + error_text(errno));
  // Logs are read once, front to back: ask for aggressive readahead. Only a hint.
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return open_fd_source(FdFile(fd, path, true));
}

}  // namespace hitlog
