// Running the real hitlog binary from end-to-end tests.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace hitlog::test {

struct Process {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs HITLOG_BINARY with args (no shell), stdin from stdin_path ("" = /dev/null).
Process run_hitlog(const std::vector<std::string>& args, const std::string& stdin_path = "");

// Starts HITLOG_BINARY with args without waiting for it: stdin from stdin_path ("" =
// /dev/null), stdout and stderr to the files named. Returns its pid.
pid_t spawn_hitlog(const std::vector<std::string>& args, const std::string& stdin_path,
                   const std::string& out_path, const std::string& err_path);

// Path of a file or directory in the source tree, e.g. source_path("sample_logs/access.log").
std::string source_path(const std::string& relative);

// Reads a whole file; fails the test when it cannot.
std::string read_file(const std::string& path);

// A fresh directory under /tmp, removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  void write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace hitlog::test
