#include "checkpoint_saver.h"

#include <string_view>
#include <utility>

#include "background_thread.h"

namespace hitlog {

CheckpointSaver::CheckpointSaver(std::string path, CheckpointFiles& files,
                                 const ReportFile& report)
    : path_(std::move(path)),
      files_(files),
      report_(report),
      thread_(start_background_thread([this] { run(); })) {}

CheckpointSaver::~CheckpointSaver() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  queued_.notify_one();
  thread_.join();
}

bool CheckpointSaver::queue(std::string bytes, bool durable, std::string& error) {
  {
    std::lock_guard lock(mutex_);
    if (!error_.empty()) {
      error = error_;
      return false;
    }
    durable = durable || (next_ && next_->durable);
    next_ = Job{std::move(bytes), durable};
  }
  queued_.notify_one();
  return true;
}

bool CheckpointSaver::wait(std::string& error) {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return !busy_ && !next_; });
  error = error_;
  return error_.empty();
}

void CheckpointSaver::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    queued_.wait(lock, [this] { return stop_ || next_; });
    if (stop_) return;
    Job job = std::move(*next_);
    next_.reset();
    busy_ = true;
    lock.unlock();
    std::string error;
    const std::string_view piece = job.bytes;
    // The report first: a durable checkpoint must never claim rows a power loss could lose.
    const bool saved = (!job.durable || report_.make_durable(error)) &&
                       files_.replace(path_, {&piece, 1}, job.durable, error);
    lock.lock();
    busy_ = false;
    if (!saved) {
      error_ = error;
      next_.reset();  // never write a checkpoint after one that failed
    }
    idle_.notify_all();
  }
}

}  // namespace hitlog
