// Turning one log line into a Hit, for the built-in formats and any nginx log_format string.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "hitlog/hit.h"

namespace hitlog {

// Why a line is bad. A bad line is counted and skipped; it is never an I/O error.
enum class LineError : std::uint8_t {
  none,
  no_match,    // the line does not have the shape of the format
  bad_time,    // the time field does not parse
  bad_status,  // $status is not three digits
  bad_bytes,   // a byte count is neither digits nor "-"
  too_long,    // the line is longer than the reader's buffer (set by the reader's user)
};
std::string_view describe(LineError error);

// A compiled format. parse() is called once per line on the hot path: it must not allocate.
// Not thread-safe (it may keep a cache); use one per thread.
class LineParser {
 public:
  virtual ~LineParser() = default;
  // Parses line (without its line ending). On success fills every field of hit with views
  // into line and returns LineError::none; otherwise hit is unspecified.
  virtual LineError parse(std::string_view line, Hit& hit) = 0;
};

// "combined" and "common" name the built-in formats (Apache/nginx combined and common log
// formats, Apache's %l included). Their lines are read up to the byte count (and, for
// "combined", the quote after it) and anything may follow: many servers append fields, and
// the referer and user agent are not used, so a user agent cut short still counts.
//
// Anything else is read as an nginx log_format string: $variables separated by literal text.
// Each value runs to the first occurrence of the literal after it; inside double quotes,
// backslash-escaped characters (Apache's \") are skipped. A last variable with nothing after
// it takes the rest of the line, and a line must match a user format to its end.
// Variables used: $remote_addr, the first of $time_local $time_iso8601 $msec, $request (or
// else $request_uri, or else $uri, with $request_method; "-" in them means unknown), $status,
// the first of $body_bytes_sent $bytes_sent. Any other $name or ${name} ($http_referer,
// $request_time, $host, ...) is matched and ignored.
//
// Returns nullptr and sets error to a message for the user when the format has no time
// variable, no way to find the endpoint ($request, $request_uri or $uri), two variables
// with no literal text between them, or a '$' that does not start a variable name.
std::unique_ptr<LineParser> compile_format(std::string_view format, std::string& error);

}  // namespace hitlog
