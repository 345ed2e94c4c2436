#include "hitlog/line_parser.h"

#include <limits>
#include <optional>
#include <utility>

#include "hitlog/request.h"
#include "log_format.h"

namespace hitlog {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool parse_status(std::string_view text, int& status) {
  if (text.size() != 3 || !is_digit(text[0]) || !is_digit(text[1]) || !is_digit(text[2])) {
    return false;
  }
  status = (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
  return true;
}

// Digits, or "-" for a response without a body.
bool parse_bytes(std::string_view text, std::uint64_t& bytes) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  if (text == "-") {
    bytes = 0;
    return true;
  }
  if (text.empty()) return false;
  // Nineteen digits cannot overflow 64 bits: only longer numbers pay for the check.
  constexpr std::size_t kSafeDigits = 19;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (!is_digit(c) || (i >= kSafeDigits && value > (kMax - digit) / 10)) return false;
    value = value * 10 + digit;
  }
  bytes = value;
  return true;
}

// nginx logs an empty value as "-".
bool is_missing(std::string_view value) { return value.empty() || value == "-"; }

class FormatParser final : public LineParser {
 public:
  explicit FormatParser(LogFormat format) : format_(std::move(format)) {}

  LineError parse(std::string_view line, Hit& hit) override {
    if (!format_.match(line, values_)) return LineError::no_match;

    if (!parse_time(hit.time)) return LineError::bad_time;

    hit.status = 0;
    if (format_.uses(Slot::status) && !parse_status(value(Slot::status), hit.status)) {
      return LineError::bad_status;
    }
    hit.bytes = 0;
    if (format_.uses(Slot::bytes) && !parse_bytes(value(Slot::bytes), hit.bytes)) {
      return LineError::bad_bytes;
    }
    hit.client = value(Slot::client);
    set_request(hit);
    return LineError::none;
  }

 private:
  std::string_view value(Slot slot) const { return values_[static_cast<std::size_t>(slot)]; }

  bool parse_time(Seconds& t) {
    const std::string_view text = value(format_.time_slot());
    if (format_.time_slot() == Slot::time_local) return time_local_.parse(text, t);
    const std::optional<Seconds> parsed = format_.time_slot() == Slot::time_iso8601
                                              ? parse_time_iso8601(text)
                                              : parse_msec(text);
    if (parsed) t = *parsed;
    return parsed.has_value();
  }

  // An unusable request is still a hit, counted under kInvalidEndpoint.
  void set_request(Hit& hit) const {
    const std::string_view target = value(format_.target_slot());
    if (format_.target_slot() == Slot::request) {
      RequestParts parts;
      const bool valid = split_request(target, parts);
      hit.method = valid ? parts.method : std::string_view();
      hit.endpoint = valid ? endpoint_of_target(parts.target) : kInvalidEndpoint;
      return;
    }
    const std::string_view method = value(Slot::method);
    hit.method = is_missing(method) ? std::string_view() : method;
    if (is_missing(target)) {
      hit.endpoint = kInvalidEndpoint;
    } else {
      // $uri has no query string; a '?' in it was decoded from the path and belongs to it.
      hit.endpoint = format_.target_slot() == Slot::uri ? target : endpoint_of_target(target);
    }
  }

  LogFormat format_;
  TimeLocalParser time_local_;
  // Kept between lines so that it is not cleared for each one: a match sets every slot in use
  // and the others stay empty.
  SlotValues values_;
};

}  // namespace

std::string_view describe(LineError error) {
  switch (error) {
    case LineError::none:
      return "parsed";
    case LineError::no_match:
      return "line does not match the format";
    case LineError::bad_time:
      return "timestamp does not parse";
    case LineError::bad_status:
      return "status is not a three-digit number";
    case LineError::bad_bytes:
      return "byte count is neither a number nor \"-\"";
    case LineError::too_long:
      return "line is longer than the read buffer";
  }
  return "unknown line error";
}

std::unique_ptr<LineParser> compile_format(std::string_view format, std::string& error) {
  // With trailing text allowed a line is read only up to the last field used, the byte count
  // and the quote after it for "combined": servers append fields, and a user agent cut short
  // (seen in real logs) should not lose the hit, as neither it nor the referer is used.
  std::optional<LogFormat> compiled;
  if (format == "combined") {
    compiled = LogFormat::compile(kCombinedLogFormat, Trailing::allowed, error);
  } else if (format == "common") {
    compiled = LogFormat::compile(kCommonLogFormat, Trailing::allowed, error);
  } else {
    compiled = LogFormat::compile(format, Trailing::forbidden, error);
  }
  if (!compiled) return nullptr;
  return std::make_unique<FormatParser>(std::move(*compiled));
}

}  // namespace hitlog
