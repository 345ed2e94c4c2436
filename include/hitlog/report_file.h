// The report's file in checkpoint mode: opened at the position a checkpoint recorded (what
// was written after it is cut off, since the resumed run writes it again), and synced to disk
// before each checkpoint, so that the checkpoint never claims output that could be lost.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

namespace hitlog {

class ReportFile {
 public:
  // Opens path for writing and truncates it to position bytes. A missing or empty file is
  // started anew (reported_position() is then 0: the report was rotated away); a file
  // shorter than position, which hitlog never leaves, is refused. nullptr and a message in
  // error when it cannot be opened or is refused.
  static std::unique_ptr<ReportFile> open(const std::string& path, std::uint64_t position,
                                          std::string& error);
  ~ReportFile();
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;

  std::ostream& stream() { return stream_; }
  // Where writing started.
  std::uint64_t start_position() const { return start_; }
  // Writes out what is buffered; position is then the file's size. False and a message naming
  // the file when that fails.
  bool sync(std::uint64_t& position, std::string& error);
  // fsyncs what sync() wrote. The one call that may come from another thread, while the
  // writing thread goes on. False and a message naming the file when that fails.
  bool make_durable(std::string& error) const;

 private:
  class Buffer final : public std::streambuf {
   public:
    explicit Buffer(int fd);
    bool flush_all();
    std::uint64_t written() const { return written_; }

   protected:
    int_type overflow(int_type c) override;
    int sync() override { return flush_all() ? 0 : -1; }

   private:
    int fd_;
    std::vector<char> data_;
    std::uint64_t written_ = 0;
  };

  ReportFile(int fd, std::string path, std::uint64_t start);

  int fd_;
  std::string path_;
  std::uint64_t start_;
  Buffer buffer_;
  std::ostream stream_;
};

}  // namespace hitlog
