// Splitting nginx's $request field ("GET /path?q=1 HTTP/1.1") into method and endpoint.
#pragma once

#include <string_view>

namespace hitlog {

struct RequestParts {
  std::string_view method;
  std::string_view target;  // everything between the method and the optional protocol
};

// A valid request is METHOD SP TARGET, optionally followed by SP and a protocol token
// NAME/VERSION (NAME letters; VERSION digits with at most one dot: HTTP/1.1, HTTP/2.0,
// RTSP/1.0). METHOD is one or more of [A-Za-z0-9_-]. TARGET may contain spaces and must not be
// empty. Sets parts and returns true for a valid request; returns false for anything else
// ("", "-", TLS handshake bytes, JSON). Not std::optional: on the hot path its copy through
// the stack stalls the loads that follow.
bool split_request(std::string_view request, RequestParts& parts);

// The endpoint of a target: the target up to its first '?', byte for byte (no unescaping).
inline std::string_view endpoint_of_target(std::string_view target) {
  return target.substr(0, target.find('?'));
}

}  // namespace hitlog
