// End-to-end tests of count --checkpoint through the real binary: SIGKILL at random moments,
// SIGTERM/SIGINT, logrotate between cron-like runs, lock, bad checkpoints, changed options,
// failed saves, strategy swaps, unterminated lines, usage errors and an edited report.

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "run_binary.h"

using hitlog::test::Process;
using hitlog::test::read_file;
using hitlog::test::run_hitlog;
using hitlog::test::TempDir;
namespace fs = std::filesystem;
using Args = std::vector<std::string>;

namespace {

const std::string kHeader = "window_start,window_end,endpoint,count\n";

Args operator+(Args a, const Args& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void run_shell(const std::string& command) {
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
}

// A seeded log from hitlog_gen, as text.
std::string generate(const TempDir& dir, long lines, int seed, const std::string& extra = "") {
  const std::string path = dir.file("gen-" + std::to_string(seed) + ".log");
  run_shell(std::string(HITLOG_GEN_BINARY) + " --lines " + std::to_string(lines) + " --seed " +
            std::to_string(seed) + " " + extra + " --output '" + path + "'");
  std::string text = read_file(path);
  fs::remove(path);
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {  // each keeps its "\n"
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size() - 1) + 1;
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  return lines;
}

std::string join(const std::vector<std::string>& lines, std::size_t from, std::size_t to) {
  std::string text;
  for (std::size_t i = from; i < to && i < lines.size(); ++i) text += lines[i];
  return text;
}

void append(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << text;
  REQUIRE(out);
}

void gzip(const std::string& path) { run_shell("gzip -n -f '" + path + "'"); }

// Writes text as a logrotate set of four files in dir, the two oldest gzipped; returns their
// paths in the order logrotate names them newest first (access.log, .1, .2.gz, .3.gz).
Args write_rotated_set(const TempDir& dir, const std::string& text) {
  const std::vector<std::string> lines = split_lines(text);
  const std::size_t quarter = lines.size() / 4;
  const char* names[] = {"access.log.3", "access.log.2", "access.log.1", "access.log"};
  for (std::size_t i = 0; i < 4; ++i) {
    dir.write(names[i], join(lines, i * quarter, i == 3 ? lines.size() : (i + 1) * quarter));
  }
  gzip(dir.file("access.log.3"));
  gzip(dir.file("access.log.2"));
  return {dir.file("access.log"), dir.file("access.log.1"), dir.file("access.log.2.gz"),
          dir.file("access.log.3.gz")};
}

// Every access.log* file in dir, in name order (not oldest first: hitlog sorts them).
Args access_logs(const TempDir& dir) {
  Args paths;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    if (entry.path().filename().string().rfind("access.log", 0) == 0) {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// "count --checkpoint STATE -o OUT" followed by the other arguments.
Args checkpointed(const std::string& state, const std::string& out, const Args& rest) {
  return Args{"count", "-q", "--checkpoint", state, "-o", out} + rest;
}

// Starts the binary without waiting; stdout to /dev/null, stderr to err_path.
pid_t spawn(const Args& args, const std::string& err_path) {
  return hitlog::test::spawn_hitlog(args, "", "/dev/null", err_path);
}

int wait_status(pid_t pid) {
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return status;
}

std::string json_raw(const std::string& json, const std::string& key) {
  const std::string needle = "\"" + key + "\":";
  const std::size_t at = json.find(needle);
  INFO("key " << key << " in " << json);
  REQUIRE(at != std::string::npos);
  const std::size_t start = at + needle.size();
  const std::size_t end = json.find_first_of(",}", start);
  return json.substr(start, end - start);
}
std::string json_string(const std::string& json, const std::string& key) {
  const std::string raw = json_raw(json, key);
  REQUIRE(raw.size() >= 2);
  return raw.substr(1, raw.size() - 2);
}
long long json_int(const std::string& json, const std::string& key) {
  return std::stoll(json_raw(json, key));
}
// The flat object under key, e.g. "totals".
std::string json_object(const std::string& json, const std::string& key) {
  const std::size_t at = json.find("\"" + key + "\":{");
  REQUIRE(at != std::string::npos);
  return json.substr(at, json.find('}', at) - at + 1);
}

// checkpoint show --json STATE, required to succeed.
std::string show_json(const std::string& state) {
  const Process show = run_hitlog({"checkpoint", "show", "--json", state});
  INFO(show.err);
  REQUIRE(show.exit_code == 0);
  return show.out;
}

// The sum of the last (count) column of a csv report.
long long total_count(const std::string& csv) {
  long long total = 0;
  std::istringstream stream(csv);
  std::string row;
  std::getline(stream, row);
  REQUIRE(row + "\n" == kHeader);
  while (std::getline(stream, row)) total += std::stoll(row.substr(row.rfind(',') + 1));
  return total;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The plain "count -o" report of the inputs, the reference the checkpointed runs must equal.
std::string reference(const TempDir& dir, const Args& options, const Args& inputs) {
  const std::string path = dir.file("reference.csv");
  const Process run = run_hitlog(Args{"count", "-q", "-o", path} + options + inputs);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  std::string csv = read_file(path);
  fs::remove(path);
  REQUIRE(csv.size() > kHeader.size());
  return csv;
}

}  // namespace

TEST_CASE("SIGKILL at random moments then rerunning gives the uninterrupted report byte for byte",
          "[checkpoint-cli][kill]") {
  TempDir dir;
  const long kLines = 80000;
  const Args inputs =
      write_rotated_set(dir, generate(dir, kLines, 11, "--disorder 0.05 --bad 0.001 --rate 20"));
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  const std::string err = dir.file("err");
  std::mt19937 random(20261201);
  const std::vector<Args> strategies = {
      {"--strategy", "fixed"}, {"--strategy", "sliding", "--step", "10s"}, {"--strategy", "morris"}};
  for (const Args& strategy : strategies) {
    INFO("strategy " << strategy[1]);
    const std::string expected = reference(dir, strategy, inputs);
    const Args command =
        checkpointed(state, out, strategy + Args{"--checkpoint-every", "2000", "--final"} + inputs);
    const auto clear = [&] {
      for (const char* name : {"st", "st.prev", "st.lock", "out.csv"}) fs::remove(dir.file(name));
    };

    // One uninterrupted checkpointed run, to scale the delays (slower under sanitizers).
    clear();
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(wait_status(spawn(command, err)) == 0);
    const double duration =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    REQUIRE(read_file(out) == expected);

    clear();
    // Each kill comes before a third of a whole run's time: at least three runs are cut short
    // whatever the draw, and most of them after a save.
    std::uniform_real_distribution<double> fraction(0.05, 0.3);
    int kills = 0, interrupted = 0, resumed = 0;
    for (;;) {
      if (fs::exists(state)) ++resumed;
      const pid_t pid = spawn(command, err);
      if (kills < 25) {
        std::this_thread::sleep_for(std::chrono::duration<double>(fraction(random) * duration));
        kill(pid, SIGKILL);
        ++kills;
      }
      const int status = wait_status(pid);
      if (WIFSIGNALED(status)) {
        REQUIRE(WTERMSIG(status) == SIGKILL);
        ++interrupted;
        continue;
      }
      INFO(read_file(err));
      REQUIRE(WIFEXITED(status));
      REQUIRE(WEXITSTATUS(status) == 0);
      break;
    }
    INFO(kills << " kills, " << interrupted << " interrupted runs, " << resumed << " resumed");
    CHECK(interrupted >= 3);
    CHECK(resumed >= 2);
    CHECK(read_file(out) == expected);
    // Every line counted exactly once across all the runs.
    CHECK(json_int(json_object(show_json(state), "totals"), "lines") == kLines);
  }
}

TEST_CASE("SIGTERM and SIGINT save the checkpoint, exit 143 or 130, and the rerun completes",
          "[checkpoint-cli][signal]") {
  TempDir dir;
  const long kLines = 120000;
  const Args inputs =
      write_rotated_set(dir, generate(dir, kLines, 12, "--disorder 0.05 --bad 0.001 --rate 20"));
  const std::string expected = reference(dir, {}, inputs);
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  const std::string err = dir.file("err");
  const Args command = checkpointed(state, out, Args{"--checkpoint-every", "500"} + inputs);

  // An uninterrupted run's duration, to aim the signal at the middle of one.
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(wait_status(spawn(command + Args{"--final"}, err)) == 0);
  const double full =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE(read_file(out) == expected);

  for (const auto& [signal_number, code] : {std::pair{SIGTERM, 143}, std::pair{SIGINT, 130}}) {
    INFO("signal " << signal_number);
    double delay = full / 2;
    int status = 0;
    for (int attempt = 0; attempt < 12; ++attempt) {
      for (const char* name : {"st", "st.prev", "out.csv"}) fs::remove(dir.file(name));
      const pid_t pid = spawn(command, err);
      std::this_thread::sleep_for(std::chrono::duration<double>(delay));
      kill(pid, signal_number);
      status = wait_status(pid);
      if (WIFEXITED(status) && WEXITSTATUS(status) == code) break;
      INFO(read_file(err));
      REQUIRE(((WIFEXITED(status) && WEXITSTATUS(status) == 0) || WIFSIGNALED(status)));
      // Finished first: sooner. Killed before the handler was installed: later.
      delay = WIFSIGNALED(status) ? delay * 1.5 : delay / 2;
    }
    INFO(read_file(err));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == code);
    // The checkpoint holds what was counted, and the report is exactly what it records.
    const std::string json = show_json(state);
    const long long lines = json_int(json_object(json, "totals"), "lines");
    CHECK(lines > 0);
    CHECK(lines < kLines);
    CHECK(static_cast<long long>(read_file(out).size()) == json_int(json, "output_position"));
    // The rerun continues it.
    const Process rerun = run_hitlog(command + Args{"--final"});
    INFO(rerun.err);
    REQUIRE(rerun.exit_code == 0);
    CHECK(read_file(out) == expected);
    CHECK(json_int(json_object(show_json(state), "totals"), "lines") == kLines);
  }
}

TEST_CASE("cron-like runs across logrotate renames, compression and copytruncate count each line once",
          "[checkpoint-cli][rotation]") {
  TempDir dir;
  TempDir logs;
  // No disorder and no bad lines: no hit is late, every line is a hit.
  const std::vector<std::string> lines = split_lines(generate(dir, 12000, 13, "--rate 2"));
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  const std::string log = logs.file("access.log");
  std::size_t written = 0;
  const auto write_more = [&](const std::string& path, std::size_t n) {
    append(path, join(lines, written, written + n));
    written = std::min(written + n, lines.size());
  };
  const auto cron_run = [&](const Args& extra = {}) {
    const Process run =
        run_hitlog(Args{"count", "--checkpoint", state, "-o", out} + extra + access_logs(logs));
    INFO("after " << written << " lines: " << run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(occurrences(read_file(out), kHeader) == 1);
    return run;
  };
  const auto rename = [&](const char* from, const char* to) {
    fs::rename(logs.file(from), logs.file(to));
  };

  write_more(log, 1500);
  cron_run();
  write_more(log, 1500);  // appended to the same file
  cron_run();
  rename("access.log", "access.log.1");  // rotated: renamed, a new access.log
  write_more(log, 2000);
  cron_run();
  gzip(logs.file("access.log.1"));  // rotated again: the old .1 compressed to .2.gz
  rename("access.log.1.gz", "access.log.2.gz");
  rename("access.log", "access.log.1");
  write_more(log, 2000);
  cron_run();
  // copytruncate, with lines written after the last run: they are in the copy only.
  write_more(log, 1000);
  rename("access.log.2.gz", "access.log.3.gz");
  gzip(logs.file("access.log.1"));
  rename("access.log.1.gz", "access.log.2.gz");
  fs::copy_file(log, logs.file("access.log.1"));
  fs::resize_file(log, 0);
  write_more(log, 500);  // fewer bytes than the copy: the file shrank below its offset
  const Process after_truncation = cron_run();
  CHECK(after_truncation.err.find("truncated") != std::string::npos);
  write_more(log, lines.size());
  cron_run({"--final"});
  REQUIRE(written == lines.size());

  dir.write("all.log", join(lines, 0, lines.size()));
  const std::string expected = reference(dir, {}, {dir.file("all.log")});
  CHECK(read_file(out) == expected);
  CHECK(total_count(read_file(out)) == static_cast<long long>(lines.size()));
  const std::string json = show_json(state);
  CHECK(json_int(json, "hits") == static_cast<long long>(lines.size()));
  CHECK(json_int(json_object(json, "totals"), "lines") == static_cast<long long>(lines.size()));
  CHECK(json_int(json_object(json, "totals"), "runs") == 6);
}

TEST_CASE("a checkpoint held by another run is refused with exit 5 until released",
          "[checkpoint-cli][lock]") {
  TempDir dir;
  dir.write("a.log", generate(dir, 2000, 14));
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  const Args command = checkpointed(state, out, {"--final", dir.file("a.log")});

  const int fd = open((state + ".lock").c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(flock(fd, LOCK_EX) == 0);
  const Process refused = run_hitlog(command);
  close(fd);
  CHECK(refused.exit_code == 5);
  CHECK(refused.err.find(state) != std::string::npos);
  CHECK_FALSE(fs::exists(state));  // nothing was read
  CHECK_FALSE(fs::exists(out));

  const Process run = run_hitlog(command);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(read_file(out) == reference(dir, {}, {dir.file("a.log")}));
}

TEST_CASE("corrupt, truncated, foreign and other-version checkpoints exit 6 naming the file",
          "[checkpoint-cli][corrupt]") {
  TempDir dir;
  const Args inputs = write_rotated_set(dir, generate(dir, 20000, 15, "--rate 20"));
  const std::string expected = reference(dir, {}, inputs);
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  // Two runs over the older files: st and st.prev both valid.
  REQUIRE(run_hitlog(checkpointed(state, out, {inputs[3]})).exit_code == 0);
  REQUIRE(run_hitlog(checkpointed(state, out, {inputs[3], inputs[2]})).exit_code == 0);
  REQUIRE(fs::exists(state + ".prev"));
  const std::string good = read_file(state);
  REQUIRE(good.size() > 16);
  REQUIRE(good.substr(0, 8) == "HITLOGCK");
  std::string report = read_file(out);

  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x20;
  std::string version = good;
  version[8] = 99;  // little-endian version 99 (1 today)
  version[9] = version[10] = version[11] = 0;
  const std::vector<std::pair<const char*, std::string>> bad = {
      {"one byte flipped", flipped},
      {"cut in half", good.substr(0, good.size() / 2)},
      {"a text file", "window_start,window_end,endpoint,count\nnot a checkpoint\n"},
      {"an unknown version", version}};
  for (const bool with_prev : {true, false}) {
    if (!with_prev) fs::remove(state + ".prev");
    for (const auto& [what, content] : bad) {
      INFO(what << (with_prev ? ", st.prev present" : ", no st.prev"));
      dir.write("st", content);
      const Process run = run_hitlog(checkpointed(state, out, inputs));
      INFO(run.err);
      CHECK(run.exit_code == 6);
      CHECK(run.err.find(state) != std::string::npos);
      CHECK((run.err.find("st.prev") != std::string::npos) == with_prev);
      CHECK(read_file(state) == content);  // left as found
      CHECK(read_file(out) == report);
      const Process show = run_hitlog({"checkpoint", "show", state});
      CHECK(show.exit_code == 6);
      CHECK(show.err.find(state) != std::string::npos);
      CHECK(run_hitlog({"checkpoint", "show", "--json", state}).exit_code == 6);
    }
    if (with_prev) {
      // The previous generation, named explicitly, resumes and completes the report.
      const Process resumed =
          run_hitlog(checkpointed(state + ".prev", out, Args{"--final"} + inputs));
      INFO(resumed.err);
      CHECK(resumed.exit_code == 0);
      CHECK(read_file(out) == expected);
      report = read_file(out);
    }
  }
}

TEST_CASE("a changed counting option is refused with exit 6 naming it, unless --force-config",
          "[checkpoint-cli][config]") {
  TempDir dir;
  const Args inputs = write_rotated_set(dir, generate(dir, 20000, 16, "--rate 20"));
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  REQUIRE(run_hitlog(checkpointed(state, out, Args{"--window", "1m", inputs[3]})).exit_code == 0);
  const std::string saved = read_file(state);
  const std::string report = read_file(out);

  const std::vector<Args> changes = {
      {"--window", "5m"},        {"--format", "common"},      {"--max-delay", "5m"},
      {"--group-by", "method"},  {"--since", "2026-12-01T10:00:00Z"},
      {"--until", "2030-01-01T00:00:00Z"},                    {"--status", "200"},
      {"--method", "GET"},       {"--path", "^/"},            {"--report", "jsonl"}};
  for (const Args& change : changes) {
    INFO(change[0] << " " << change[1]);
    const Process run = run_hitlog(checkpointed(state, out, change + inputs));
    INFO(run.err);
    CHECK(run.exit_code == 6);
    CHECK(run.err.find(change[0]) != std::string::npos);
    CHECK(read_file(state) == saved);
    CHECK(read_file(out) == report);
  }
  // The same options resume; --force-config starts anew, the report rewritten from the start.
  const Process forced =
      run_hitlog(checkpointed(state, out, Args{"--window", "5m", "--force-config", "--final"} + inputs));
  INFO(forced.err);
  CHECK(forced.exit_code == 0);
  CHECK(read_file(out) == reference(dir, {"--window", "5m"}, inputs));
  CHECK(json_string(json_object(show_json(state), "options"), "--window") == "300s");
}

TEST_CASE("a failed checkpoint save exits 6 and leaves the previous checkpoint intact",
          "[checkpoint-cli][save]") {
  TempDir dir;
  const Args inputs = write_rotated_set(dir, generate(dir, 20000, 17, "--rate 20"));
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  REQUIRE(run_hitlog(checkpointed(state, out, {inputs[3]})).exit_code == 0);
  const std::string saved = read_file(state);

  fs::create_directory(state + ".tmp");  // opening the temp file fails, even as root
  const Process failed =
      run_hitlog(checkpointed(state, out, Args{"--checkpoint-every", "1000", "--final"} + inputs));
  INFO(failed.err);
  CHECK(failed.exit_code == 6);
  CHECK(failed.err.find(state) != std::string::npos);
  CHECK(read_file(state) == saved);

  // Once saving works again, the run continues from that checkpoint to the full report.
  fs::remove(state + ".tmp");
  const Process rerun = run_hitlog(checkpointed(state, out, Args{"--final"} + inputs));
  INFO(rerun.err);
  CHECK(rerun.exit_code == 0);
  CHECK(read_file(out) == reference(dir, {}, inputs));
}

TEST_CASE("another strategy on resume swaps to it, and checkpoint show tells the chain",
          "[checkpoint-cli][swap]") {
  TempDir dir;
  const Args inputs = write_rotated_set(dir, generate(dir, 20000, 18, "--rate 20"));
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  REQUIRE(run_hitlog(checkpointed(state, out, {inputs[3], inputs[2]})).exit_code == 0);
  const std::string first = show_json(state);
  CHECK(json_string(first, "strategy") == "fixed");
  const std::string before = read_file(out);

  const Process swapped =
      run_hitlog(checkpointed(state, out, Args{"--strategy", "morris", "--final"} + inputs));
  INFO(swapped.err);
  REQUIRE(swapped.exit_code == 0);
  const std::string json = show_json(state);
  CHECK(json_string(json, "strategy") == "morris");
  CHECK(json_string(json, "strategy_chain") == "fixed>morris");
  CHECK(json_int(json, "swaps") == 1);
  CHECK(json_int(json_object(json, "totals"), "lines") == 20000);
  const std::string report = read_file(out);
  CHECK(report.substr(0, before.size()) == before);  // what fixed reported stays
  CHECK(report.size() > before.size());
  CHECK(occurrences(report, kHeader) == 1);
  const Process text = run_hitlog({"checkpoint", "show", state});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("morris") != std::string::npos);
}

TEST_CASE("an unterminated last line is held back until complete, then counted once",
          "[checkpoint-cli][partial]") {
  TempDir dir;
  const std::vector<std::string> lines = split_lines(generate(dir, 3000, 19, "--rate 5"));
  const std::string log = dir.file("a.log");
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  const std::string& cut = lines[2000];
  dir.write("a.log", join(lines, 0, 2000) + cut.substr(0, cut.size() / 2));

  REQUIRE(run_hitlog(checkpointed(state, out, {log})).exit_code == 0);
  const std::string first = show_json(state);
  CHECK(json_int(first, "hits") == 2000);
  CHECK(json_int(json_object(first, "totals"), "bad_lines") == 0);

  append(log, cut.substr(cut.size() / 2) + lines[2001]);
  const Process second = run_hitlog(checkpointed(state, out, {"--final", log}));
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  const std::string json = show_json(state);
  CHECK(json_int(json, "hits") == 2002);
  CHECK(json_int(json_object(json, "totals"), "bad_lines") == 0);
  CHECK(json_int(json_object(json, "totals"), "lines") == 2002);
  CHECK(total_count(read_file(out)) == 2002);
  CHECK(read_file(out) == reference(dir, {}, {log}));
}

TEST_CASE("checkpoint usage errors exit 2 and read nothing", "[checkpoint-cli][usage]") {
  TempDir dir;
  dir.write("a.log", generate(dir, 100, 20));
  const std::string state = dir.file("st");
  const std::vector<Args> cases = {
      {"count", "--checkpoint", state, dir.file("a.log")},
      {"count", "--checkpoint", state, "-o", dir.file("o"), "--report", "table", dir.file("a.log")},
      {"count", "--checkpoint", state, "-o", dir.file("o"), "-"},
      {"count", "--checkpoint", state, "-o", dir.file("o")}};  // no file: standard input
  for (const Args& args : cases) {
    const Process run = run_hitlog(args, dir.file("a.log"));
    INFO(args.back() << ": " << run.err);
    CHECK(run.exit_code == 2);
    CHECK_FALSE(run.err.empty());
    CHECK(run.out.empty());
    CHECK_FALSE(fs::exists(state));
    CHECK_FALSE(fs::exists(dir.file("o")));
  }
}

TEST_CASE("a report shortened outside hitlog is refused, a missing one starts anew with a header",
          "[checkpoint-cli][report]") {
  TempDir dir;
  const Args inputs = write_rotated_set(dir, generate(dir, 20000, 21, "--rate 20"));
  const std::string expected = reference(dir, {}, inputs);
  const std::string state = dir.file("st");
  const std::string out = dir.file("out.csv");
  REQUIRE(run_hitlog(checkpointed(state, out, {inputs[3], inputs[2]})).exit_code == 0);
  const long long position = json_int(show_json(state), "output_position");
  REQUIRE(static_cast<long long>(read_file(out).size()) == position);
  REQUIRE(position > static_cast<long long>(kHeader.size()));
  const std::string saved = read_file(state);

  fs::resize_file(out, static_cast<std::uintmax_t>(position / 2));
  const std::string shortened = read_file(out);
  const Process refused = run_hitlog(checkpointed(state, out, Args{"--final"} + inputs));
  CHECK(refused.exit_code == 4);
  CHECK(refused.err.find(out) != std::string::npos);
  CHECK(read_file(out) == shortened);
  CHECK(read_file(state) == saved);

  // A missing report: a new one, its header, then only what was not reported before.
  fs::remove(out);
  const Process fresh = run_hitlog(checkpointed(state, out, Args{"--final"} + inputs));
  INFO(fresh.err);
  CHECK(fresh.exit_code == 0);
  CHECK(read_file(out) == kHeader + expected.substr(static_cast<std::size_t>(position)));

  // An empty report file: the same.
  for (const char* name : {"st", "st.prev", "out.csv"}) fs::remove(dir.file(name));
  REQUIRE(run_hitlog(checkpointed(state, out, {inputs[3], inputs[2]})).exit_code == 0);
  REQUIRE(json_int(show_json(state), "output_position") == position);
  dir.write("out.csv", "");
  const Process empty = run_hitlog(checkpointed(state, out, Args{"--final"} + inputs));
  INFO(empty.err);
  CHECK(empty.exit_code == 0);
  CHECK(read_file(out) == kHeader + expected.substr(static_cast<std::size_t>(position)));
}
