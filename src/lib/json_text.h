// JSON text shared by the writers that produce JSON (the jsonl report, the event log, metrics):
// one escaper, so every JSON line the tool writes follows the same rules.
#pragma once

#include <string>
#include <string_view>

namespace hitlog {

// Appends text as a quoted JSON string: '"', '\\' and control bytes are escaped (\n \r \t,
// others as \u00xx); well-formed UTF-8 passes through, and a byte that is not part of
// well-formed UTF-8 is read as Latin-1 and written as \u00xx, so the output is valid JSON
// whatever bytes text holds. No allocation when out has capacity.
void append_json_string(std::string& out, std::string_view text);

// Appends value as a JSON number in its shortest form that reads back exactly ("0.25", "3",
// "1e-05"); null when it is not finite, since JSON has no NaN or infinity. Locale-independent.
void append_json_number(std::string& out, double value);

// The same, rounded to significant_digits significant digits ("%g" style: 0.70710678 with 4
// gives "0.7071"). REQUIRES: 1 <= significant_digits <= 17.
void append_json_number(std::string& out, double value, int significant_digits);

}  // namespace hitlog
