#include "run_binary.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hitlog::test {

std::string source_path(const std::string& relative) {
  return std::string(HITLOG_SOURCE_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  INFO("reading " << path);
  REQUIRE(in);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

pid_t spawn_hitlog(const std::vector<std::string>& args, const std::string& stdin_path,
                   const std::string& out_path, const std::string& err_path) {
  std::vector<std::string> argv_strings = {HITLOG_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int in = open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

Process run_hitlog(const std::vector<std::string>& args, const std::string& stdin_path) {
  TempDir capture;
  const std::string out_path = capture.file("stdout");
  const std::string err_path = capture.file("stderr");
  const pid_t pid = spawn_hitlog(args, stdin_path, out_path, err_path);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  Process process;
  process.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  process.out = read_file(out_path);
  process.err = read_file(err_path);
  return process;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "hitlog-test-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void TempDir::write(const std::string& name, const std::string& content) const {
  std::ofstream out(file(name), std::ios::binary);
  out << content;
  REQUIRE(out);
}

}  // namespace hitlog::test
