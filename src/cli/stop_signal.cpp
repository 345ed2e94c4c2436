#include "stop_signal.h"

#include <pthread.h>


namespace hitlog::cli {

StopSignal::StopSignal() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  // Blocked before the thread starts, so that it inherits the mask and no thread but the
  // waiter ever takes these signals.
  pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
  waiter_ = std::thread([this] {
    for (;;) {
      const int signal = sigwaitinfo(&signals_, nullptr);
      if (done_.load()) return;
      if (signal > 0) {
        signal_.store(signal);
        raised_.store(true);
      }
    }
  });
}

StopSignal::~StopSignal() {
  done_.store(true);
  // Wakes the waiter at once (it takes the signal itself; it is blocked everywhere else).
  pthread_kill(waiter_.native_handle(), SIGTERM);
  waiter_.join();
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

}  // namespace hitlog::cli
