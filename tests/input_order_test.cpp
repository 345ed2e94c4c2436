#include "hitlog/input_order.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace hitlog {
namespace {

using Paths = std::vector<std::string>;

TEST_CASE("numbered rotations are read highest number first, the bare name last", "[input_order]") {
  const Paths oldest_first = {"access.log.3.gz", "access.log.2.gz", "access.log.1", "access.log"};
  CHECK(order_inputs(oldest_first) == oldest_first);
  CHECK(order_inputs({"access.log", "access.log.1", "access.log.2.gz", "access.log.3.gz"}) ==
        oldest_first);
  CHECK(order_inputs({"access.log.1", "access.log.3.gz", "access.log", "access.log.2.gz"}) ==
        oldest_first);
}

TEST_CASE("rotation numbers compare as numbers", "[input_order]") {
  CHECK(order_inputs({"a.log.2", "a.log.10.gz", "a.log.9.gz", "a.log"}) ==
        Paths{"a.log.10.gz", "a.log.9.gz", "a.log.2", "a.log"});
  CHECK(order_inputs({"a.log.0", "a.log.1"}) == Paths{"a.log.1", "a.log.0"});
}

TEST_CASE("dateext rotations are read oldest date first, the bare name last", "[input_order]") {
  CHECK(order_inputs({"a.log", "a.log-20261203.gz", "a.log-20261201", "a.log-20261202.gz"}) ==
        Paths{"a.log-20261201", "a.log-20261202.gz", "a.log-20261203.gz", "a.log"});
  CHECK(order_inputs({"a.log-20270101.gz", "a.log-20261231.gz"}) ==
        Paths{"a.log-20261231.gz", "a.log-20270101.gz"});
}

TEST_CASE("a set mixing both forms puts numbered before dated", "[input_order]") {
  CHECK(order_inputs({"a.log", "a.log-20261201.gz", "a.log.1", "a.log-20261130", "a.log.2.gz"}) ==
        Paths{"a.log.2.gz", "a.log.1", "a.log-20261130", "a.log-20261201.gz", "a.log"});
}

TEST_CASE("a set is read at the position of its first member", "[input_order]") {
  CHECK(order_inputs({"x.log", "a.log", "other", "a.log.1", "-", "b"}) ==
        Paths{"x.log", "a.log.1", "a.log", "other", "-", "b"});
  CHECK(order_inputs({"b.log", "a.log.1", "b.log.1", "a.log"}) ==
        Paths{"b.log.1", "b.log", "a.log.1", "a.log"});
}

TEST_CASE("names outside any set keep their order", "[input_order]") {
  CHECK(order_inputs({}).empty());
  CHECK(order_inputs({"z", "y", "x"}) == Paths{"z", "y", "x"});
  CHECK(order_inputs({"a.log.1"}) == Paths{"a.log.1"});
  CHECK(order_inputs({"a.log.1", "b.log.2"}) == Paths{"a.log.1", "b.log.2"});
  CHECK(order_inputs({"a.log-20261201", "b.log"}) == Paths{"a.log-20261201", "b.log"});
}

TEST_CASE("the base keeps its directory", "[input_order]") {
  CHECK(order_inputs({"/var/log/nginx/access.log", "/var/log/nginx/access.log.1"}) ==
        Paths{"/var/log/nginx/access.log.1", "/var/log/nginx/access.log"});
  CHECK(order_inputs({"/a/access.log", "/b/access.log.1"}) ==
        Paths{"/a/access.log", "/b/access.log.1"});
  CHECK(order_inputs({"logs.d/a.log", "logs.d/a.log.1"}) ==
        Paths{"logs.d/a.log.1", "logs.d/a.log"});
}

TEST_CASE("names that only look like rotations stay apart", "[input_order]") {
  const Paths cases[] = {
      {"a.log", "a.log.gz"},                    // compressed but not numbered
      {"a.log", "a.log.1x"},                    // not only digits
      {"a.log", "a.log.-1"},                    // signed
      {"a.log", "a.log.+1"},                    // signed
      {"a.log", "a.log.1.bz2"},                 // only .gz is a compression suffix here
      {"a.log", "a.log-2026120"},               // seven digits
      {"a.log", "a.log-202612011"},             // nine digits
      {"a.log", "a.log-2026-12-01"},            // not the dateext format
      {"a.log", "a.log_20261201"},              // not the dateext separator
      {"a.log", "a.log.99999999999999999999"},  // does not fit in 64 bits
      {"", ".1"},                               // no base
  };
  for (const Paths& paths : cases) {
    INFO(paths[1]);
    CHECK(order_inputs(paths) == paths);
  }
}

TEST_CASE("standard input never joins a set", "[input_order]") {
  CHECK(order_inputs({"-", "-.1"}) == Paths{"-", "-.1"});
  CHECK(order_inputs({"-.2", "-", "-.1"}) == Paths{"-.2", "-.1", "-"});
}

TEST_CASE("names of the same rank keep the order given", "[input_order]") {
  CHECK(order_inputs({"a.log", "a.log.2", "a.log.2.gz"}) ==
        Paths{"a.log.2", "a.log.2.gz", "a.log"});
  CHECK(order_inputs({"a.log", "a.log.2.gz", "a.log.2"}) ==
        Paths{"a.log.2.gz", "a.log.2", "a.log"});
}

TEST_CASE("a name given twice is read once, at its first position", "[input_order]") {
  CHECK(order_inputs({"a", "b", "a"}) == Paths{"a", "b"});
  CHECK(order_inputs({"-", "x", "-"}) == Paths{"-", "x"});
  CHECK(order_inputs({"a.log.1", "a.log", "a.log.1"}) == Paths{"a.log.1", "a.log"});
  // A duplicate does not make a lone rotated name a set, nor reorder it.
  CHECK(order_inputs({"b", "a.log.1", "a.log.1"}) == Paths{"b", "a.log.1"});
}

}  // namespace
}  // namespace hitlog
