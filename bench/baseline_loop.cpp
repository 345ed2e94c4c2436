// hitlog_baseline: the performance issue's yardstick, the bare loop anyone would write by hand.
// Reads 1 MiB blocks (or inflates gzip on a second thread), splits lines with memchr, finds the
// time and the request path and counts hits per (minute, path) in a std::unordered_map. No
// formats, filters, late hits or report: only the work every log counter must do.
//
//   hitlog_baseline FILE        prints "keys=K lines=L bad=B" (K: distinct (minute, path) pairs)

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

namespace {

constexpr std::size_t kBlockSize = 1 << 20;
constexpr std::size_t kMinuteBytes = sizeof(std::int64_t);

struct Block {
  std::unique_ptr<char[]> bytes = std::make_unique<char[]>(kBlockSize);
  std::size_t size = 0;
  bool last = false;
};

// Blocks go to the counter full and come back empty, so the two threads never allocate.
class Channel {
 public:
  void push(Block block) {
    const std::lock_guard lock(mutex_);
    blocks_.push_back(std::move(block));
    ready_.notify_one();
  }
  Block pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return !blocks_.empty(); });
    Block block = std::move(blocks_.front());
    blocks_.pop_front();
    return block;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Block> blocks_;
};

// Inflates every gzip member of fd into blocks from `empty`, handed over through `full`.
bool inflate_blocks(int fd, Channel& empty, Channel& full) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return false;
  const auto input = std::make_unique<Bytef[]>(kBlockSize);
  int status = Z_OK;
  bool ok = true, last = false;
  while (!last) {
    Block block = empty.pop();
    stream.next_out = reinterpret_cast<Bytef*>(block.bytes.get());
    stream.avail_out = kBlockSize;
    while (stream.avail_out > 0) {
      if (stream.avail_in == 0) {
        const ssize_t got = read(fd, input.get(), kBlockSize);
        if (got <= 0) {
          ok = got == 0 && status == Z_STREAM_END;  // else a read error or a truncated member
          last = true;
          break;
        }
        stream.next_in = input.get();
        stream.avail_in = static_cast<uInt>(got);
      }
      status = inflate(&stream, Z_NO_FLUSH);
      if (status == Z_STREAM_END) {
        inflateReset(&stream);  // another member may follow
      } else if (status != Z_OK) {
        ok = false;
        last = true;
        break;
      }
    }
    block.size = kBlockSize - stream.avail_out;
    block.last = last;
    full.push(std::move(block));
  }
  inflateEnd(&stream);
  return ok;
}

class Counter {
 public:
  // Counts the lines of the next bytes of input; a line cut by their end waits in carry_.
  void feed(const char* begin, const char* end) {
    if (!carry_.empty()) {
      const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', end - begin));
      carry_.append(begin, newline ? newline : end);
      if (newline == nullptr) return;
      line(carry_.data(), carry_.data() + carry_.size());
      begin = newline + 1;
    }
    while (const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', end - begin))) {
      line(begin, newline);
      begin = newline + 1;
    }
    carry_.assign(begin, end);
  }
  void finish() {
    if (!carry_.empty()) line(carry_.data(), carry_.data() + carry_.size());
    std::printf("keys=%zu lines=%zu bad=%zu\n", retired_ + counts_.size(), lines_, bad_);
  }

 private:
  // "... [01/Dec/2026:10:00:00 +0000] "GET /path?query HTTP/1.1" ..."
  void line(const char* begin, const char* end) {
    ++lines_;
    const auto* time = static_cast<const char*>(std::memchr(begin, '[', end - begin));
    if (time == nullptr || end - time < 32 || std::memcmp(time + 27, "] \"", 3) != 0) {
      ++bad_;
      return;
    }
    ++time;
    // Lines of one minute share its text: parse only when the minute or the offset changes.
    const bool cached = std::memcmp(time, minute_text_, sizeof minute_text_) == 0 &&
                        std::memcmp(time + 21, zone_text_, sizeof zone_text_) == 0;
    const auto* path = static_cast<const char*>(std::memchr(time + 29, ' ', end - time - 29));
    if ((!cached && !parse_minute(time)) || path == nullptr) {
      ++bad_;
      return;
    }
    const char* path_end = ++path;
    while (path_end < end && *path_end != '?' && *path_end != ' ' && *path_end != '"') ++path_end;
    key_.resize(kMinuteBytes);
    key_.append(path, path_end);
    ++counts_[key_];
  }

  // "01/Dec/2026:10:00:00 +0000": sets the minute of key_ (UTC, minutes since the epoch).
  bool parse_minute(const char* time) {
    const auto number = [time](int at, int digits) {
      int value = 0;
      for (int i = at; i < at + digits; ++i) value = value * 10 + (time[i] - '0');
      return value;
    };
    static constexpr char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    unsigned month = 0;
    while (month < 12 && std::memcmp(kMonths + 3 * month, time + 3, 3) != 0) ++month;
    if (month == 12) return false;
    const std::chrono::sys_days day{std::chrono::year(number(7, 4)) /
                                    std::chrono::month(month + 1) / number(0, 2)};
    const int zone = (number(22, 2) * 60 + number(24, 2)) * (time[21] == '-' ? -1 : 1);
    const std::int64_t minute =
        day.time_since_epoch().count() * 1440LL + number(12, 2) * 60 + number(15, 2) - zone;
    std::memcpy(minute_text_, time, sizeof minute_text_);
    std::memcpy(zone_text_, time + 21, sizeof zone_text_);
    key_.replace(0, kMinuteBytes, reinterpret_cast<const char*>(&minute), kMinuteBytes);
    // Lines come at most a minute late (hitlog's default --max-delay): release older minutes as
    // hitlog releases closed windows, so both hold only the open ones.
    if (minute > newest_) {
      newest_ = minute;
      retired_ += std::erase_if(counts_, [this](const auto& entry) {
        std::int64_t key_minute;
        std::memcpy(&key_minute, entry.first.data(), kMinuteBytes);
        return key_minute < newest_ - 1;
      });
    }
    return true;
  }

  std::unordered_map<std::string, std::uint64_t> counts_;  // key: the minute's 8 bytes, the path
  std::string key_ = std::string(kMinuteBytes, '\0');
  std::string carry_;
  char minute_text_[17] = {};
  char zone_text_[5] = {};
  std::int64_t newest_ = INT64_MIN;
  std::size_t retired_ = 0, lines_ = 0, bad_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: hitlog_baseline FILE\n");
    return 2;
  }
  const int fd = open(argv[1], O_RDONLY);
  unsigned char magic[2] = {};
  if (fd < 0 || pread(fd, magic, 2, 0) < 0) {
    std::perror(argv[1]);
    return 1;
  }
  Counter counter;
  bool ok = true;
  if (magic[0] == 0x1f && magic[1] == 0x8b) {
    Channel empty, full;
    for (int i = 0; i < 4; ++i) empty.push(Block{});
    std::thread inflater([&] { ok = inflate_blocks(fd, empty, full); });
    for (bool last = false; !last;) {
      Block block = full.pop();
      counter.feed(block.bytes.get(), block.bytes.get() + block.size);
      last = block.last;
      empty.push(std::move(block));
    }
    inflater.join();
  } else {
    const Block block;
    ssize_t got;
    while ((got = read(fd, block.bytes.get(), kBlockSize)) > 0) {
      counter.feed(block.bytes.get(), block.bytes.get() + got);
    }
    ok = got == 0;
  }
  counter.finish();
  if (!ok) std::fprintf(stderr, "hitlog_baseline: %s: cannot read, or a corrupt gzip\n", argv[1]);
  return ok ? 0 : 1;
}
