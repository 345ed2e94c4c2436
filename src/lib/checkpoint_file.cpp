// Writing, reading and locking checkpoint files.

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "hitlog/checkpoint.h"

namespace hitlog {
namespace {

std::string error_text(int err) { return std::generic_category().message(err); }

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool fsync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

bool CheckpointFiles::replace(const std::string& path, std::span<const std::string_view> pieces,
                              bool durable, std::string& error) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot write checkpoint '" + temporary + "': " + error_text(errno);
    return false;
  }
  bool written = true;
  for (std::string_view piece : pieces) written = written && write_all(fd, piece);
  written = written && (!durable || ::fsync(fd) == 0);
  const int write_errno = errno;
  ::close(fd);
  if (!written) {
    ::unlink(temporary.c_str());
    error = "cannot write checkpoint '" + temporary + "': " + error_text(write_errno);
    return false;
  }
  // A durable save keeps the current generation as path.prev: a hard link, so that path
  // itself never goes missing, renamed into place so that path.prev is never torn either.
  // Only durable saves (about one a second), as three more system calls at every save would
  // cost a run saving hundreds of times a second more than an older .prev does.
  if (durable) {
    const std::string previous = path + ".prev";
    const std::string previous_tmp = previous + ".tmp";
    ::unlink(previous_tmp.c_str());
    if (::link(path.c_str(), previous_tmp.c_str()) == 0) {
      std::rename(previous_tmp.c_str(), previous.c_str());
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = "cannot rename '" + temporary + "' to '" + path + "': " + error_text(errno);
    ::unlink(temporary.c_str());
    return false;
  }
  if (durable && !fsync_directory(directory_of(path))) {
    error = "cannot sync the directory of '" + path + "': " + error_text(errno);
    return false;
  }
  return true;
}

std::optional<Checkpoint> load_checkpoint(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    error = "cannot read checkpoint '" + path + "': " + error_text(errno);
    return std::nullopt;
  }
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = "cannot read checkpoint '" + path + "': " + error_text(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  std::optional<Checkpoint> checkpoint = decode_checkpoint(bytes, error);
  if (!checkpoint) {
    error = "checkpoint '" + path + "' is refused: " + error;
    struct stat info {};
    if (::stat((path + ".prev").c_str(), &info) == 0) {
      error += "; '" + path + ".prev' holds the previous generation: resume from it with " +
               "--checkpoint " + path + ".prev";
    }
  }
  return checkpoint;
}

std::unique_ptr<CheckpointLock> CheckpointLock::acquire(const std::string& path,
                                                        std::string& error, bool& busy) {
  busy = false;
  const std::string lock_path = path + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot create the lock '" + lock_path + "': " + error_text(errno);
    return nullptr;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    busy = errno == EWOULDBLOCK;
    error = busy ? "another hitlog run is using checkpoint '" + path + "' (it holds '" +
                       lock_path + "'); not starting a second one"
                 : "cannot lock '" + lock_path + "': " + error_text(errno);
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<CheckpointLock>(new CheckpointLock(fd));
}

CheckpointLock::~CheckpointLock() { ::close(fd_); }

}  // namespace hitlog
