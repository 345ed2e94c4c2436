// Bytes read from a source before its reader asked (to recognise or identify it), handed out
// again ahead of the source's own. Private to the library.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace hitlog {

class PeekedBytes {
 public:
  explicit PeekedBytes(std::string_view bytes) : bytes_(bytes) {}

  // Copies up to capacity of the bytes not handed out yet into dst; 0 once all were.
  std::size_t take(char* dst, std::size_t capacity) {
    const std::size_t n = std::min(capacity, left());
    std::memcpy(dst, bytes_.data() + used_, n);
    used_ += n;
    return n;
  }
  // Drops up to n of the bytes not handed out yet; returns how many it dropped.
  std::uint64_t drop(std::uint64_t n) {
    const std::size_t dropped = static_cast<std::size_t>(std::min<std::uint64_t>(n, left()));
    used_ += dropped;
    return dropped;
  }
  std::size_t left() const { return bytes_.size() - used_; }

 private:
  std::string bytes_;
  std::size_t used_ = 0;
};

}  // namespace hitlog
