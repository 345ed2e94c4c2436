// A hit: one request parsed from one log line.
#pragma once

#include <cstdint>
#include <string_view>

#include "hitlog/time.h"

namespace hitlog {

// The key used for requests whose request field is not "METHOD TARGET [PROTOCOL]".
inline constexpr std::string_view kInvalidEndpoint = "(invalid)";

// Views point into the line the hit was parsed from and are valid only as long as it is.
struct Hit {
  Seconds time = 0;            // UTC
  std::string_view method;     // empty when the format has no method or the request is invalid
  std::string_view endpoint;   // target up to its first '?', or kInvalidEndpoint
  int status = 0;              // 0 when the format has no $status
  std::uint64_t bytes = 0;     // $body_bytes_sent or $bytes_sent; "-" is 0
  std::string_view client;     // $remote_addr, empty when absent
};

}  // namespace hitlog
