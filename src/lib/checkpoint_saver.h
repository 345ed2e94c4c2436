// Writes checkpoint files on a thread of its own, so that the scan does not wait for the file
// system: creating, writing and renaming a file, and fsyncing the report and the checkpoint
// once a second, cost the scan nothing but a copy of the checkpoint's bytes. Private to the
// library.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "hitlog/checkpoint.h"
#include "hitlog/report_file.h"

namespace hitlog {

// The newest checkpoint wins: one queued while an earlier one still waits its turn replaces
// it (keeping it durable when either asked to be). Once a save fails, nothing more is saved:
// the checkpoint on disk stays the last good one. queue() and wait() are for one thread.
class CheckpointSaver {
 public:
  CheckpointSaver(std::string path, CheckpointFiles& files, const ReportFile& report);
  // Finishes the save under way and drops one still queued; wait() first to keep it.
  ~CheckpointSaver();
  CheckpointSaver(const CheckpointSaver&) = delete;
  CheckpointSaver& operator=(const CheckpointSaver&) = delete;

  // Queues a checkpoint's bytes. The report must already hold every row they claim (written,
  // if not yet synced); when durable, the report is fsynced before the checkpoint is written,
  // and the checkpoint and its directory after. False, with error set, when an earlier save
  // failed.
  bool queue(std::string bytes, bool durable, std::string& error);
  // Waits until every queued checkpoint is saved. False, with error set, when a save failed.
  bool wait(std::string& error);

 private:
  struct Job {
    std::string bytes;
    bool durable = false;
  };

  void run();

  const std::string path_;
  CheckpointFiles& files_;
  const ReportFile& report_;
  std::mutex mutex_;
  std::condition_variable queued_;  // a job arrived, or stop_
  std::condition_variable idle_;    // a job was done
  // Guarded by mutex_.
  std::optional<Job> next_;
  bool busy_ = false;
  bool stop_ = false;
  std::string error_;  // of the first save that failed
  std::thread thread_;
};

}  // namespace hitlog
