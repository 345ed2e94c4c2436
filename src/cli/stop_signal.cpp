#include "stop_signal.h"

#include <pthread.h>

#include <ctime>

namespace hitlog::cli {

StopSignal::StopSignal() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  // Blocked before the thread starts, so that it inherits the mask and no thread but the
  // waiter ever takes these signals.
  pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
  waiter_ = std::thread([this] {
    const timespec poll{0, 100'000'000};  // wakes up to notice the destructor
    while (!done_.load()) {
      const int signal = sigtimedwait(&signals_, nullptr, &poll);
      if (signal > 0) {
        signal_.store(signal);
        raised_.store(true);
      }
    }
  });
}

StopSignal::~StopSignal() {
  done_.store(true);
  waiter_.join();
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

}  // namespace hitlog::cli
