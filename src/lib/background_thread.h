// Threads the library starts for itself. Private to the library.
#pragma once

#include <pthread.h>

#include <csignal>
#include <thread>
#include <utility>

namespace hitlog {

// Starts a thread with every signal blocked: a library thread must never take a signal meant
// for the program, whose default action (SIGTERM's) would end the run without the save that
// the program's own signal handling does.
template <typename Function>
std::thread start_background_thread(Function&& function) {
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  struct Restore {
    const sigset_t& mask;
    ~Restore() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
  } restore{previous};
  return std::thread(std::forward<Function>(function));
}

}  // namespace hitlog
