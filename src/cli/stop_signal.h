// SIGINT and SIGTERM as a flag: while an object lives, the signals are blocked and a thread
// waits for them, so no handler and no global state are involved; the run polls the flag and
// saves a checkpoint before it stops.
#pragma once

#include <atomic>
#include <csignal>
#include <thread>

namespace hitlog::cli {

class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  const std::atomic<bool>& raised() const { return raised_; }
  // The signal that raised the flag, 0 if none.
  int signal() const { return signal_.load(); }

 private:
  sigset_t signals_{};
  sigset_t previous_{};
  std::atomic<bool> raised_{false};
  std::atomic<int> signal_{0};
  std::atomic<bool> done_{false};
  std::thread waiter_;
};

}  // namespace hitlog::cli
