// An independent reading of combined-format logs for end-to-end tests: std::regex for the
// line, its own calendar arithmetic, std::map for counts. It shares no code with hitlog.
#pragma once

#include <string>
#include <vector>

namespace hitlog::test {

struct ReferenceHit {
  long long time;  // UTC seconds
  std::string endpoint;
};

struct ReferenceLog {
  std::vector<ReferenceHit> hits;  // in file order
  long long bad = 0;               // lines that are not combined-format
};

ReferenceLog read_reference_log(const std::string& content);

// "2026-12-01T10:00:00Z"
std::string reference_iso(long long t);

// An endpoint as a csv field, quoted as RFC 4180 says.
std::string reference_csv_field(const std::string& field);

// The csv hitlog prints for these hits in windows [t - window, t) ending at every multiple of
// step, when no hit is late (rows in window order, then endpoint byte order).
std::string reference_csv(const std::vector<ReferenceHit>& hits, long long window,
                          long long step);

}  // namespace hitlog::test
