#include "hitlog/request.h"

#include <catch2/catch.hpp>
#include <string>

namespace hitlog {
namespace {

// "method|target" for a valid request, "invalid" otherwise: one string to compare.
std::string split(std::string_view request) {
  RequestParts parts;
  if (!split_request(request, parts)) return "invalid";
  return std::string(parts.method) + "|" + std::string(parts.target);
}

TEST_CASE("split_request separates method, target and protocol") {
  CHECK(split("GET /a HTTP/1.1") == "GET|/a");
  CHECK(split("GET /x?y=1 HTTP/2.0") == "GET|/x?y=1");
  CHECK(split("OPTIONS /a RTSP/1.0") == "OPTIONS|/a");
  CHECK(split("POST /api HTTP/2") == "POST|/api");
  CHECK(split("M-SEARCH * HTTP/1.1") == "M-SEARCH|*");
  CHECK(split("PROPFIND_X2 /dav HTTP/1.1") == "PROPFIND_X2|/dav");
  CHECK(split("get /lower http/1.0") == "get|/lower");
}

TEST_CASE("split_request keeps spaces inside the target") {
  CHECK(split("GET /Read Me.txt HTTP/1.1") == "GET|/Read Me.txt");
  CHECK(split("GET /a b") == "GET|/a b");
  CHECK(split("GET /a b c HTTP/1.0") == "GET|/a b c");
  CHECK(split("GET  /a HTTP/1.1") == "GET| /a");
}

TEST_CASE("split_request takes only NAME/VERSION as a protocol") {
  CHECK(split("GET /a") == "GET|/a");
  CHECK(split("GET /a HTTP/1.1.1") == "GET|/a HTTP/1.1.1");
  CHECK(split("GET /a HTTP/") == "GET|/a HTTP/");
  CHECK(split("GET /a HTTP/.1") == "GET|/a HTTP/.1");
  CHECK(split("GET /a HTTP/1.") == "GET|/a HTTP/1.");
  CHECK(split("GET /a /1.1") == "GET|/a /1.1");
  CHECK(split("GET /a HTTP2/1.1") == "GET|/a HTTP2/1.1");
  // A lone protocol-looking word is the target, since a target must exist.
  CHECK(split("GET HTTP/1.1") == "GET|HTTP/1.1");
  CHECK(split("GE T") == "GE|T");
}

TEST_CASE("split_request rejects requests without method or target") {
  for (const char* request :
       {"", "-", "GET", "GET ", "GET  HTTP/1.1", " GET /a HTTP/1.1", "GET\t/a HTTP/1.1", "G=T /a",
        "\x16\x03\x01\x02\x00\x01", "{\"id\":1,\"method\":\"x\"}"}) {
    INFO('"' << request << '"');
    CHECK(split(request) == "invalid");
  }
}

TEST_CASE("split_request returns views into the request") {
  const std::string request = "GET /a HTTP/1.1";
  RequestParts parts;
  REQUIRE(split_request(request, parts));
  CHECK(parts.method.data() == request.data());
  CHECK(parts.target.data() == request.data() + 4);
}

TEST_CASE("endpoint_of_target cuts at the first question mark") {
  CHECK(endpoint_of_target("/x?y=1") == "/x");
  CHECK(endpoint_of_target("/x?y=1?z") == "/x");
  CHECK(endpoint_of_target("/x") == "/x");
  CHECK(endpoint_of_target("/a%3Fb") == "/a%3Fb");
  CHECK(endpoint_of_target("?q") == "");
  CHECK(endpoint_of_target("") == "");
}

}  // namespace
}  // namespace hitlog
