// CheckpointSaver: saves in order on its own thread, the newest queued checkpoint replacing one
// still waiting (durable if either was), and nothing saved after a failure.

#include "checkpoint_saver.h"

#include <catch2/catch.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "run_binary.h"

namespace hitlog {
namespace {

// Records each replace() and holds it until released; fails once told to.
class GatedFiles final : public CheckpointFiles {
 public:
  bool replace(const std::string&, std::span<const std::string_view> pieces, bool durable,
               std::string& error) override {
    std::unique_lock lock(mutex_);
    std::string bytes;
    for (const std::string_view piece : pieces) bytes += piece;
    calls_.emplace_back(bytes, durable);
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
    if (failing_) error = "cannot write checkpoint: No space left on device";
    return !failing_;
  }

  void wait_for_calls(std::size_t n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return calls_.size() >= n; });
  }
  void set(bool open, bool failing) {
    {
      std::lock_guard lock(mutex_);
      open_ = open;
      failing_ = failing;
    }
    changed_.notify_all();
  }
  std::vector<std::pair<std::string, bool>> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<std::string, bool>> calls_;
  bool open_ = false;
  bool failing_ = false;
};

using Calls = std::vector<std::pair<std::string, bool>>;

// A report file in a fresh directory, and gated files for the saver to write checkpoints to.
struct SaverScene {
  test::TempDir dir;
  std::string error;
  std::unique_ptr<ReportFile> report = ReportFile::open(dir.file("out.csv"), 0, error);
  GatedFiles files;
};

}  // namespace

TEST_CASE("the saver saves in order, the newest waiting checkpoint replacing older ones",
          "[checkpoint]") {
  SaverScene scene;
  REQUIRE(scene.report);
  GatedFiles& files = scene.files;
  std::string& error = scene.error;
  CheckpointSaver saver(scene.dir.file("state"), files, *scene.report);

  REQUIRE(saver.queue("a", false, error));
  files.wait_for_calls(1);  // "a" is being written
  REQUIRE(saver.queue("b", true, error));
  REQUIRE(saver.queue("c", false, error));  // replaces "b", and stays durable
  files.set(true, false);
  REQUIRE(saver.wait(error));
  CHECK(files.calls() == Calls{{"a", false}, {"c", true}});

  // A failed save is reported, and nothing is saved after it.
  files.set(true, true);
  REQUIRE(saver.queue("d", false, error));
  CHECK_FALSE(saver.wait(error));
  CHECK_THAT(error, Catch::Contains("No space left"));
  std::string later;
  CHECK_FALSE(saver.queue("e", false, later));
  CHECK(later == error);
  CHECK(files.calls().size() == 3);
}

TEST_CASE("destroying the saver finishes the save under way", "[checkpoint]") {
  SaverScene scene;
  REQUIRE(scene.report);
  {
    CheckpointSaver saver(scene.dir.file("state"), scene.files, *scene.report);
    REQUIRE(saver.queue("a", false, scene.error));
    scene.files.wait_for_calls(1);
    scene.files.set(true, false);
  }
  CHECK(scene.files.calls() == Calls{{"a", false}});
}

}  // namespace hitlog
