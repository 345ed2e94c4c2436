#include "reference_log.h"

#include <ctime>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace hitlog::test {
namespace {

long long floor_div(long long a, long long b) { return (a >= 0 ? a : a - b + 1) / b; }

}  // namespace

ReferenceLog read_reference_log(const std::string& content) {
  static const std::regex line_re(
      R"re(^\S+ \S+ \S+ \[(\d\d)/(\w\w\w)/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\] "([^"]*)" (\d{3}) (\d+|-)( "[^"]*" "[^"]*")?.*$)re");
  static const std::regex request_re(
      R"re(^[A-Za-z0-9_-]+ (.+?)(?: [A-Za-z]+/\d+(?:\.\d+)?)?$)re");
  static const std::map<std::string, int> months = {
      {"Jan", 1}, {"Feb", 2}, {"Mar", 3}, {"Apr", 4},  {"May", 5},  {"Jun", 6},
      {"Jul", 7}, {"Aug", 8}, {"Sep", 9}, {"Oct", 10}, {"Nov", 11}, {"Dec", 12}};
  ReferenceLog log;
  std::istringstream lines(content);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    if (!std::regex_match(line, m, line_re)) {
      ++log.bad;
      continue;
    }
    // Days from civil, written out independently of the library.
    int y = std::stoi(m[3]);
    const int mo = months.at(m[2]);
    const int d = std::stoi(m[1]);
    y -= mo <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    long long t =
        days * 86400 + std::stoll(m[4]) * 3600 + std::stoll(m[5]) * 60 + std::stoll(m[6]);
    const long long offset = std::stoll(m[8]) * 3600 + std::stoll(m[9]) * 60;
    t -= (m[7] == "+" ? offset : -offset);
    std::smatch r;
    const std::string request = m[10];
    std::string endpoint = "(invalid)";
    if (std::regex_match(request, r, request_re)) {
      endpoint = r[1].str().substr(0, r[1].str().find('?'));
    }
    log.hits.push_back({t, endpoint});
  }
  return log;
}

std::string reference_iso(long long t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string reference_csv_field(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string reference_csv(const std::vector<ReferenceHit>& hits, long long window,
                          long long step) {
  // Every tick whose horizon holds a hit, then a brute-force count of each horizon.
  std::set<long long> ticks;
  for (const ReferenceHit& hit : hits) {
    for (long long t = (floor_div(hit.time, step) + 1) * step; t - window <= hit.time; t += step) {
      ticks.insert(t);
    }
  }
  std::string csv = "window_start,window_end,endpoint,count\n";
  for (long long tick : ticks) {
    std::map<std::string, long long> counts;
    for (const ReferenceHit& hit : hits) {
      if (tick - window <= hit.time && hit.time < tick) ++counts[hit.endpoint];
    }
    for (const auto& [endpoint, count] : counts) {
      csv += reference_iso(tick - window) + "," + reference_iso(tick) + "," +
             reference_csv_field(endpoint) + "," + std::to_string(count) + "\n";
    }
  }
  return csv;
}

}  // namespace hitlog::test
