// hitlog_measure: runs a command and prints its wall time, CPU time and peak memory, so the
// benchmark script needs nothing beyond what the build makes.
//
//   hitlog_measure [--stdout FILE] [--stdin FILE] -- COMMAND [ARG...]
// prints one line on stderr: "wall_s=1.234 cpu_s=2.345 max_rss_kb=12345 exit=0"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  std::string stdout_path = "/dev/null";
  std::string stdin_path;
  int first = 1;
  for (; first < argc; ++first) {
    const std::string arg = argv[first];
    if (arg == "--") {
      ++first;
      break;
    }
    if (arg == "--stdout" && first + 1 < argc) {
      stdout_path = argv[++first];
    } else if (arg == "--stdin" && first + 1 < argc) {
      stdin_path = argv[++first];
    } else {
      std::fprintf(stderr, "usage: hitlog_measure [--stdout FILE] [--stdin FILE] -- CMD...\n");
      return 2;
    }
  }
  if (first >= argc) {
    std::fprintf(stderr, "hitlog_measure: no command\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("hitlog_measure: fork");
    return 2;
  }
  if (pid == 0) {
    const int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || dup2(out, STDOUT_FILENO) < 0) _exit(127);
    if (!stdin_path.empty()) {
      const int in = open(stdin_path.c_str(), O_RDONLY);
      if (in < 0 || dup2(in, STDIN_FILENO) < 0) _exit(127);
    }
    execvp(argv[first], argv + first);
    std::fprintf(stderr, "hitlog_measure: cannot run %s: %s\n", argv[first], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) {
    std::perror("hitlog_measure: wait4");
    return 2;
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::fprintf(stderr, "wall_s=%.3f cpu_s=%.3f max_rss_kb=%ld exit=%d\n", wall, cpu,
               usage.ru_maxrss, code);
  return code;
}
