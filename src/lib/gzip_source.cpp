// zlib is used directly, not through Boost.Iostreams, because we need the compressed offset of
// an error, to tell a truncated stream from a corrupt one, to read every member of a
// multi-member file, and to inflate straight into the caller's buffer.
#include "gzip_source.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hitlog {
namespace {

constexpr std::size_t kInputSize = 256 << 10;
constexpr int kGzipWindowBits = 15 + 16;  // the largest window; gzip wrapper only
constexpr unsigned char kGzipMagicFirst = 0x1f;

class GzipSource final : public ByteSource {
 public:
  GzipSource(FdFile file, std::string_view head) : file_(std::move(file)), input_(kInputSize) {
    std::memcpy(input_.data(), head.data(), head.size());
    stream_.next_in = input_.data();
    stream_.avail_in = static_cast<uInt>(head.size());
    const int rc = inflateInit2(&stream_, kGzipWindowBits);
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    if (rc != Z_OK) throw InputError("'" + name() + "': cannot start gzip decoder: " + zError(rc));
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;
  ~GzipSource() override { inflateEnd(&stream_); }

  std::size_t read(char* dst, std::size_t capacity) override {
    if (done_) return 0;
    const uInt out_size = static_cast<uInt>(std::min<std::size_t>(capacity, UINT_MAX));
    stream_.next_out = reinterpret_cast<Bytef*>(dst);
    stream_.avail_out = out_size;
    while (stream_.avail_out > 0) {
      if (stream_.avail_in == 0) {
        // Hand out what is ready rather than wait for more input.
        if (stream_.avail_out < out_size) break;
        if (!refill()) {
          if (!between_members_) throw error("gzip stream truncated");
          done_ = true;
          break;
        }
      }
      if (between_members_) start_next_member();
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        between_members_ = true;
      } else if (rc == Z_MEM_ERROR) {
        throw std::bad_alloc();
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw error("corrupt gzip data", stream_.msg != nullptr ? stream_.msg : zError(rc));
      }
    }
    return out_size - stream_.avail_out;
  }

  const std::string& name() const override { return file_.name(); }
  std::uint64_t raw_offset() const override { return file_.offset() - stream_.avail_in; }
  bool compressed() const override { return true; }

 private:
  bool refill() {
    const std::size_t n = file_.read(reinterpret_cast<char*>(input_.data()), input_.size());
    stream_.next_in = input_.data();
    stream_.avail_in = static_cast<uInt>(n);
    return n > 0;
  }

  // More bytes follow a complete member: they must be another member. gzip(1) ignores
  // trailing garbage with a warning; we refuse it, since it most likely means a damaged file.
  // Only the first magic byte is checked here; inflate validates the rest of the header.
  void start_next_member() {
    if (*stream_.next_in != kGzipMagicFirst) throw error("trailing garbage after gzip member");
    inflateReset(&stream_);
    between_members_ = false;
  }

  InputError error(std::string_view what, std::string_view detail = {}) const {
    std::string message = "'" + name() + "': ";
    message.append(what).append(" at compressed offset ").append(std::to_string(raw_offset()));
    if (!detail.empty()) message.append(": ").append(detail);
    return InputError(message);
  }

  FdFile file_;
  std::vector<Bytef> input_;
  z_stream stream_{};
  bool between_members_ = false;  // the last member ended; the next byte starts another
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> open_gzip_source(FdFile file, std::string_view head) {
  return std::make_unique<GzipSource>(std::move(file), head);
}

}  // namespace hitlog
