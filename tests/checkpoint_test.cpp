// Checkpoints in the library: the state encoding, every strategy's save and load, the file
// format (golden file, corruption), atomic replacement, and input recognition across rotation.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "hitlog/checkpoint.h"
#include "hitlog/count_run.h"
#include "hitlog/hit_counter.h"
#include "hitlog/report_file.h"
#include "hitlog/state_codec.h"
#include "input_ledger.h"
#include "run_binary.h"

using namespace hitlog;

namespace {

using Row = std::tuple<Seconds, Seconds, KeyId, std::uint64_t, bool>;

struct RowSink : WindowSink {
  std::vector<Row> rows;
  void window_closed(const ClosedWindow& w) override {
    std::vector<KeyCount> counts(w.counts.begin(), w.counts.end());
    std::sort(counts.begin(), counts.end(),
              [](const KeyCount& a, const KeyCount& b) { return a.key < b.key; });
    for (const KeyCount& c : counts) rows.emplace_back(w.start, w.end, c.key, c.count, w.exact);
  }
};

struct TimedHit {
  Seconds t;
  KeyId key;
};

// Roughly ordered hits over 20 minutes, 40 keys, some of them late.
std::vector<TimedHit> make_hits(std::size_t n) {
  std::mt19937_64 random(7);
  std::vector<TimedHit> hits;
  Seconds t = 1'700'000'000;
  for (std::size_t i = 0; i < n; ++i) {
    t += static_cast<Seconds>(random() % 3 == 0);
    const Seconds skew = random() % 10 == 0 ? static_cast<Seconds>(random() % 90) : 0;
    hits.push_back({t - skew, static_cast<KeyId>(random() % 40)});
  }
  return hits;
}

std::unique_ptr<CountingStrategy> build(const StrategySpec& spec) {
  std::string error;
  auto strategy = make_strategy(spec, error);
  REQUIRE(strategy);
  return strategy;
}

StrategySpec spec_of(const std::string& name) {
  StrategySpec spec;
  spec.name = name;
  spec.step = name == "sliding" ? 20 : 0;
  spec.seed = 11;
  return spec;
}

// Counts hits with a counter that is saved and loaded into a fresh one at `cut`; a swap to
// `swap_to` (if any) happens at the hit `swap_at`.
std::vector<Row> count_with_cut(const std::string& strategy, std::size_t cut,
                                const std::string& swap_to = "", std::size_t swap_at = 0) {
  const std::vector<TimedHit> hits = make_hits(6000);
  RowSink sink;
  StrategySpec spec = spec_of(strategy);
  auto counter = std::make_unique<HitCounter>(build(spec), 30, sink);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (!swap_to.empty() && i == swap_at) {
      spec = spec_of(swap_to);
      counter->swap_to(build(spec));
    }
    if (i == cut) {
      StateWriter out;
      counter->save(out);
      counter = std::make_unique<HitCounter>(build(spec), 30, sink);
      StateReader in(out.bytes());
      in.set_key_limit(40);
      counter->load(in);
      REQUIRE(in.ok());
      REQUIRE(in.at_end());
    }
    counter->record(hits[i].t, hits[i].key);
  }
  counter->finish();
  return sink.rows;
}

Checkpoint sample_checkpoint() {
  Checkpoint c;
  c.written_at = 1'764'583'200;  // 2025-12-01T10:00:00Z
  c.config = {{"--format", "combined"}, {"--window", "60s"}, {"--report", "csv"}};
  c.strategy = spec_of("fixed");
  c.strategy_chain = "morris>fixed";
  c.swaps = 1;
  c.keys = {{"/a", "", 0}, {"/b", "GET", 200}, {"(invalid)", "", 404}};
  RowSink sink;
  HitCounter counter(build(c.strategy), 60, sink);
  for (Seconds t = 1'764'583'200; t < 1'764'583'200 + 150; t += 7) {
    counter.record(t, static_cast<KeyId>(t % 3));
  }
  StateWriter state;
  counter.save(state);
  c.counter_state = state.bytes();
  c.inputs = {{"access.log.1", 2049, 77, 5000, 0x1234, 4096, 5000, 40, false, false},
              {"access.log.2.gz", 2049, 78, 900, 0x5678, 4096, 7000, 55, true, true}};
  c.output_position = 1234;
  c.totals = {2, 95, 1, 3, 12'000, 17};
  return c;
}

std::string golden_path() { return test::source_path("tests/data/checkpoint-v1.bin"); }

}  // namespace

TEST_CASE("state codec round-trips and fails on truncation, huge counts and unknown keys",
          "[checkpoint]") {
  StateWriter out;
  out.u8(7);
  out.u32(0xdeadbeef);
  out.i64(-5);
  out.f64(0.125);
  out.boolean(true);
  out.str(std::string_view("h\0i", 3));
  out.u32(3);  // a key
  StateReader in(out.bytes());
  in.set_key_limit(4);
  CHECK(in.u8() == 7);
  CHECK(in.u32() == 0xdeadbeef);
  CHECK(in.i64() == -5);
  CHECK(in.f64() == 0.125);
  CHECK(in.boolean());
  CHECK(in.str() == std::string("h\0i", 3));
  CHECK(in.key() == 3);
  CHECK(in.ok());
  CHECK(in.at_end());
  CHECK(in.u8() == 0);
  CHECK_FALSE(in.ok());

  StateReader bad_key(std::string_view(out.bytes()).substr(out.bytes().size() - 4));
  bad_key.set_key_limit(3);
  bad_key.key();
  CHECK_THAT(bad_key.error(), Catch::Contains("not a known key"));

  StateWriter huge;
  huge.u64(1'000'000);  // a count of a million items in 8 bytes
  StateReader count(huge.bytes());
  CHECK(count.count(4) == 0);
  CHECK_THAT(count.error(), Catch::Contains("exceeds"));
}

TEST_CASE("every strategy continues from a saved state exactly as it would have",
          "[checkpoint]") {
  for (const std::string strategy : {"fixed", "sliding", "morris"}) {
    INFO(strategy);
    const std::vector<Row> uninterrupted = count_with_cut(strategy, 6000);
    REQUIRE(uninterrupted.size() > 100);
    for (std::size_t cut : {0, 1, 999, 3500, 5999}) {
      INFO("cut at " << cut);
      CHECK(count_with_cut(strategy, cut) == uninterrupted);
    }
  }
}

TEST_CASE("a saved state continues exactly after a swap in either direction", "[checkpoint]") {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"fixed", "morris"}, {"morris", "sliding"}, {"sliding", "fixed"}}) {
    INFO(from << " > " << to);
    const std::vector<Row> uninterrupted = count_with_cut(from, 6000, to, 2000);
    for (std::size_t cut : {1500, 2500}) {
      CHECK(count_with_cut(from, cut, to, 2000) == uninterrupted);
    }
  }
}

TEST_CASE("a strategy's load refuses states that are inconsistent", "[checkpoint]") {
  StateWriter out;
  out.i64(0);  // reported until
  out.f64(0);  // carried rse
  out.u64(1);  // one open window...
  out.i64(61);  // ...that does not start on the 60 s grid
  out.boolean(true);
  out.u64(0);
  auto fixed = make_fixed_window(60);
  StateReader in(out.bytes());
  in.set_key_limit(10);
  fixed->load(in);
  CHECK_THAT(in.error(), Catch::Contains("grid"));
}

TEST_CASE("checkpoint encoding round-trips", "[checkpoint]") {
  const Checkpoint c = sample_checkpoint();
  std::string error;
  const std::optional<Checkpoint> decoded = decode_checkpoint(encode_checkpoint(c), error);
  REQUIRE(decoded);
  CHECK(*decoded == c);
}

TEST_CASE("an encoder reused as keys are added writes what a fresh one writes", "[checkpoint]") {
  Checkpoint c = sample_checkpoint();
  CheckpointEncoder reused;
  const auto bytes_of = [](const CheckpointEncoder::Pieces& p) {
    return p.head + std::string(p.keys) + p.tail;
  };
  CHECK(bytes_of(reused.encode(c)) == encode_checkpoint(c));
  c.keys.push_back({"/new", "POST", 201});
  c.output_position = 99;
  CHECK(bytes_of(reused.encode(c)) == encode_checkpoint(c));
  CHECK(bytes_of(reused.encode(c)) == encode_checkpoint(c));
}

TEST_CASE("the version 1 golden checkpoint still decodes and its state still loads",
          "[checkpoint]") {
  if (std::getenv("HITLOG_WRITE_GOLDEN") != nullptr) {
    std::ofstream(golden_path(), std::ios::binary) << encode_checkpoint(sample_checkpoint());
  }
  const std::string golden = test::read_file(golden_path());
  // The encoding of version 1 never changes: a new encoding is a new version.
  CHECK(encode_checkpoint(sample_checkpoint()) == golden);
  std::string error;
  const std::optional<Checkpoint> decoded = decode_checkpoint(golden, error);
  REQUIRE(decoded);
  CHECK(*decoded == sample_checkpoint());
  const CheckpointFigures figures = checkpoint_figures(*decoded);
  CHECK(figures.error.empty());
  CHECK(figures.hits == 22);
  CHECK(figures.newest_hit == 1'764'583'200 + 147);
}

TEST_CASE("corrupt, truncated, extended and foreign checkpoints are refused", "[checkpoint]") {
  const std::string good = encode_checkpoint(sample_checkpoint());
  std::string error;
  for (std::size_t i = 0; i < good.size(); i += 3) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    INFO("byte " << i);
    CHECK_FALSE(decode_checkpoint(bad, error));
  }
  for (std::size_t size = 0; size < good.size(); size += 5) {
    INFO("cut to " << size);
    CHECK_FALSE(decode_checkpoint(good.substr(0, size), error));
  }
  CHECK_FALSE(decode_checkpoint(good + "x", error));
  CHECK_THAT(error, Catch::Contains("truncated or extended"));
  CHECK_FALSE(decode_checkpoint("window_start,window_end,endpoint,count\n", error));
  CHECK_THAT(error, Catch::Contains("not a hitlog checkpoint"));
  std::string future = good;
  future[8] = 2;  // the version, little-endian, after the magic
  CHECK_FALSE(decode_checkpoint(future, error));
  CHECK_THAT(error, Catch::Contains("version 2"));
}

TEST_CASE("a durable replace keeps the previous generation, and a failure keeps both",
          "[checkpoint]") {
  test::TempDir dir;
  const std::string path = dir.file("state");
  CheckpointFiles files;
  std::string error;
  const std::string_view first[] = {"fir", "st"};
  const std::string_view second[] = {"second"};
  const std::string_view between[] = {"between"};
  const std::string_view third[] = {"third"};
  REQUIRE(files.replace(path, first, true, error));
  CHECK_FALSE(std::filesystem::exists(path + ".prev"));
  REQUIRE(files.replace(path, second, true, error));
  CHECK(test::read_file(path) == "second");
  CHECK(test::read_file(path + ".prev") == "first");
  // A save that is not durable leaves .prev as it was.
  REQUIRE(files.replace(path, between, false, error));
  CHECK(test::read_file(path) == "between");
  CHECK(test::read_file(path + ".prev") == "first");
  REQUIRE(files.replace(path, second, false, error));
  // A directory where the temporary file goes makes the write fail, as a full disk would.
  REQUIRE(::mkdir((path + ".tmp").c_str(), 0755) == 0);
  CHECK_FALSE(files.replace(path, third, true, error));
  CHECK_THAT(error, Catch::Contains(path + ".tmp"));
  CHECK(test::read_file(path) == "second");
}

TEST_CASE("load_checkpoint tells a missing checkpoint from a bad one and points at .prev",
          "[checkpoint]") {
  test::TempDir dir;
  std::string error;
  CHECK_FALSE(load_checkpoint(dir.file("none"), error));
  CHECK(error.empty());
  dir.write("state", "garbage");
  CHECK_FALSE(load_checkpoint(dir.file("state"), error));
  CHECK_THAT(error, Catch::Contains(dir.file("state")) && !Catch::Contains(".prev"));
  dir.write("state.prev", encode_checkpoint(sample_checkpoint()));
  CHECK_FALSE(load_checkpoint(dir.file("state"), error));
  CHECK_THAT(error, Catch::Contains("--checkpoint " + dir.file("state") + ".prev"));
  error.clear();
  CHECK(load_checkpoint(dir.file("state.prev"), error) == sample_checkpoint());
}

TEST_CASE("a second lock on the same checkpoint is refused until the first is released",
          "[checkpoint]") {
  test::TempDir dir;
  std::string error;
  bool busy = false;
  auto first = CheckpointLock::acquire(dir.file("state"), error, busy);
  REQUIRE(first);
  CHECK_FALSE(CheckpointLock::acquire(dir.file("state"), error, busy));
  CHECK(busy);
  CHECK_THAT(error, Catch::Contains("another hitlog run"));
  first.reset();
  CHECK(CheckpointLock::acquire(dir.file("state"), error, busy));
}

TEST_CASE("the report file is cut back to the checkpoint's position", "[checkpoint]") {
  test::TempDir dir;
  const std::string path = dir.file("out.csv");
  dir.write("out.csv", "header\nrow 1\nrow 2 written after the checkpoint\n");
  std::string error;
  {
    auto file = ReportFile::open(path, 13, error);
    REQUIRE(file);
    CHECK(file->start_position() == 13);
    file->stream() << "row 2\n";
    std::uint64_t position = 0;
    REQUIRE(file->sync(position, error));
    REQUIRE(file->make_durable(error));
    CHECK(position == 19);
  }
  CHECK(test::read_file(path) == "header\nrow 1\nrow 2\n");
  CHECK_FALSE(ReportFile::open(path, 100, error));
  CHECK_THAT(error, Catch::Contains("changed outside hitlog"));
  dir.write("empty.csv", "");
  auto fresh = ReportFile::open(dir.file("empty.csv"), 100, error);
  REQUIRE(fresh);
  CHECK(fresh->start_position() == 0);
}

namespace {

IdentifiedInput fake_input(const std::string& path, std::uint64_t inode, const std::string& head,
                           std::uint64_t size, bool compressed) {
  IdentifiedInput input;
  input.head = head.substr(0, kFingerprintBytes);
  InputMark& id = input.identity;
  id.path = path;
  id.device = 1;
  id.inode = inode;
  id.size = size;
  id.fingerprint = fingerprint_of(input.head);
  id.fingerprint_bytes = static_cast<std::uint32_t>(input.head.size());
  id.compressed = compressed;
  return input;
}

InputMark mark_of(const IdentifiedInput& input, std::uint64_t offset, std::uint64_t lines,
                  bool complete = false) {
  InputMark mark = input.identity;
  mark.offset = offset;
  mark.lines = lines;
  mark.complete = complete;
  return mark;
}

}  // namespace

TEST_CASE("the ledger recognises inputs across rename, compression and copytruncate",
          "[checkpoint]") {
  const std::string a(5000, 'a');
  const std::string b = "b-lines\n";
  const IdentifiedInput old_log = fake_input("access.log", 10, a, 5000, false);
  const IdentifiedInput small_log = fake_input("access.log", 11, b, 8, false);
  InputLedger ledger({mark_of(old_log, 3000, 30), mark_of(small_log, 8, 1)});

  // access.log became access.log.1.gz: same content, other inode, compressed.
  const auto rotated = ledger.begin(fake_input("access.log.1.gz", 12, a, 900, true));
  CHECK(rotated.offset == 3000);
  CHECK(rotated.lines == 30);
  CHECK_FALSE(rotated.done);
  ledger.advance(5000, 50);
  ledger.finish();
  // The small file grew: its recorded fingerprint covers the bytes it had then.
  const auto grown = ledger.begin(fake_input("access.log", 11, b + "more\n", 13, false));
  CHECK(grown.offset == 8);
  CHECK(grown.warning.empty());
  // A file never seen starts at 0.
  const auto fresh = ledger.begin(fake_input("new.log", 13, "c", 1, false));
  CHECK(fresh.offset == 0);
  const std::vector<InputMark> marks = ledger.marks(true);
  REQUIRE(marks.size() == 3);
  CHECK(marks[0].complete);
  CHECK(marks[0].offset == 5000);

  // Next run: the finished gzip is skipped whole; unseen marks survive until the run is over.
  InputLedger next(marks);
  CHECK(next.begin(fake_input("access.log.2.gz", 12, a, 900, true)).done);
  CHECK(next.marks(false).size() == 3);
  CHECK(next.marks(true).size() == 1);
}

TEST_CASE("the ledger reads a truncated or rewritten file again from its start, with a warning",
          "[checkpoint]") {
  const std::string content(5000, 'x');
  const IdentifiedInput log = fake_input("access.log", 10, content, 5000, false);
  {
    InputLedger ledger({mark_of(log, 5000, 2)});
    // copytruncate, then new lines: same inode and path, other content.
    const auto start = ledger.begin(fake_input("access.log", 10, "new\n", 4, false));
    CHECK(start.offset == 0);
    CHECK_THAT(start.warning, Catch::Contains("truncated"));
  }
  {
    InputLedger ledger({mark_of(log, 5000, 2)});
    // copytruncate kept a copy: the copy continues the recorded content, and the emptied and
    // rewritten original still gets its warning.
    const auto copy = ledger.begin(fake_input("access.log.1", 11, content + "more\n", 5005, false));
    CHECK(copy.offset == 5000);
    CHECK(copy.warning.empty());
    const auto original = ledger.begin(fake_input("access.log", 10, "new\n", 4, false));
    CHECK(original.offset == 0);
    CHECK_THAT(original.warning, Catch::Contains("truncated"));
  }
  {
    InputLedger ledger({mark_of(log, 5000, 2)});
    // Same first bytes, but shorter than what was read: truncated below the offset.
    const auto start = ledger.begin(fake_input("access.log", 10, content, 4500, false));
    CHECK(start.offset == 0);
    CHECK_THAT(start.warning, Catch::Contains("shorter"));
  }
}

TEST_CASE("sources skip what a checkpoint counted, plain by seeking and gzip by reading",
          "[checkpoint]") {
  test::TempDir dir;
  std::string content;
  for (int i = 0; i < 20000; ++i) content += "line " + std::to_string(i) + "\n";
  dir.write("plain.log", content);
  REQUIRE(std::system(("gzip -n -c " + dir.file("plain.log") + " > " + dir.file("z.log.gz")).c_str()) == 0);
  for (const std::string name : {"plain.log", "z.log.gz"}) {
    INFO(name);
    IdentifiedInput input = open_identified(dir.file(name));
    CHECK(input.identity.fingerprint_bytes == kFingerprintBytes);
    CHECK(input.head == content.substr(0, kFingerprintBytes));
    input.source->skip(100'000);
    std::string rest;
    char buffer[4096];
    while (std::size_t n = input.source->read(buffer, sizeof buffer)) rest.append(buffer, n);
    CHECK(rest == content.substr(100'000));
    IdentifiedInput again = open_identified(dir.file(name));
    CHECK_THROWS_AS(again.source->skip(content.size() + 1), InputError);
  }
  CHECK_THROWS_AS(open_identified("-"), InputError);
}

namespace {

// Fails every write after the first `allowed`, as a disk that filled up would.
class FillingDisk final : public CheckpointFiles {
 public:
  explicit FillingDisk(int allowed) : allowed_(allowed) {}
  bool replace(const std::string& path, std::span<const std::string_view> pieces, bool durable,
               std::string& error) override {
    if (allowed_-- > 0) return CheckpointFiles::replace(path, pieces, durable, error);
    error = "cannot write checkpoint '" + path + ".tmp': No space left on device";
    return false;
  }

 private:
  int allowed_;
};

}  // namespace

TEST_CASE("a failed checkpoint save stops the run and leaves the previous checkpoint",
          "[checkpoint]") {
  test::TempDir dir;
  CountConfig config;
  config.inputs = {test::source_path("sample_logs/access.log")};
  std::string error;
  auto run = CountRun::create(config, error);
  REQUIRE(run);
  // One run with a disk that takes every checkpoint, then one with a disk that takes none.
  const auto run_with = [&](CheckpointFiles& files) {
    auto output = ReportFile::open(dir.file("out.csv"), 0, error);
    REQUIRE(output);
    CheckpointPlan plan;
    plan.path = dir.file("state");
    plan.every_lines = 500;
    plan.report_format = "csv";
    plan.output = output.get();
    plan.files = &files;
    auto writer = make_report_writer(ReportFormat::csv, output->stream(), {});
    return run->run(*writer, nullptr, &plan);
  };
  CheckpointFiles disk;
  REQUIRE(run_with(disk).status == RunStatus::ok);
  const std::string previous = test::read_file(dir.file("state"));
  FillingDisk full(0);
  const RunResult result = run_with(full);
  CHECK(result.status == RunStatus::checkpoint_error);
  CHECK_THAT(result.message, Catch::Contains("No space left"));
  // The saver writes on its own thread: the run stops at its first save after the failure,
  // or at the end, and the checkpoint on disk is still the previous one.
  CHECK(test::read_file(dir.file("state")) == previous);
}
