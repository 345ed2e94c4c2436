#include "hitlog/request.h"

#include <cstring>

namespace hitlog {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_method_char(char c) { return is_letter(c) || is_digit(c) || c == '_' || c == '-'; }

// One or more digits starting at pos; returns the position after them, or pos when none.
std::size_t skip_digits(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  return pos;
}

// NAME "/" VERSION with NAME letters and VERSION digits, optionally "." and more digits.
bool is_protocol(std::string_view token) {
  std::size_t pos = 0;
  while (pos < token.size() && is_letter(token[pos])) ++pos;
  if (pos == 0 || pos == token.size() || token[pos] != '/') return false;
  const std::size_t major_start = pos + 1;
  pos = skip_digits(token, major_start);
  if (pos == major_start) return false;
  if (pos < token.size() && token[pos] == '.') {
    const std::size_t minor_start = pos + 1;
    pos = skip_digits(token, minor_start);
    if (pos == minor_start) return false;
  }
  return pos == token.size();
}

}  // namespace

bool split_request(std::string_view request, RequestParts& parts) {
  std::size_t method_end = 0;
  while (method_end < request.size() && is_method_char(request[method_end])) ++method_end;
  if (method_end == 0 || method_end == request.size() || request[method_end] != ' ') {
    return false;
  }
  std::string_view target = request.substr(method_end + 1);
  // The target may itself contain spaces, so only a last word that looks like a protocol is
  // taken as one. Nearly every request ends in " HTTP/d.d": that is checked first.
  constexpr std::size_t kHttpLength = 9;  // " HTTP/1.1"
  const std::size_t n = target.size();
  if (n > kHttpLength && std::memcmp(target.data() + n - kHttpLength, " HTTP/", 6) == 0 &&
      is_digit(target[n - 3]) && target[n - 2] == '.' && is_digit(target[n - 1])) {
    target.remove_suffix(kHttpLength);
  } else if (const std::size_t last_space = target.rfind(' ');
             last_space != std::string_view::npos && is_protocol(target.substr(last_space + 1))) {
    target = target.substr(0, last_space);
  }
  if (target.empty()) return false;
  parts = {request.substr(0, method_end), target};
  return true;
}

}  // namespace hitlog
