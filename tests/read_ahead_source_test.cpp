// The read-ahead decorator: the same bytes, offsets and errors as its inner source, and a
// reading thread that always stops.

#include "read_ahead_source.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "run_binary.h"

namespace hitlog {
namespace {

// What the test sees of a FakeSource that the decorator owns and reads on its thread.
struct Probe {
  std::atomic<int> reads{0};
  std::atomic<std::uint64_t> skipped{0};
};

// Serves content in short, irregular reads, as a pipe or an inflater does. Its raw offset is a
// third of the bytes served, plus a trailer's 5 once the end has been read, as a compressed
// file's would be. With fail_at, throws once that many bytes were served; endless repeats
// content forever.
class FakeSource final : public ByteSource {
 public:
  struct Options {
    std::uint64_t fail_at = UINT64_MAX;
    bool endless = false;
  };

  FakeSource(std::string content, std::shared_ptr<Probe> probe, Options options)
      : content_(std::move(content)), probe_(std::move(probe)), options_(options) {}

  std::size_t read(char* dst, std::size_t capacity) override {
    ++probe_->reads;
    static constexpr std::size_t kSizes[] = {1, 4093, 17, 65536, 300001, 2, 1 << 20, 3 << 20};
    if (position_ == options_.fail_at) {
      throw InputError("'fake': corrupt data at byte " + std::to_string(position_));
    }
    if (options_.endless && position_ == content_.size()) position_ = 0;
    std::size_t n = std::min({capacity, kSizes[next_++ % std::size(kSizes)],
                              content_.size() - static_cast<std::size_t>(position_)});
    if (options_.fail_at - position_ < n)
      n = static_cast<std::size_t>(options_.fail_at - position_);
    std::copy_n(content_.data() + position_, n, dst);
    position_ += n;
    served_ += n;
    ended_ = n == 0;
    return n;
  }

  void skip(std::uint64_t n) override {
    probe_->skipped += n;
    position_ += n;
    served_ += n;
  }

  const std::string& name() const override { return name_; }
  std::uint64_t raw_offset() const override { return served_ / 3 + (ended_ ? 5 : 0); }
  bool compressed() const override { return true; }

 private:
  std::string content_;
  std::shared_ptr<Probe> probe_;
  Options options_;
  std::string name_ = "fake";
  std::uint64_t position_ = 0;
  std::uint64_t served_ = 0;
  std::size_t next_ = 0;
  bool ended_ = false;
};

std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  return bytes;
}

std::unique_ptr<ByteSource> fake(const std::string& content, std::shared_ptr<Probe> probe,
                                 FakeSource::Options options = {}) {
  return read_ahead(std::make_unique<FakeSource>(content, std::move(probe), options));
}

// Destroys source on another thread and waits a while: false when that hangs.
bool destroys_promptly(std::unique_ptr<ByteSource> source) {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> destroyed = done->get_future();
  std::thread([source = std::move(source), done]() mutable {
    source.reset();
    done->set_value();
  }).detach();
  return destroyed.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
}

// Waits, a millisecond at a time for at most 20 seconds, until probe saw at least reads reads.
bool wait_for_reads(const Probe& probe, int reads) {
  for (int i = 0; i < 20000 && probe.reads < reads; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return probe.reads >= reads;
}

TEST_CASE("read ahead: the inner source's bytes, whatever the read sizes", "[read_ahead]") {
  for (const std::size_t size :
       {std::size_t{0}, std::size_t{1}, std::size_t{100000}, (std::size_t{9} << 20) + 7}) {
    const std::string content = random_bytes(size, static_cast<unsigned>(size));
    for (const std::size_t capacity : {std::size_t{1}, std::size_t{4096}, std::size_t{65539},
                                       std::size_t{1} << 20, std::size_t{3} << 20}) {
      INFO("size " << size << ", capacity " << capacity);
      std::unique_ptr<ByteSource> source = fake(content, std::make_shared<Probe>());
      CHECK(source->name() == "fake");
      CHECK(source->compressed());
      std::string out;
      std::string buffer(capacity, '\0');
      bool offset_ahead = false;  // of what was handed out: never
      while (const std::size_t n = source->read(buffer.data(), capacity)) {
        out.append(buffer, 0, n);
        offset_ahead = offset_ahead || source->raw_offset() > out.size() / 3;
      }
      CHECK_FALSE(offset_ahead);
      CHECK(out == content);
      CHECK(source->raw_offset() == size / 3 + 5);  // the inner's, trailer included
      CHECK(source->read(buffer.data(), capacity) == 0);
    }
  }
}

TEST_CASE("read ahead: an error surfaces after exactly the bytes read before it", "[read_ahead]") {
  const std::string content = random_bytes(6 << 20, 3);
  for (const std::uint64_t fail_at :
       {std::uint64_t{0}, std::uint64_t{4093}, std::uint64_t{5 << 20} + 11}) {
    INFO("fail at " << fail_at);
    std::unique_ptr<ByteSource> source =
        fake(content, std::make_shared<Probe>(), {.fail_at = fail_at});
    std::string out;
    std::string buffer(70000, '\0');
    std::string message;
    try {
      while (const std::size_t n = source->read(buffer.data(), buffer.size())) {
        out.append(buffer, 0, n);
      }
    } catch (const InputError& e) {
      message = e.what();
    }
    CHECK(message == "'fake': corrupt data at byte " + std::to_string(fail_at));
    CHECK(out == content.substr(0, fail_at));
    CHECK(source->raw_offset() == fail_at / 3);
    // Reading on repeats the error rather than pretend the input ended.
    CHECK_THROWS_AS(source->read(buffer.data(), buffer.size()), InputError);
  }
}

TEST_CASE("read ahead: destroying it mid-stream stops the reading thread", "[read_ahead]") {
  const std::string content = random_bytes(100000, 5);
  SECTION("before the first read: no thread, nothing read") {
    auto probe = std::make_shared<Probe>();
    CHECK(destroys_promptly(fake(content, probe)));
    CHECK(probe->reads == 0);
  }
  SECTION("with the ring full and the thread waiting for a free buffer") {
    auto probe = std::make_shared<Probe>();
    std::unique_ptr<ByteSource> source = fake(content, probe, {.endless = true});
    char byte;
    REQUIRE(source->read(&byte, 1) == 1);
    CHECK(byte == content[0]);
    // The first inner read gave one byte: that buffer was handed out whole and recycled.
    // Four more fill the ring; then the thread waits.
    REQUIRE(wait_for_reads(*probe, 5));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(probe->reads == 5);
    CHECK(destroys_promptly(std::move(source)));
  }
  SECTION("while the thread is still reading") {
    auto probe = std::make_shared<Probe>();
    std::unique_ptr<ByteSource> source = fake(content, probe, {.endless = true});
    char byte;
    REQUIRE(source->read(&byte, 1) == 1);
    CHECK(destroys_promptly(std::move(source)));
  }
}

TEST_CASE("read ahead: skip before reading is the inner source's skip", "[read_ahead]") {
  const std::string content = random_bytes(3 << 20, 9);
  const std::size_t skipped = 1000003;
  auto probe = std::make_shared<Probe>();
  std::unique_ptr<ByteSource> source = fake(content, probe);
  source->skip(skipped);
  CHECK(probe->skipped == skipped);
  CHECK(source->raw_offset() == skipped / 3);
  std::string buffer(5000, '\0');
  const std::size_t first = source->read(buffer.data(), buffer.size());
  std::string out = buffer.substr(0, first);
  // Once reading has started, skipping reads and drops.
  source->skip(17);
  CHECK(probe->skipped == skipped);
  while (const std::size_t n = source->read(buffer.data(), buffer.size())) out.append(buffer, 0, n);
  CHECK(out == content.substr(skipped, first) + content.substr(skipped + first + 17));
  CHECK(source->raw_offset() == content.size() / 3 + 5);
}

}  // namespace
}  // namespace hitlog

TEST_CASE("count with one or two threads gives the same report, and the same error on a cut gzip",
          "[read_ahead][e2e]") {
  hitlog::test::TempDir dir;
  // Over the sizes below which nothing is read ahead: 32 MiB plain, 1 MiB gzip.
  const std::string log = dir.file("big.log");
  REQUIRE(std::system(
              (std::string(HITLOG_GEN_BINARY) + " --lines 160000 --seed 5 --output '" + log + "'")
                  .c_str()) == 0);
  REQUIRE(std::system(("gzip -n -k '" + log + "'").c_str()) == 0);
  const std::string gz = log + ".gz";
  REQUIRE(hitlog::test::read_file(log).size() > (32 << 20));
  const std::string whole = hitlog::test::read_file(gz);
  REQUIRE(whole.size() > (1 << 20));
  dir.write("cut.log.gz", whole.substr(0, whole.size() * 2 / 3));
  for (const std::string& input : {log, gz, dir.file("cut.log.gz")}) {
    INFO(input);
    const hitlog::test::Process one =
        hitlog::test::run_hitlog({"count", "-q", "--threads", "1", input});
    const hitlog::test::Process two =
        hitlog::test::run_hitlog({"count", "-q", "--threads", "2", input});
    // Standard input redirected from the same file is sized, and read ahead, alike.
    const hitlog::test::Process redirected =
        hitlog::test::run_hitlog({"count", "-q", "--threads", "2", "-"}, input);
    CHECK(one.out == two.out);
    CHECK(one.err == two.err);
    CHECK(one.exit_code == two.exit_code);
    CHECK(redirected.out == one.out);
    CHECK(redirected.exit_code == one.exit_code);
    CHECK(one.out.size() > 1000);
    if (input.ends_with("cut.log.gz")) {
      CHECK(two.exit_code == 1);
      CHECK_THAT(two.err, Catch::Contains("cut.log.gz") && Catch::Contains("truncated"));
    } else {
      CHECK(two.exit_code == 0);
    }
  }
  CHECK(hitlog::test::run_hitlog({"count", "-q", "--threads", "3", gz}).exit_code == 0);
  for (const char* bad : {"0", "-1", "two", "2x"}) {
    INFO("--threads '" << bad << "'");
    CHECK(hitlog::test::run_hitlog({"count", "--threads", bad, log}).exit_code == 2);
  }
}
