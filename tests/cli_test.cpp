// End-to-end tests: the real binary over real files.

#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <tuple>

#include "reference_log.h"
#include "run_binary.h"

using hitlog::test::Process;
using hitlog::test::read_file;
using hitlog::test::run_hitlog;
using hitlog::test::source_path;
using hitlog::test::TempDir;

namespace {

const std::string kHeader = "window_start,window_end,endpoint,count\n";

std::string sample(const std::string& name) { return source_path("sample_logs/" + name); }

// The summary line "  NAME  N" as a number, commas removed; -1 when absent.
long long summary_figure(const std::string& err, const std::string& name) {
  const std::regex pattern("\\n  " + name + " +([0-9,]+)");
  std::smatch match;
  if (!std::regex_search(err, match, pattern)) return -1;
  std::string digits = match[1];
  digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
  return std::stoll(digits);
}

struct ReferenceCount {
  std::string csv;
  long long hits = 0;
  long long bad = 0;
};

// What hitlog should print for a combined-format log with a lateness large enough that no hit
// is late, from the independent reading in reference_log.h.
ReferenceCount reference_count(const std::string& content, long long window) {
  const hitlog::test::ReferenceLog log = hitlog::test::read_reference_log(content);
  return {hitlog::test::reference_csv(log.hits, window, window),
          static_cast<long long>(log.hits.size()), log.bad};
}

}  // namespace

TEST_CASE("count over a combined log equals an independent count", "[e2e]") {
  for (const long long window : {60LL, 300LL, 3600LL}) {
    const std::string path = sample("access.log");
    const Process run = run_hitlog(
        {"count", "--window", std::to_string(window) + "s", "--max-delay", "1d", path});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const ReferenceCount expected = reference_count(read_file(path), window);
    CHECK(run.out == expected.csv);
    CHECK(summary_figure(run.err, "hits counted") == expected.hits);
    CHECK(summary_figure(run.err, "bad lines") == expected.bad);
  }
}

TEST_CASE("messy log: bad lines and late hits are counted, never silently lost", "[e2e]") {
  const std::string path = sample("messy.log");
  const ReferenceCount expected = reference_count(read_file(path), 60);
  REQUIRE(expected.bad > 0);

  const Process patient = run_hitlog({"count", "--max-delay", "1d", path});
  INFO(patient.err);
  REQUIRE(patient.exit_code == 0);
  CHECK(patient.out == expected.csv);
  CHECK(summary_figure(patient.err, "bad lines") == expected.bad);
  CHECK(summary_figure(patient.err, "late hits") == 0);
  CHECK_THAT(patient.err, Catch::Contains("messy.log:"));  // examples name file:line

  const Process strict_delay = run_hitlog({"count", "--max-delay", "0", path});
  const long long hits = summary_figure(strict_delay.err, "hits counted");
  const long long late = summary_figure(strict_delay.err, "late hits");
  CHECK(late > 0);
  CHECK(hits + late == expected.hits);
}

TEST_CASE("the report matches the golden file for each sample", "[e2e]") {
  const std::vector<std::tuple<std::string, std::vector<std::string>>> cases = {
      {"access.csv", {"count", sample("access.log")}},
      {"access_5m_grouped.csv",
       {"count", "--window", "5m", "--group-by", "method,status", sample("access.log")}},
      {"common.csv", {"count", "--format", "common", sample("common.log")}},
      {"messy.jsonl", {"count", "--report", "jsonl", sample("messy.log")}},
      {"rotated_1h.csv",
       {"count", "--window", "1h", sample("rotated/access.log"), sample("rotated/access.log.1"),
        sample("rotated/access.log.3.gz"), sample("rotated/access.log.2.gz")}},
      {"access_table_top3.txt",
       {"count", "--report", "table", "--top", "3", "--window", "15m", sample("access.log")}},
  };
  for (const auto& [expected_file, args] : cases) {
    INFO(expected_file);
    const Process run = run_hitlog(args);
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == read_file(source_path("tests/expected/" + expected_file)));
  }
}

TEST_CASE("a logrotate set is read oldest first whatever the order given", "[e2e][rotation]") {
  // The same lines through standard input, in the right order, give the same report.
  TempDir dir;
  std::string joined;
  for (const char* name : {"access.log.3.gz", "access.log.2.gz", "access.log.1", "access.log"}) {
    const std::string path = sample(std::string("rotated/") + name);
    const std::string plain = dir.file("plain");
    const std::string command = std::string("gzip -dcf '") + path + "' > '" + plain + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    joined += read_file(plain);
  }
  dir.write("joined.log", joined);
  const Process shuffled = run_hitlog(
      {"count", "-q", sample("rotated/access.log.1"), sample("rotated/access.log"),
       sample("rotated/access.log.2.gz"), sample("rotated/access.log.3.gz")});
  const Process piped = run_hitlog({"count", "-q"}, dir.file("joined.log"));
  const Process dash = run_hitlog({"count", "-q", "-"}, dir.file("joined.log"));
  REQUIRE(shuffled.exit_code == 0);
  CHECK(shuffled.out.size() > kHeader.size());
  CHECK(shuffled.out == piped.out);
  CHECK(shuffled.out == dash.out);
  CHECK(shuffled.err.empty());
}

TEST_CASE("gzip is read by content, multi-member included", "[e2e][gzip]") {
  TempDir dir;
  const std::string plain = dir.file("members.log");
  const std::string command =
      "gzip -dc '" + sample("multi_member.log.gz") + "' > '" + plain + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  const Process gz = run_hitlog({"count", "-q", sample("multi_member.log.gz")});
  const Process raw = run_hitlog({"count", "-q", plain});
  REQUIRE(gz.exit_code == 0);
  CHECK(gz.out == raw.out);
  CHECK(gz.out.size() > kHeader.size());
  // A gzip file without a .gz name is still decompressed.
  REQUIRE(std::system(("cp '" + sample("multi_member.log.gz") + "' '" + dir.file("noext") +
                       "'").c_str()) == 0);
  CHECK(run_hitlog({"count", "-q", dir.file("noext")}).out == raw.out);
}

TEST_CASE("a missing file: non-zero exit naming it, earlier hits still reported", "[e2e][errors]") {
  TempDir dir;
  dir.write("good.log",
            "1.2.3.4 - - [01/Dec/2026:10:00:01 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"ua\"\n");
  const Process run = run_hitlog({"count", dir.file("good.log"), dir.file("missing.log")});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("missing.log") && Catch::Contains("No such file"));
  CHECK(run.out == kHeader + "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/a,1\n");
}

TEST_CASE("a truncated gzip: non-zero exit naming it, the hits before it reported",
          "[e2e][errors][gzip]") {
  TempDir dir;
  const std::string full = read_file(sample("rotated/access.log.2.gz"));
  dir.write("cut.log.gz", full.substr(0, full.size() * 2 / 3));
  const Process run = run_hitlog({"count", "--max-delay", "0", dir.file("cut.log.gz")});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("cut.log.gz") && Catch::Contains("truncated"));
  CHECK(run.out.size() > kHeader.size());
  CHECK(summary_figure(run.err, "hits counted") > 0);
}

TEST_CASE("a corrupt gzip is refused with its offset", "[e2e][errors][gzip]") {
  TempDir dir;
  std::string bytes = read_file(sample("rotated/access.log.2.gz"));
  for (std::size_t i = 100; i < 140; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  dir.write("bad.gz", bytes);
  const Process run = run_hitlog({"count", dir.file("bad.gz")});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("bad.gz") && Catch::Contains("offset"));
}

TEST_CASE("strict mode fails at the first bad line with file:line", "[e2e][errors]") {
  TempDir dir;
  dir.write("x.log",
            "1.2.3.4 - - [01/Dec/2026:10:00:01 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"ua\"\n"
            "garbage\n"
            "1.2.3.4 - - [01/Dec/2026:10:00:02 +0000] \"GET /b HTTP/1.1\" 200 5 \"-\" \"ua\"\n");
  const Process lenient = run_hitlog({"count", dir.file("x.log")});
  CHECK(lenient.exit_code == 0);
  CHECK(summary_figure(lenient.err, "bad lines") == 1);
  CHECK_THAT(lenient.err, Catch::Contains("x.log:2:"));

  const Process strict = run_hitlog({"count", "--strict", dir.file("x.log")});
  CHECK(strict.exit_code == 3);
  CHECK_THAT(strict.err, Catch::Contains("x.log:2:"));
  CHECK(strict.out == kHeader + "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/a,1\n");
}

TEST_CASE("bad input of every kind: no crash, clear counts", "[e2e][errors]") {
  TempDir dir;
  const std::string good =
      "1.2.3.4 - - [01/Dec/2026:10:00:01 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"ua\"";
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  dir.write("garbage.log", garbage);
  dir.write("empty.log", "");
  dir.write("crlf.log", good + "\r\n" + good + "\r\n");
  dir.write("long.log", good.substr(0, 60) + std::string(3 << 20, 'x') + "\n" + good + "\n");
  dir.write("no_newline.log", good);

  const Process g = run_hitlog({"count", dir.file("garbage.log")});
  CHECK(g.exit_code == 0);
  CHECK(g.out == kHeader);
  CHECK(summary_figure(g.err, "bad lines") > 0);
  CHECK(summary_figure(g.err, "hits counted") == 0);

  const Process e = run_hitlog({"count", dir.file("empty.log")});
  CHECK(e.exit_code == 0);
  CHECK(e.out == kHeader);

  const std::string two = kHeader + "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/a,2\n";
  const std::string one = kHeader + "2026-12-01T10:00:00Z,2026-12-01T10:01:00Z,/a,1\n";
  CHECK(run_hitlog({"count", dir.file("crlf.log")}).out == two);
  CHECK(run_hitlog({"count", dir.file("no_newline.log")}).out == one);

  const Process l = run_hitlog({"count", dir.file("long.log")});
  CHECK(l.exit_code == 0);
  CHECK(l.out == one);
  CHECK(summary_figure(l.err, "bad lines") == 1);
  CHECK_THAT(l.err, Catch::Contains("long.log:1:"));
}

TEST_CASE("usage errors exit 2 and write nothing", "[e2e][usage]") {
  TempDir dir;
  const std::string out = dir.file("out.csv");
  const std::vector<std::vector<std::string>> bad_commands = {
      {"count", "--window", "fast"},
      {"count", "--window", "0"},
      {"count", "--max-delay", "-1m"},
      {"count", "--format", "$remote_addr $status"},
      {"count", "--report", "xml"},
      {"count", "--top", "3"},
      {"count", "--group-by", "host"},
      {"count", "--since", "yesterday"},
      {"count", "--status", "2x"},
      {"count", "--path", "(["},
      {"count", "--no-such-flag"},
      {"frobnicate"},
  };
  for (std::vector<std::string> args : bad_commands) {
    args.insert(args.end(), {"--output", out, sample("access.log")});
    if (args[0] == "frobnicate") args = {"frobnicate"};
    INFO(args[1]);
    const Process run = run_hitlog(args);
    CHECK(run.exit_code == 2);
    CHECK_FALSE(run.err.empty());
    CHECK_FALSE(std::filesystem::exists(out));
  }
  const Process format = run_hitlog({"count", "--format", "$remote_addr [$time_local]"});
  CHECK_THAT(format.err, Catch::Contains("--format"));
}

TEST_CASE("help documents the options and exit codes", "[e2e][usage]") {
  const Process help = run_hitlog({"count", "--help"});
  CHECK(help.exit_code == 0);
  for (const char* text : {"--window", "--max-delay", "--format", "--report", "--group-by",
                           "--top", "--since", "--until", "--status", "--method", "--path",
                           "--strict", "--quiet", "--output", "Exit codes",
                           "window_start,window_end,endpoint,count"}) {
    CHECK_THAT(help.out, Catch::Contains(text));
  }
  CHECK(run_hitlog({"--help"}).exit_code == 0);
  CHECK(run_hitlog({}).exit_code == 2);
}

TEST_CASE("the report goes to the --output file, and unwritable output exits 4", "[e2e]") {
  TempDir dir;
  const Process to_file =
      run_hitlog({"count", "-q", "--output", dir.file("r.csv"), sample("access.log")});
  CHECK(to_file.exit_code == 0);
  CHECK(to_file.out.empty());
  CHECK(read_file(dir.file("r.csv")) == run_hitlog({"count", "-q", sample("access.log")}).out);

  const Process no_dir = run_hitlog(
      {"count", "--output", dir.file("no/such/dir/r.csv"), sample("access.log")});
  CHECK(no_dir.exit_code == 4);
  CHECK_THAT(no_dir.err, Catch::Contains("r.csv"));
  if (std::filesystem::exists("/dev/full")) {
    const Process full = run_hitlog({"count", "--output", "/dev/full", sample("access.log")});
    CHECK(full.exit_code == 4);
  }
}

TEST_CASE("filters select hits and the summary counts the rest", "[e2e][filter]") {
  const std::string path = sample("access.log");
  const Process all = run_hitlog({"count", "--group-by", "status", path});
  const Process only_404 = run_hitlog({"count", "--group-by", "status", "--status", "404", path});
  REQUIRE(only_404.exit_code == 0);
  std::istringstream rows(all.out);
  std::string row, expected = "window_start,window_end,endpoint,status,count\n";
  std::getline(rows, row);
  while (std::getline(rows, row)) {
    if (row.find(",404,") != std::string::npos) expected += row + "\n";
  }
  CHECK(only_404.out == expected);
  CHECK(summary_figure(only_404.err, "filtered out") > 0);

  const Process window = run_hitlog({"count", "--since", "2026-12-01T10:05:00Z", "--until",
                                     "2026-12-01T10:07:00Z", "--report", "csv", path});
  REQUIRE(window.exit_code == 0);
  std::istringstream lines(window.out);
  std::getline(lines, row);
  int count = 0;
  while (std::getline(lines, row)) {
    ++count;
    CHECK((row.rfind("2026-12-01T10:05:00Z", 0) == 0 || row.rfind("2026-12-01T10:06:00Z", 0) == 0));
  }
  CHECK(count > 0);
}
