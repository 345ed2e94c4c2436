#include "hitlog/line_parser.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

namespace hitlog {
namespace {

constexpr Seconds kOct10 = 971211336;  // 10/Oct/2000:13:55:36 -0700

constexpr std::string_view kCombinedLine =
    "203.0.113.7 - alice [10/Oct/2000:13:55:36 -0700] \"GET /shop/cart?item=3 HTTP/1.1\" 200 "
    "2326 \"https://example.com/\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
constexpr std::string_view kCommonLine =
    "203.0.113.7 - - [10/Oct/2000:13:55:36 -0700] \"POST /login HTTP/1.0\" 302 -";
// nginx's combined format written out as a user format: it must match whole lines.
constexpr std::string_view kCombinedSpec =
    "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
    "\"$http_referer\" \"$http_user_agent\"";

std::unique_ptr<LineParser> compile_ok(std::string_view format) {
  std::string error;
  auto parser = compile_format(format, error);
  INFO("format: " << format << "\nerror: " << error);
  REQUIRE(parser != nullptr);
  return parser;
}

std::string compile_error(std::string_view format) {
  std::string error;
  const auto parser = compile_format(format, error);
  INFO("format: " << format);
  CHECK(parser == nullptr);
  return error;
}

LineError parse(LineParser& parser, std::string_view line) {
  Hit hit;
  return parser.parse(line, hit);
}

TEST_CASE("combined: every field of a standard line") {
  const auto parser = compile_ok("combined");
  Hit hit;
  REQUIRE(parser->parse(kCombinedLine, hit) == LineError::none);
  CHECK(hit.time == kOct10);
  CHECK(hit.method == "GET");
  CHECK(hit.endpoint == "/shop/cart");
  CHECK(hit.status == 200);
  CHECK(hit.bytes == 2326);
  CHECK(hit.client == "203.0.113.7");
  // Views into the line, not copies.
  CHECK(hit.endpoint.data() >= kCombinedLine.data());
  CHECK(hit.endpoint.data() < kCombinedLine.data() + kCombinedLine.size());
}

TEST_CASE("combined: text after the user agent is allowed") {
  const auto parser = compile_ok("combined");
  const std::string line = std::string(kCombinedLine) + " 0.005 \"upstream\" example.com";
  Hit hit;
  REQUIRE(parser->parse(line, hit) == LineError::none);
  CHECK(hit.endpoint == "/shop/cart");
}

TEST_CASE("combined: Apache's identd field and user names are read past") {
  const auto parser = compile_ok("combined");
  Hit hit;
  REQUIRE(parser->parse("10.0.0.1 ident42 frank [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" "
                        "404 0 \"-\" \"-\"",
                        hit) == LineError::none);
  CHECK(hit.client == "10.0.0.1");
  CHECK(hit.status == 404);
  CHECK(hit.endpoint == "/a");
}

TEST_CASE("combined: escaped quotes inside Apache's quoted fields") {
  const auto parser = compile_ok("combined");
  Hit hit;
  REQUIRE(parser->parse("10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /say\\\"hi\\\" HTTP/1.1\" "
                        "200 5 \"-\" \"Bot \\\"quoted\\\" \\\\\"",
                        hit) == LineError::none);
  CHECK(hit.endpoint == "/say\\\"hi\\\"");
  CHECK(hit.status == 200);
  CHECK(hit.bytes == 5);
}

TEST_CASE("combined: a user agent cut off before its closing quote still counts") {
  // Real logs have such lines; neither the user agent nor the referer is used.
  const auto parser = compile_ok("combined");
  Hit hit;
  REQUIRE(parser->parse("10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a.py HTTP/1.1\" 200 235 "
                        "\"-\" \"Mozilla/5.0 (compatible; Examplebot/2.1; +http://example.com/bot",
                        hit) == LineError::none);
  CHECK(hit.endpoint == "/a.py");
  CHECK(hit.bytes == 235);
}

TEST_CASE("combined: a line that stops after the timestamp does not match") {
  const auto parser = compile_ok("combined");
  CHECK(parse(*parser, "10.0.0.1 - - [18/May/2015:19:05:46 +0000]\"") == LineError::no_match);
  CHECK(parse(*parser, "10.0.0.1 - - [18/May/2015:19:05:46 +0000])\"") == LineError::no_match);
  CHECK(parse(*parser, "10.0.0.1 - - [18/May/2015:19:05:46 +0000] (X11; U; ) - Browse\"") ==
        LineError::no_match);
  // A common-format line lacks the referer's opening quote.
  CHECK(parse(*parser, kCommonLine) == LineError::no_match);
}

TEST_CASE("common: a line with and without trailing fields") {
  const auto parser = compile_ok("common");
  Hit hit;
  REQUIRE(parser->parse(kCommonLine, hit) == LineError::none);
  CHECK(hit.time == kOct10);
  CHECK(hit.method == "POST");
  CHECK(hit.endpoint == "/login");
  CHECK(hit.status == 302);
  CHECK(hit.bytes == 0);
  CHECK(hit.client == "203.0.113.7");

  REQUIRE(parser->parse(kCombinedLine, hit) == LineError::none);
  CHECK(hit.bytes == 2326);
  CHECK(hit.endpoint == "/shop/cart");
}

TEST_CASE("an invalid request is a hit under the invalid endpoint") {
  const auto parser = compile_ok("combined");
  for (const char* request : {"-", "", "\\x16\\x03\\x01\\x00\\xA5", "GET"}) {
    const std::string line = std::string("10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"") + request +
                             "\" 400 0 \"-\" \"-\"";
    INFO(line);
    Hit hit;
    REQUIRE(parser->parse(line, hit) == LineError::none);
    CHECK(hit.endpoint == kInvalidEndpoint);
    CHECK(hit.method.empty());
    CHECK(hit.status == 400);
  }
}

TEST_CASE("a user format must match the whole line") {
  const auto parser = compile_ok(kCombinedSpec);
  Hit hit;
  REQUIRE(parser->parse(kCombinedLine, hit) == LineError::none);
  CHECK(hit.endpoint == "/shop/cart");
  CHECK(hit.client == "203.0.113.7");
  CHECK(parse(*parser, std::string(kCombinedLine) + " extra") == LineError::no_match);
  CHECK(parse(*parser, kCombinedLine.substr(0, kCombinedLine.size() - 1)) == LineError::no_match);
  // Text before a leading literal is not allowed either.
  CHECK(parse(*compile_ok("[$time_local] $request"), "x[10/Oct/2000:13:55:36 -0700] GET /") ==
        LineError::no_match);
}

TEST_CASE("a user format skips escaped quotes and rejects an unterminated quoted field") {
  const auto parser = compile_ok(kCombinedSpec);
  CHECK(parse(*parser,
              "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 1 "
              "\"-\" \"Bot \\\"x\\\" y\"") == LineError::none);
  CHECK(parse(*parser,
              "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 1 "
              "\"-\" \"Mozilla/5.0 (compatible; Examplebot/2.1)") == LineError::no_match);
}

TEST_CASE("lines arrive without their line ending") {
  // The reader strips "\r\n"; a stray carriage return is part of the line.
  const auto parser = compile_ok(kCombinedSpec);
  CHECK(parse(*parser, std::string(kCombinedLine) + "\r") == LineError::no_match);
}

TEST_CASE("custom nginx format with $request_time and other ignored variables") {
  const auto parser = compile_ok(
      "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
      "\"$http_referer\" \"$http_user_agent\" rt=$request_time uct=$upstream_response_time "
      "host=$host");
  Hit hit;
  REQUIRE(parser->parse("192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /api/v1/items?page=2 "
                        "HTTP/2.0\" 200 512 \"-\" \"curl/8.0\" rt=0.042 uct=0.040 host=api.test",
                        hit) == LineError::none);
  CHECK(hit.time == kOct10);
  CHECK(hit.endpoint == "/api/v1/items");
  CHECK(hit.bytes == 512);
  // The last variable takes the rest of the line.
  CHECK(parse(*parser,
              "192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/2.0\" 200 512 "
              "\"-\" \"curl/8.0\" rt=0.042 uct=- host=a b c") == LineError::none);
}

TEST_CASE("format with $time_iso8601") {
  const auto parser = compile_ok("$time_iso8601 $remote_addr \"$request\" $status $bytes_sent");
  Hit hit;
  REQUIRE(parser->parse("2000-10-10T13:55:36-07:00 198.51.100.4 \"DELETE /items/9 HTTP/1.1\" "
                        "204 0",
                        hit) == LineError::none);
  CHECK(hit.time == kOct10);
  CHECK(hit.method == "DELETE");
  CHECK(hit.endpoint == "/items/9");
  CHECK(hit.status == 204);
  CHECK(hit.client == "198.51.100.4");
  CHECK(parse(*parser, "10/Oct/2000:13:55:36 198.51.100.4 \"GET / HTTP/1.1\" 200 0") ==
        LineError::bad_time);
}

TEST_CASE("format with $msec") {
  const auto parser = compile_ok("$msec|$request|$status");
  Hit hit;
  REQUIRE(parser->parse("1700000000.123|GET /m HTTP/1.1|200", hit) == LineError::none);
  CHECK(hit.time == 1700000000);
  CHECK(hit.endpoint == "/m");
  CHECK(hit.bytes == 0);      // no byte variable
  CHECK(hit.client.empty());  // no $remote_addr
  CHECK(parse(*parser, "17000x0000.123|GET /m HTTP/1.1|200") == LineError::bad_time);
}

TEST_CASE("format with $request_method and $request_uri") {
  const auto parser = compile_ok("$msec $request_method $request_uri $status");
  Hit hit;
  REQUIRE(parser->parse("1700000000.5 PUT /files/a.txt?overwrite=1 201", hit) == LineError::none);
  CHECK(hit.method == "PUT");
  CHECK(hit.endpoint == "/files/a.txt");
  CHECK(hit.status == 201);
  // nginx writes "-" for a value it does not have.
  REQUIRE(parser->parse("1700000000.5 - - 400", hit) == LineError::none);
  CHECK(hit.method.empty());
  CHECK(hit.endpoint == kInvalidEndpoint);
}

TEST_CASE("format with $uri keeps the path as logged") {
  const auto parser = compile_ok("$msec $uri");
  Hit hit;
  REQUIRE(parser->parse("1700000000 /what?.html", hit) == LineError::none);
  CHECK(hit.endpoint == "/what?.html");
  CHECK(hit.method.empty());
}

TEST_CASE("${name} variables and unknown variables") {
  const auto parser = compile_ok("${remote_addr}:${msec} \"$request\" $my_custom_field ${status}");
  Hit hit;
  REQUIRE(parser->parse("10.1.1.1:1700000000 \"GET /x HTTP/1.1\" any-thing 503", hit) ==
          LineError::none);
  CHECK(hit.client == "10.1.1.1");
  CHECK(hit.time == 1700000000);
  CHECK(hit.endpoint == "/x");
  CHECK(hit.status == 503);
}

TEST_CASE("the first time variable and the best endpoint variable are the ones used") {
  const auto parser =
      compile_ok("$msec [$time_local] \"$request\" $request_method $request_uri $uri");
  Hit hit;
  REQUIRE(parser->parse("1700000000.1 [not a time] \"GET /from-request HTTP/1.1\" POST /b /c",
                        hit) == LineError::none);
  CHECK(hit.time == 1700000000);
  CHECK(hit.method == "GET");
  CHECK(hit.endpoint == "/from-request");

  const auto without_request = compile_ok("$msec $uri $request_uri");
  REQUIRE(without_request->parse("1700000000 /decoded /raw?q", hit) == LineError::none);
  CHECK(hit.endpoint == "/raw");
}

TEST_CASE("bad lines say why") {
  const auto parser = compile_ok("combined");
  const auto line = [](std::string_view time, std::string_view status, std::string_view bytes) {
    return "10.0.0.1 - - [" + std::string(time) + "] \"GET / HTTP/1.1\" " + std::string(status) +
           " " + std::string(bytes) + " \"-\" \"-\"";
  };
  const std::string_view good_time = "10/Oct/2000:13:55:36 -0700";
  CHECK(parse(*parser, line(good_time, "200", "1")) == LineError::none);
  CHECK(parse(*parser, "") == LineError::no_match);
  CHECK(parse(*parser, "{\"time\":\"2000-10-10\",\"path\":\"/\"}") == LineError::no_match);
  CHECK(parse(*parser, line("31/Apr/2000:13:55:36 -0700", "200", "1")) == LineError::bad_time);
  CHECK(parse(*parser, line("10/Oct/2000:13:55:36", "200", "1")) == LineError::bad_time);
  for (const char* status : {"-", "20", "2000", "2x0", ""}) {
    INFO("status " << status);
    CHECK(parse(*parser, line(good_time, status, "1")) == LineError::bad_status);
  }
  for (const char* bytes : {"12a", "", "-1", "99999999999999999999999"}) {
    INFO("bytes " << bytes);
    CHECK(parse(*parser, line(good_time, "200", bytes)) == LineError::bad_bytes);
  }
  CHECK(parse(*parser, line(good_time, "200", "18446744073709551615")) == LineError::none);
  // The structure is checked before the fields.
  CHECK(parse(*parser, "10.0.0.1 - - [bad] \"GET / HTTP/1.1\" 200") == LineError::no_match);
}

TEST_CASE("describe gives short text for each line error") {
  CHECK(describe(LineError::no_match) == "line does not match the format");
  CHECK(describe(LineError::bad_time) == "timestamp does not parse");
  CHECK(describe(LineError::bad_status) == "status is not a three-digit number");
  CHECK(describe(LineError::bad_bytes) == "byte count is neither a number nor \"-\"");
  CHECK(describe(LineError::too_long) == "line is longer than the read buffer");
  CHECK(describe(LineError::none) == "parsed");
}

TEST_CASE("format compile errors name the problem") {
  CHECK(compile_error("$remote_addr \"$request\" $status") ==
        "format has no time variable ($time_local, $time_iso8601 or $msec)");
  CHECK(compile_error("") == "format has no time variable ($time_local, $time_iso8601 or $msec)");
  CHECK(compile_error("[$time_local] $status $http_user_agent") ==
        "format has no variable giving the endpoint ($request, $request_uri or $uri)");
  CHECK(compile_error("[$time_local] $remote_addr$remote_user \"$request\"") ==
        "variables $remote_addr and $remote_user have no text between them in the format, so "
        "their values cannot be told apart");
  CHECK(compile_error("$msec ${status}${request}") ==
        "variables $status and $request have no text between them in the format, so their "
        "values cannot be told apart");
  CHECK(compile_error("$msec $request $") ==
        "\"$\" at position 16 of the format is not followed by a variable name");
  CHECK(compile_error("$msec $request costs $-5") ==
        "\"$\" at position 22 of the format is not followed by a variable name");
  CHECK(compile_error("$msec ${request") ==
        "\"${\" at position 7 of the format has no closing \"}\"");
  CHECK(compile_error("$msec ${re quest}") ==
        "\"${re quest}\" at position 7 of the format is not a variable name (letters, digits "
        "and '_')");
  CHECK(compile_error("$msec ${} $request") ==
        "\"${}\" at position 7 of the format is not a variable name (letters, digits and '_')");
}

}  // namespace
}  // namespace hitlog
