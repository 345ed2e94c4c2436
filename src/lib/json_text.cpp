#include "json_text.h"

#include <charconv>
#include <cmath>
#include <cstddef>

namespace hitlog {
namespace {

// Length of the well-formed UTF-8 sequence of two or more bytes at the start of s, or 0 when
// s does not start with one (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto continuation = [&](std::size_t i, unsigned char low, unsigned char high) {
    return i < s.size() && byte(i) >= low && byte(i) <= high;
  };
  const unsigned char lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1, 0x80, 0xBF) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    // E0 excludes overlong forms, ED excludes the UTF-16 surrogates.
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return continuation(1, low, high) && continuation(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    // F0 excludes overlong forms, F4 stops at U+10FFFF.
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    const bool tail_ok = continuation(2, 0x80, 0xBF) && continuation(3, 0x80, 0xBF);
    return continuation(1, low, high) && tail_ok ? 4 : 0;
  }
  return 0;
}

// Room for any double in general format: sign, 17 digits, point, exponent.
constexpr std::size_t kNumberChars = 32;

void append_unicode_escape(std::string& out, unsigned char byte) {
  constexpr char kHex[] = "0123456789abcdef";
  const char escape[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
  out.append(escape, sizeof escape);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    // Copy the run of bytes that need no escaping in one append.
    std::size_t plain = i;
    while (plain < text.size()) {
      const auto c = static_cast<unsigned char>(text[plain]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++plain;
    }
    out.append(text.data() + i, plain - i);
    i = plain;
    if (i == text.size()) break;

    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text.substr(i));
      if (length > 0) {
        out.append(text.data() + i, length);
        i += length;
      } else {
        append_unicode_escape(out, c);
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        append_unicode_escape(out, c);
        break;
    }
    ++i;
  }
  out.push_back('"');
}

void append_json_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out.append("null");
    return;
  }
  char digits[kNumberChars];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, result.ptr);
}

void append_json_number(std::string& out, double value, int significant_digits) {
  if (!std::isfinite(value)) {
    out.append("null");
    return;
  }
  char digits[kNumberChars];
  const auto result = std::to_chars(digits, digits + sizeof digits, value,
                                    std::chars_format::general, significant_digits);
  out.append(digits, result.ptr);
}

}  // namespace hitlog
