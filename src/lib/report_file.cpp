#include "hitlog/report_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace hitlog {
namespace {

constexpr std::size_t kBufferSize = 1 << 16;

std::string error_text(int err) { return std::generic_category().message(err); }

}  // namespace

ReportFile::Buffer::Buffer(int fd) : fd_(fd), data_(kBufferSize) {
  setp(data_.data(), data_.data() + data_.size());
}

bool ReportFile::Buffer::flush_all() {
  const char* from = pbase();
  while (from < pptr()) {
    const ssize_t n = ::write(fd_, from, static_cast<std::size_t>(pptr() - from));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    from += n;
    written_ += static_cast<std::uint64_t>(n);
  }
  setp(data_.data(), data_.data() + data_.size());
  return true;
}

ReportFile::Buffer::int_type ReportFile::Buffer::overflow(int_type c) {
  if (!flush_all()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

ReportFile::ReportFile(int fd, std::string path, std::uint64_t start)
    : fd_(fd), path_(std::move(path)), start_(start), buffer_(fd), stream_(&buffer_) {}

ReportFile::~ReportFile() {
  buffer_.flush_all();
  ::close(fd_);
}

std::unique_ptr<ReportFile> ReportFile::open(const std::string& path, std::uint64_t position,
                                             std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot write '" + path + "': " + error_text(errno);
    return nullptr;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    error = "cannot stat '" + path + "': " + error_text(errno);
    ::close(fd);
    return nullptr;
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size == 0) position = 0;
  if (size < position) {
    error = "'" + path + "' holds " + std::to_string(size) + " bytes, but the checkpoint " +
            "recorded " + std::to_string(position) + " bytes written to it: it was changed " +
            "outside hitlog (remove it, or use --force-config, to start the report anew)";
    ::close(fd);
    return nullptr;
  }
  if (::ftruncate(fd, static_cast<off_t>(position)) != 0 ||
      ::lseek(fd, static_cast<off_t>(position), SEEK_SET) < 0) {
    error = "cannot truncate '" + path + "' to the checkpoint's position: " + error_text(errno);
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<ReportFile>(new ReportFile(fd, path, position));
}

bool ReportFile::sync(std::uint64_t& position, std::string& error) {
  if (!stream_.flush() || !buffer_.flush_all()) {
    error = "cannot write the report to '" + path_ + "': " + error_text(errno);
    stream_.setstate(std::ios::badbit);
    return false;
  }
  position = start_ + buffer_.written();
  return true;
}

bool ReportFile::make_durable(std::string& error) const {
  if (::fsync(fd_) == 0) return true;
  error = "cannot sync the report '" + path_ + "': " + error_text(errno);
  return false;
}

}  // namespace hitlog
