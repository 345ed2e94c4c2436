#include "read_ahead_source.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "background_thread.h"

namespace hitlog {
namespace {

// Four buffers let the reading thread run a few reads ahead when parsing is briefly slower,
// and cost 4 MiB per open input; the line reader takes them 64 KiB at a time.
constexpr std::size_t kBlockCount = 4;
constexpr std::size_t kBlockSize = 1 << 20;

class ReadAheadSource final : public ByteSource {
 public:
  explicit ReadAheadSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)),
        name_(inner_->name()),
        compressed_(inner_->compressed()),
        raw_offset_(inner_->raw_offset()) {}
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;

  ~ReadAheadSource() override {
    if (!producer_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    freed_.notify_one();
    producer_.join();
  }

  std::size_t read(char* dst, std::size_t capacity) override {
    if (!producer_.joinable()) producer_ = start_background_thread([this] { produce(); });
    if (held_ == nullptr) {
      std::unique_lock lock(mutex_);
      filled_.wait(lock, [this] { return ready_ > 0 || ended_; });
      if (ready_ == 0) {
        raw_offset_ = end_raw_offset_;
        if (error_) std::rethrow_exception(error_);
        return 0;
      }
      held_ = &ring_[head_];
    }
    const std::size_t n = std::min(capacity, held_->size - used_);
    std::memcpy(dst, held_->bytes.get() + used_, n);
    used_ += n;
    if (used_ == held_->size) {
      // Handed out in full: its offset is now true of what was read, and it can be refilled.
      raw_offset_ = held_->raw_end;
      held_ = nullptr;
      used_ = 0;
      head_ = (head_ + 1) % kBlockCount;
      {
        std::lock_guard lock(mutex_);
        --ready_;
      }
      freed_.notify_one();
    }
    return n;
  }

  const std::string& name() const override { return name_; }
  std::uint64_t raw_offset() const override { return raw_offset_; }
  bool compressed() const override { return compressed_; }

  void skip(std::uint64_t n) override {
    // Once reading has started, inner belongs to the reading thread.
    if (producer_.joinable()) {
      ByteSource::skip(n);
    } else {
      inner_->skip(n);
      raw_offset_ = inner_->raw_offset();
    }
  }

 private:
  struct Block {
    // Not zeroed: a small input touches only the pages it fills.
    std::unique_ptr<char[]> bytes = std::make_unique_for_overwrite<char[]>(kBlockSize);
    std::size_t size = 0;       // bytes filled; never 0 once handed to the consumer
    std::uint64_t raw_end = 0;  // inner's raw_offset() just after filling it
  };

  // The reading thread: fills free blocks in ring order until the end of input, an error, or
  // stop_.
  void produce() {
    std::size_t tail = 0;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        freed_.wait(lock, [this] { return stop_ || ready_ < kBlockCount; });
        if (stop_) return;
      }
      // ready_ < kBlockCount: the consumer holds no part of ring_[tail].
      Block& block = ring_[tail];
      std::size_t n = 0;
      std::exception_ptr error;
      try {
        n = inner_->read(block.bytes.get(), kBlockSize);
      } catch (...) {
        error = std::current_exception();
      }
      const std::uint64_t raw = inner_->raw_offset();
      {
        std::lock_guard lock(mutex_);
        if (n > 0) {
          block.size = n;
          block.raw_end = raw;
          ++ready_;
        } else {
          ended_ = true;
          end_raw_offset_ = raw;
          error_ = std::move(error);
        }
      }
      filled_.notify_one();
      if (n == 0) return;
      tail = (tail + 1) % kBlockCount;
    }
  }

  std::unique_ptr<ByteSource> inner_;  // the reading thread's alone once it has started
  const std::string name_;
  const bool compressed_;
  std::array<Block, kBlockCount> ring_;

  std::mutex mutex_;
  std::condition_variable filled_;  // a block was filled, or the input ended
  std::condition_variable freed_;   // a block was handed back, or stop_ was raised
  // Guarded by mutex_.
  std::size_t ready_ = 0;  // filled blocks the consumer has not handed back, from head_ on
  bool ended_ = false;     // the reading thread read the end of input or met error_
  bool stop_ = false;      // the consumer is going away
  std::uint64_t end_raw_offset_ = 0;
  std::exception_ptr error_;

  // The consumer's own.
  Block* held_ = nullptr;  // the block being handed out, ring_[head_]
  std::size_t head_ = 0;
  std::size_t used_ = 0;  // bytes of held_ handed out
  std::uint64_t raw_offset_;

  std::thread producer_;  // started by the first read()
};

}  // namespace

std::unique_ptr<ByteSource> read_ahead(std::unique_ptr<ByteSource> inner) {
  return std::make_unique<ReadAheadSource>(std::move(inner));
}

}  // namespace hitlog
