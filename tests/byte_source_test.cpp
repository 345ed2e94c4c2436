#include "hitlog/byte_source.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "fd_file.h"
#include "hitlog/line_reader.h"

namespace hitlog {
namespace {

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/hitlog_test_XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  std::string path() const { return path_; }
  std::string write(const std::string& name, std::string_view content) const {
    const std::string file = path_ + "/" + name;
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return file;
  }

 private:
  std::string path_;
};

// Compressed by Boost.Iostreams, so the decoder under test is not its own oracle.
std::string gzip(std::string_view text) {
  std::ostringstream compressed;
  {
    boost::iostreams::filtering_ostream out;
    out.push(boost::iostreams::gzip_compressor());
    out.push(compressed);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  return compressed.str();
}

std::string read_all(ByteSource& source, std::size_t chunk = 4096) {
  std::string content;
  std::string buffer(chunk, '\0');
  while (const std::size_t n = source.read(buffer.data(), buffer.size()))
    content.append(buffer, 0, n);
  return content;
}

std::string read_all(const std::string& path, std::size_t chunk = 4096) {
  return read_all(*open_source(path), chunk);
}

// Log-like lines that compress about as well as real ones.
std::string sample_log(std::size_t lines, unsigned seed) {
  std::mt19937 random(seed);
  std::string text;
  for (std::size_t i = 0; i < lines; ++i) {
    text += "10.0." + std::to_string(random() % 256) + "." + std::to_string(random() % 256) +
            " - - [01/Dec/2026:10:" + std::to_string(random() % 60) + ":00 +0000] \"GET /item/" +
            std::to_string(random()) + " HTTP/1.1\" 200 " + std::to_string(random() % 100000) +
            "\n";
  }
  return text;
}

// Writes data into a pipe from another thread; the read end is read like standard input.
class Pipe {
 public:
  explicit Pipe(std::string data) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    read_fd_ = fds[0];
    writer_ = std::thread([fd = fds[1], data = std::move(data)] {
      // Small writes, so the reader sees short reads (possibly the magic split in two).
      for (std::size_t done = 0; done < data.size();) {
        const std::size_t n = std::min<std::size_t>(done == 0 ? 1 : 1000, data.size() - done);
        const ssize_t written = ::write(fd, data.data() + done, n);
        if (written <= 0) break;
        done += static_cast<std::size_t>(written);
      }
      ::close(fd);
    });
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() { writer_.join(); }

  int read_fd() const { return read_fd_; }

 private:
  int read_fd_;
  std::thread writer_;
};

TEST_CASE("a plain file is read as it is", "[byte_source]") {
  TempDir dir;
  const std::string content = "line one\nline two\n";
  const std::string path = dir.write("access.log", content);
  const auto source = open_source(path);
  CHECK(source->name() == path);
  CHECK_FALSE(source->compressed());
  CHECK(read_all(*source, 5) == content);
  CHECK(source->raw_offset() == content.size());
}

TEST_CASE("empty and one-byte files are plain", "[byte_source]") {
  TempDir dir;
  const auto empty = open_source(dir.write("empty", ""));
  CHECK_FALSE(empty->compressed());
  CHECK(read_all(*empty).empty());
  CHECK(empty->raw_offset() == 0);

  const auto one_byte = open_source(dir.write("one.gz", "\x1f"));
  CHECK_FALSE(one_byte->compressed());
  CHECK(read_all(*one_byte) == "\x1f");
}

TEST_CASE("a missing file is named in the message", "[byte_source]") {
  TempDir dir;
  const std::string path = dir.path() + "/missing.log";
  CHECK_THROWS_MATCHES(open_source(path), InputError,
                       Catch::Message("cannot open '" + path + "': No such file or directory"));
}

TEST_CASE("a directory is named in the message", "[byte_source]") {
  TempDir dir;
  CHECK_THROWS_MATCHES(
      open_source(dir.path()), InputError,
      Catch::Message("cannot read '" + dir.path() + "' at offset 0: Is a directory"));
}

TEST_CASE("a gzip file is decompressed", "[byte_source]") {
  TempDir dir;
  const std::string text = sample_log(100, 1);
  const std::string compressed = gzip(text);
  const auto source = open_source(dir.write("access.log.1.gz", compressed));
  CHECK(source->compressed());
  CHECK(read_all(*source, 1000) == text);
  CHECK(source->raw_offset() == compressed.size());
}

TEST_CASE("gzip is recognised by content, not name", "[byte_source]") {
  TempDir dir;
  const std::string text = "hello\n";
  const auto gz_named_log = open_source(dir.write("access.log", gzip(text)));
  CHECK(gz_named_log->compressed());
  CHECK(read_all(*gz_named_log) == text);

  const auto plain_named_gz = open_source(dir.write("access.log.2.gz", text));
  CHECK_FALSE(plain_named_gz->compressed());
  CHECK(read_all(*plain_named_gz) == text);
}

TEST_CASE("every member of a multi-member gzip file is read", "[byte_source]") {
  TempDir dir;
  const std::string first = sample_log(50, 2);
  const std::string second = sample_log(70, 3);
  const std::string compressed = gzip(first) + gzip("") + gzip(second);
  const auto source = open_source(dir.write("multi.gz", compressed));
  CHECK(read_all(*source, 333) == first + second);
  CHECK(source->raw_offset() == compressed.size());
}

TEST_CASE("a large gzip file spanning many input buffers", "[byte_source]") {
  TempDir dir;
  const std::string first = sample_log(40000, 4);
  const std::string second = sample_log(30000, 5);
  const std::string compressed = gzip(first) + gzip(second);
  REQUIRE(compressed.size() > (1 << 20));  // several 256 KiB input buffers
  const std::string path = dir.write("big.log.gz", compressed);
  CHECK(read_all(path, 1 << 20) == first + second);
  CHECK(read_all(path, 4093) == first + second);
}

TEST_CASE("a truncated gzip file is an error naming the file", "[byte_source]") {
  TempDir dir;
  const std::string text = sample_log(2000, 6);
  const std::string member = gzip(text);
  const std::string two_members = member + gzip(text);
  for (const std::size_t size :
       {std::size_t{2}, std::size_t{5}, std::size_t{10}, member.size() / 2, member.size() - 8,
        member.size() - 1, member.size() + 1, member.size() + 20, two_members.size() - 1}) {
    INFO("cut at " << size);
    const std::string path = dir.write("cut.gz", std::string_view(two_members).substr(0, size));
    const auto source = open_source(path);
    std::string content;
    CHECK_THROWS_MATCHES(
        content = read_all(*source), InputError,
        Catch::Message("'" + path + "': gzip stream truncated at compressed offset " +
                       std::to_string(size)));
  }
}

TEST_CASE("corrupt gzip data is an error naming the file and offset", "[byte_source]") {
  TempDir dir;
  const std::string text = sample_log(2000, 7);
  const std::string member = gzip(text);

  SECTION("a wrong checksum") {
    std::string bad = member;
    bad[bad.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
    const std::string path = dir.write("crc.gz", bad);
    CHECK_THROWS_MATCHES(read_all(path), InputError,
                         Catch::Message("'" + path + "': corrupt gzip data at compressed offset " +
                                        std::to_string(bad.size() - 4) + ": incorrect data check"));
  }
  SECTION("a damaged deflate body") {
    // Depending on the byte, inflate sees bad codes, a wrong checksum or a stream that now
    // ends too late; each must be an error naming the file.
    for (const std::size_t at :
         {std::size_t{12}, member.size() / 3, member.size() / 2, member.size() - 20}) {
      INFO("flipped at " << at);
      std::string bad = member;
      bad[at] ^= 0xff;
      const std::string path = dir.write("body.gz", bad);
      CHECK_THROWS_WITH(read_all(path),
                        Catch::StartsWith("'" + path + "': ") &&
                            (Catch::Contains("corrupt gzip data at compressed offset") ||
                             Catch::Contains("truncated")));
    }
  }
  SECTION("a bad header in a second member") {
    std::string bad = member + member;
    bad[member.size() + 2] = 9;  // compression method
    const std::string path = dir.write("second.gz", bad);
    CHECK_THROWS_WITH(read_all(path), Catch::Contains("corrupt gzip data at compressed offset"));
  }
}

TEST_CASE("bytes after the last gzip member are refused", "[byte_source]") {
  TempDir dir;
  const std::string member = gzip("hello\n");
  for (const std::string& trailer : {std::string("garbage"), std::string(512, '\0')}) {
    const std::string path = dir.write("trailing.gz", member + trailer);
    CHECK_THROWS_MATCHES(
        read_all(path), InputError,
        Catch::Message("'" + path + "': trailing garbage after gzip member at compressed offset " +
                       std::to_string(member.size())));
  }
}

TEST_CASE("a pipe is read like standard input, plain or gzip", "[byte_source]") {
  const std::string text = sample_log(3000, 8);
  SECTION("plain") {
    Pipe pipe(text);
    const auto source = open_fd_source(FdFile(pipe.read_fd(), "<stdin>", true));
    CHECK_FALSE(source->compressed());
    CHECK(source->name() == "<stdin>");
    CHECK(read_all(*source) == text);
  }
  SECTION("gzip") {
    Pipe pipe(gzip(text) + gzip(text));
    const auto source = open_fd_source(FdFile(pipe.read_fd(), "<stdin>", true));
    CHECK(source->compressed());
    CHECK(read_all(*source) == text + text);
  }
}

TEST_CASE("\"-\" reads standard input and leaves it open", "[byte_source]") {
  const std::string text = "from stdin\n";
  const int saved_stdin = ::dup(STDIN_FILENO);
  REQUIRE(saved_stdin >= 0);
  std::string content;
  bool compressed = true;
  std::string name;
  {
    Pipe pipe(gzip(text));
    REQUIRE(::dup2(pipe.read_fd(), STDIN_FILENO) == STDIN_FILENO);
    ::close(pipe.read_fd());
    const auto source = open_source("-");
    name = source->name();
    compressed = source->compressed();
    content = read_all(*source);
  }
  CHECK(::fcntl(STDIN_FILENO, F_GETFD) != -1);  // not closed by the source
  ::dup2(saved_stdin, STDIN_FILENO);
  ::close(saved_stdin);
  CHECK(name == "<stdin>");
  CHECK(compressed);
  CHECK(content == text);
}

TEST_CASE("lines of a multi-member gzip file", "[byte_source][line_reader]") {
  TempDir dir;
  const std::string text = sample_log(5000, 9);
  const auto source = open_source(dir.write("lines.gz", gzip(text) + gzip("last\r\n")));
  LineReader reader(*source, 4096);
  std::string_view line;
  std::string joined;
  while (reader.next(line)) joined.append(line).push_back('\n');
  CHECK(joined == text + "last\n");
  CHECK(reader.line_number() == 5001);
  CHECK(reader.bytes_consumed() == text.size() + 6);
}

}  // namespace
}  // namespace hitlog
