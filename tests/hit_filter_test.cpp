#include <catch2/catch.hpp>

#include "hitlog/hit_filter.h"

using namespace hitlog;

namespace {

Hit make_hit(Seconds time, std::string_view method, std::string_view endpoint, int status) {
  Hit hit;
  hit.time = time;
  hit.method = method;
  hit.endpoint = endpoint;
  hit.status = status;
  return hit;
}

std::unique_ptr<HitFilter> build(const FilterSpec& spec) {
  std::string error;
  auto filter = HitFilter::create(spec, error);
  INFO(error);
  REQUIRE(filter);
  return filter;
}

}  // namespace

TEST_CASE("an empty filter accepts everything", "[filter]") {
  auto filter = build({});
  CHECK(filter->accepts_all());
  CHECK(filter->accepts(make_hit(0, "", "(invalid)", 400)));
}

TEST_CASE("since is inclusive and until exclusive", "[filter]") {
  FilterSpec spec;
  spec.since = 100;
  spec.until = 200;
  auto filter = build(spec);
  CHECK_FALSE(filter->accepts_all());
  CHECK_FALSE(filter->accepts(make_hit(99, "GET", "/", 200)));
  CHECK(filter->accepts(make_hit(100, "GET", "/", 200)));
  CHECK(filter->accepts(make_hit(199, "GET", "/", 200)));
  CHECK_FALSE(filter->accepts(make_hit(200, "GET", "/", 200)));
}

TEST_CASE("status filter takes codes and classes", "[filter]") {
  FilterSpec spec;
  spec.statuses = {"404", "5xx"};
  auto filter = build(spec);
  CHECK(filter->accepts(make_hit(0, "GET", "/", 404)));
  CHECK(filter->accepts(make_hit(0, "GET", "/", 503)));
  CHECK_FALSE(filter->accepts(make_hit(0, "GET", "/", 200)));
  CHECK_FALSE(filter->accepts(make_hit(0, "GET", "/", 0)));
}

TEST_CASE("invalid statuses and regular expressions are refused with a message", "[filter]") {
  std::string error;
  FilterSpec spec;
  spec.statuses = {"40"};
  CHECK_FALSE(HitFilter::create(spec, error));
  CHECK_THAT(error, Catch::Contains("invalid --status '40'"));
  spec.statuses = {"6x1"};
  CHECK_FALSE(HitFilter::create(spec, error));
  spec.statuses.clear();
  spec.path_regex = "(unclosed";
  CHECK_FALSE(HitFilter::create(spec, error));
  CHECK_THAT(error, Catch::Contains("invalid --path regular expression '(unclosed'"));
}

TEST_CASE("method filter is exact and path filter searches the endpoint", "[filter]") {
  FilterSpec spec;
  spec.methods = {"GET", "HEAD"};
  spec.path_regex = "^/api/";
  auto filter = build(spec);
  CHECK(filter->accepts(make_hit(0, "GET", "/api/users", 200)));
  CHECK(filter->accepts(make_hit(0, "HEAD", "/api/", 200)));
  CHECK_FALSE(filter->accepts(make_hit(0, "get", "/api/users", 200)));
  CHECK_FALSE(filter->accepts(make_hit(0, "POST", "/api/users", 200)));
  CHECK_FALSE(filter->accepts(make_hit(0, "GET", "/static/api/", 200)));
}
