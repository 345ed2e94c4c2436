// hitlog_gen: writes realistic nginx/Apache access-log lines, the same bytes for the same seed
// and options on every platform. It makes the files in sample_logs/ and the benchmark inputs.
//
// Reproducibility: std::mt19937_64 is fully specified by the standard, but the standard
// distributions, std::shuffle and libm functions are not, so every random choice below maps the
// engine's 64-bit outputs by integer arithmetic or exactly rounded division only.
//
// Standalone on purpose: it links only the standard library, so a bug in hitlog cannot hide
// itself by also shaping the test input.
#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace {

constexpr std::string_view kUsage =
    R"(usage: hitlog_gen [options]

Writes a seeded, reproducible access log in the Apache/nginx combined or common format.

  --lines N            lines to write (default 1000)
  --seed S             seed of the random source (default 1)
  --format F           combined | common (default combined)
  --start TIME         time of the first request, ISO-8601 with Z or an offset
                       (default 2026-12-01T10:00:00Z)
  --rate R             average lines per second (default 10)
  --tz +HHMM           UTC offset written in $time_local; the instants stay the same
                       (default +0000)
  --endpoints N        distinct paths, Zipf-like popularity (default 2000)
  --disorder F         fraction of lines logged late, with an earlier timestamp than the
                       line before them, as nginx logs at completion (default 0)
  --max-skew S         how much earlier such a line is, at most, in seconds (default 30)
  --bad F              fraction of broken lines: truncated lines, lines cut after the
                       timestamp, binary noise, and lines that parse but carry no valid
                       request (TLS handshake bytes, "-") (default 0)
  --crlf F             fraction of lines ending in CRLF instead of LF (default 0)
  --output FILE        write to FILE instead of standard output
  --help               show this text
)";

struct Options {
  std::uint64_t lines = 1000;
  std::uint64_t seed = 1;
  bool combined = true;
  std::int64_t start = 1796119200;  // 2026-12-01T10:00:00Z
  double rate = 10;
  int tz_offset = 0;  // seconds east of UTC
  std::uint64_t endpoints = 2000;
  double disorder = 0;
  std::int64_t max_skew = 30;
  double bad = 0;
  double crlf = 0;
  std::string output;  // empty: standard output
};

// ---------------------------------------------------------------------------------------------
// Random choices with a mapping of our own, the same with every standard library.

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n) for n > 0. The modulo bias is below n / 2^64, far under anything a log
  // could show.
  std::uint64_t below(std::uint64_t n) { return engine_() % n; }
  std::int64_t between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(high - low) + 1));
  }
  // Uniform in [0, 1) from the top 53 bits: exact in a double.
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double probability) { return unit() < probability; }

  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[below(N)];
  }

 private:
  std::mt19937_64 engine_;
};

// A value with an integer weight; picked in proportion to the weight.
template <typename T>
struct Weighted {
  T value;
  std::uint32_t weight;
};

template <typename T, std::size_t N>
const T& pick_weighted(Random& random, const std::array<Weighted<T>, N>& table) {
  std::uint64_t total = 0;
  for (const auto& entry : table) total += entry.weight;
  std::uint64_t point = random.below(total);
  for (const auto& entry : table) {
    if (point < entry.weight) return entry.value;
    point -= entry.weight;
  }
  return table.back().value;
}

// Picks rank k of n with probability proportional to 1 / (k + flatten), the shape of web
// traffic; a larger flatten makes the head less dominant. Weights are exact divisions, so the
// table is the same everywhere (no pow()).
class Zipf {
 public:
  explicit Zipf(std::size_t n, std::size_t flatten = 1) {
    cumulative_.reserve(n);
    double sum = 0;
    for (std::size_t k = 0; k < n; ++k) {
      sum += 1.0 / static_cast<double>(k + flatten);
      cumulative_.push_back(sum);
    }
  }

  std::size_t pick(Random& random) const {
    const double point = random.unit() * cumulative_.back();
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), point);
    return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
  }

 private:
  std::vector<double> cumulative_;
};

// ---------------------------------------------------------------------------------------------
// The site: endpoints and clients, drawn once from the seed.

enum class Kind { page, api, asset, download, probe };

enum class Query { none, page, search, campaign, version };

struct Endpoint {
  std::string path;  // as nginx writes it in $request: '"', '\' and non-ASCII bytes as \xHH
  Kind kind;
  Query query;
  std::uint32_t size;  // body bytes of a 200 response
  bool rare = false;   // scanners' probes and odd paths: kept at the unpopular end
};

struct Client {
  std::string address;
  std::string_view user;  // HTTP basic auth user, "-" for most
  std::uint32_t agent;    // index into kAgents
  std::string_view protocol;
};

constexpr std::array<std::string_view, 12> kAgents = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Go-http-client/1.1",
};
// Agents from kFirstRobot on are robots and scripts: no referer, no page assets.
constexpr std::uint32_t kFirstRobot = 7;

constexpr std::array<Weighted<std::uint32_t>, 12> kAgentShare = {{
    {0, 30},
    {1, 14},
    {2, 8},
    {3, 14},
    {4, 10},
    {5, 6},
    {6, 3},
    {7, 5},
    {8, 3},
    {9, 3},
    {10, 2},
    {11, 2},
}};

constexpr std::array<std::string_view, 24> kWords = {
    "shoes",    "jacket", "lamp",   "coffee",  "garden", "travel", "winter",  "summer",
    "guide",    "review", "sale",   "kitchen", "desk",   "camera", "bicycle", "tent",
    "backpack", "watch",  "gloves", "scarf",   "teapot", "mug",    "printer", "monitor",
};

constexpr std::array<std::string_view, 6> kSections = {"getting-started", "reference", "faq", "api",
                                                       "billing",         "security"};

constexpr std::array<std::string_view, 10> kProbes = {
    "/wp-login.php",     "/.env",          "/.git/config",      "/phpmyadmin/index.php",
    "/xmlrpc.php",       "/cgi-bin/luci",  "/admin/config.php", "/vendor/phpunit/eval-stdin.php",
    "/.aws/credentials", "/server-status",
};

void append_hex(std::string& out, std::uint64_t value, int digits) {
  constexpr char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out.push_back(kHex[(value >> shift) & 0xF]);
}

template <typename Integer>
void append_number(std::string& out, Integer value) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, result.ptr);
}

std::string numbered(std::string_view head, std::uint64_t id, std::string_view tail = "") {
  std::string path(head);
  append_number(path, id);
  path.append(tail);
  return path;
}

// The few endpoints every site has, most popular first.
std::vector<Endpoint> head_endpoints(Random& random) {
  std::string app = "/static/js/app.";
  append_hex(app, random.below(1u << 16), 4);
  app += ".js";
  std::string css = "/static/css/main.";
  append_hex(css, random.below(1u << 16), 4);
  css += ".css";
  return {
      {"/", Kind::page, Query::campaign, 18250},
      {app, Kind::asset, Query::none, 284113},
      {css, Kind::asset, Query::none, 41872},
      {"/api/v1/session", Kind::api, Query::none, 412},
      {"/index.html", Kind::page, Query::none, 18250},
      {"/favicon.ico", Kind::asset, Query::none, 15086},
      {"/api/v1/health", Kind::api, Query::none, 17},
      {"/products", Kind::page, Query::page, 35411},
      {"/search", Kind::page, Query::search, 29870},
      {"/api/v1/products", Kind::api, Query::page, 8421},
      {"/login", Kind::page, Query::none, 7730},
      {"/robots.txt", Kind::asset, Query::none, 312},
  };
}

// One endpoint drawn from the shapes of a shop's site; ids make most of them distinct.
Endpoint random_endpoint(Random& random) {
  enum class Shape {
    user,
    user_orders,
    order,
    product_api,
    reviews,
    cart,
    product_page,
    blog,
    docs,
    category,
    chunk,
    image,
    product_image,
    font,
    download,
    probe,
    odd,
  };
  constexpr std::array<Weighted<Shape>, 17> kShapes = {{
      {Shape::user, 14},
      {Shape::user_orders, 6},
      {Shape::order, 10},
      {Shape::product_api, 12},
      {Shape::reviews, 5},
      {Shape::cart, 4},
      {Shape::product_page, 14},
      {Shape::blog, 5},
      {Shape::docs, 5},
      {Shape::category, 3},
      {Shape::chunk, 4},
      {Shape::image, 4},
      {Shape::product_image, 8},
      {Shape::font, 1},
      {Shape::download, 2},
      {Shape::probe, 2},
      {Shape::odd, 3},
  }};
  const Shape shape = pick_weighted(random, kShapes);
  const auto size = [&](std::int64_t low, std::int64_t high) {
    return static_cast<std::uint32_t>(random.between(low, high));
  };
  switch (shape) {
    case Shape::user:
      return {numbered("/api/v1/users/", random.between(1, 99999)), Kind::api, Query::none,
              size(300, 1800)};
    case Shape::user_orders:
      return {numbered("/api/v1/users/", random.between(1, 99999), "/orders"), Kind::api,
              Query::page, size(500, 9000)};
    case Shape::order:
      return {numbered("/api/v1/orders/", random.between(100000, 999999)), Kind::api, Query::none,
              size(600, 4000)};
    case Shape::product_api:
      return {numbered("/api/v2/products/", random.between(1, 50000)), Kind::api, Query::none,
              size(900, 6000)};
    case Shape::reviews:
      return {numbered("/api/v2/products/", random.between(1, 50000), "/reviews"), Kind::api,
              Query::page, size(200, 12000)};
    case Shape::cart: {
      std::string path = "/api/v1/carts/";
      append_hex(path, random.below(std::uint64_t{1} << 32), 8);
      return {path, Kind::api, Query::none, size(100, 2500)};
    }
    case Shape::product_page: {
      std::string path = "/products/";
      path += random.pick(kWords);
      path += '-';
      append_number(path, random.between(1, 50000));
      return {path, Kind::page, Query::campaign, size(22000, 61000)};
    }
    case Shape::blog: {
      std::string path = numbered("/blog/2026/", random.between(10, 12), "/");
      path += random.pick(kWords);
      path += '-';
      path += random.pick(kWords);
      return {path, Kind::page, Query::campaign, size(14000, 48000)};
    }
    case Shape::docs: {
      std::string path = "/docs/";
      path += random.pick(kSections);
      path += '/';
      path += random.pick(kWords);
      path += ".html";
      return {path, Kind::page, Query::none, size(6000, 30000)};
    }
    case Shape::category: {
      std::string path = "/category/";
      path += random.pick(kWords);
      return {path, Kind::page, Query::page, size(25000, 70000)};
    }
    case Shape::chunk: {
      std::string path = numbered("/static/js/chunk-", random.between(100, 999), ".");
      append_hex(path, random.below(std::uint64_t{1} << 32), 8);
      path += ".js";
      return {path, Kind::asset, Query::version, size(3000, 160000)};
    }
    case Shape::image: {
      std::string path = "/static/img/";
      path += random.pick(kWords);
      path += '-';
      append_number(path, random.between(1, 40));
      path += ".png";
      return {path, Kind::asset, Query::none, size(2000, 120000)};
    }
    case Shape::product_image:
      return {numbered("/images/products/", random.between(1, 50000), ".jpg"), Kind::asset,
              Query::none, size(8000, 240000)};
    case Shape::font:
      return {numbered("/static/fonts/inter-", random.between(1, 9) * 100, ".woff2"), Kind::asset,
              Query::none, size(20000, 110000)};
    case Shape::download:
      return {numbered("/downloads/hitlog-0.", random.between(1, 9), ".tar.gz"), Kind::download,
              Query::none, size(900000, 4000000)};
    case Shape::probe:
      return {std::string(random.pick(kProbes)), Kind::probe, Query::none, 0, true};
    case Shape::odd: {
      // Paths that test a parser: a raw space, bytes nginx escapes, percent-encoding.
      constexpr std::array<std::string_view, 6> kOdd = {
          "/files/annual report 2025.pdf",
          "/search/\\x22",
          "/caf\\xC3\\xA9/menu",
          "/%E2%82%AC/prices",
          "/a//double//slash",
          "/Docs/README.TXT",
      };
      std::string path(random.pick(kOdd));
      if (path.starts_with("/search/")) {
        path += random.pick(kWords);
        path += "\\x22";
      }
      return {path, Kind::page, Query::none, size(1000, 9000), true};
    }
  }
  return {"/", Kind::page, Query::none, 0};
}

std::vector<Endpoint> make_endpoints(Random& random, std::size_t count) {
  std::vector<Endpoint> endpoints = head_endpoints(random);
  if (endpoints.size() > count) endpoints.resize(count);
  const std::size_t head = endpoints.size();
  std::unordered_set<std::string> seen;
  for (const Endpoint& endpoint : endpoints) seen.insert(endpoint.path);
  while (endpoints.size() < count) {
    Endpoint endpoint = random_endpoint(random);
    if (seen.insert(endpoint.path).second) endpoints.push_back(std::move(endpoint));
  }
  // Popularity follows the order: rare paths go after the busiest tenth, where they show up
  // now and then but never lead a window. Stable partition and rotate are the same everywhere.
  const auto first_rare = std::stable_partition(
      endpoints.begin(), endpoints.end(), [](const Endpoint& endpoint) { return !endpoint.rare; });
  const std::size_t rare_from = std::max(count / 10, head);
  if (rare_from < static_cast<std::size_t>(first_rare - endpoints.begin())) {
    std::rotate(endpoints.begin() + static_cast<std::ptrdiff_t>(rare_from), first_rare,
                endpoints.end());
  }
  return endpoints;
}

std::string random_address(Random& random) {
  std::string address;
  if (random.chance(0.08)) {
    // Groups without leading zeros, as RFC 5952 writes them.
    const auto append_group = [&] {
      char digits[8];
      const auto result = std::to_chars(digits, digits + sizeof digits, random.below(0x10000), 16);
      address.append(digits, result.ptr);
    };
    address = "2a02:";
    for (int group = 0; group < 3; ++group) {
      append_group();
      address += ':';
    }
    address += ':';
    append_group();
    return address;
  }
  // Public-looking IPv4: no 0, 10, 127 or multicast first octet.
  std::uint64_t first = 0;
  do {
    first = 1 + random.below(223);
  } while (first == 10 || first == 127);
  append_number(address, first);
  for (int octet = 0; octet < 3; ++octet) {
    address += '.';
    append_number(address, random.below(256));
  }
  return address;
}

std::vector<Client> make_clients(Random& random, std::size_t count) {
  constexpr std::array<Weighted<std::string_view>, 3> kProtocols = {{
      {"HTTP/2.0", 60},
      {"HTTP/1.1", 38},
      {"HTTP/1.0", 2},
  }};
  std::vector<Client> clients;
  clients.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    Client client;
    client.address = random_address(random);
    client.user = random.chance(0.01) ? "deploy" : "-";
    client.agent = pick_weighted(random, kAgentShare);
    client.protocol = client.agent >= kFirstRobot ? "HTTP/1.1" : pick_weighted(random, kProtocols);
    clients.push_back(std::move(client));
  }
  return clients;
}

// ---------------------------------------------------------------------------------------------
// Time.

// a / b rounded down, for b > 0: times before 1970 belong to the second and day they start in.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// "01/Dec/2026:10:00:00 +0100" of one second, with a cache: most lines repeat the last second.
class TimeLocal {
 public:
  explicit TimeLocal(int offset_seconds) : offset_(offset_seconds) {}

  std::string_view format(std::int64_t utc) {
    if (utc == cached_second_) return text_;
    cached_second_ = utc;
    const std::int64_t local = utc + offset_;
    const std::int64_t day = floor_div(local, 86400);
    const std::int64_t second_of_day = local - day * 86400;
    const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
    constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    text_.clear();
    append_two(static_cast<unsigned>(date.day()));
    text_ += '/';
    text_ += kMonths[static_cast<unsigned>(date.month()) - 1];
    text_ += '/';
    append_number(text_, static_cast<int>(date.year()));
    text_ += ':';
    append_two(static_cast<unsigned>(second_of_day / 3600));
    text_ += ':';
    append_two(static_cast<unsigned>(second_of_day / 60 % 60));
    text_ += ':';
    append_two(static_cast<unsigned>(second_of_day % 60));
    text_ += ' ';
    const int magnitude = offset_ < 0 ? -offset_ : offset_;
    text_ += offset_ < 0 ? '-' : '+';
    append_two(static_cast<unsigned>(magnitude / 3600));
    append_two(static_cast<unsigned>(magnitude / 60 % 60));
    return text_;
  }

 private:
  void append_two(unsigned value) {
    text_ += static_cast<char>('0' + value / 10 % 10);
    text_ += static_cast<char>('0' + value % 10);
  }

  int offset_;
  std::int64_t cached_second_ = INT64_MIN;
  std::string text_;
};

// ---------------------------------------------------------------------------------------------
// The log.

class Output {
 public:
  explicit Output(std::FILE* file) : file_(file) { buffer_.reserve(kSize + 4096); }

  std::string& buffer() { return buffer_; }
  // Called after each line: one fwrite per megabyte.
  bool line_done() { return buffer_.size() < kSize || flush(); }
  bool flush() {
    const bool ok = std::fwrite(buffer_.data(), 1, buffer_.size(), file_) == buffer_.size();
    buffer_.clear();
    return ok;
  }

 private:
  static constexpr std::size_t kSize = 1 << 20;
  std::FILE* file_;
  std::string buffer_;
};

constexpr std::string_view kSite = "https://shop.example.com";

class Generator {
 public:
  explicit Generator(const Options& options)
      : options_(options),
        random_(options.seed),
        endpoints_(make_endpoints(random_, options.endpoints)),
        endpoint_rank_(endpoints_.size()),
        clients_(make_clients(random_, std::clamp<std::size_t>(options.endpoints / 4, 40, 5000))),
        client_rank_(clients_.size(), 5),
        time_local_(options.tz_offset),
        clock_ns_(options.start * 1'000'000'000),
        // Gaps are uniform in [0, 2 * mean]: the average rate is right without a logarithm.
        mean_gap_ns_(static_cast<std::int64_t>(1e9 / options.rate)) {
    for (std::size_t i = 0; i < endpoints_.size(); ++i) {
      if (endpoints_[i].kind == Kind::asset) assets_.push_back(i);
      if (endpoints_[i].kind == Kind::page) pages_.push_back(i);
    }
    if (!assets_.empty()) asset_rank_ = Zipf(assets_.size());
    if (!pages_.empty()) page_rank_ = Zipf(pages_.size());
  }

  bool run(Output& output) {
    for (std::uint64_t line = 0; line < options_.lines; ++line) {
      std::string& out = output.buffer();
      clock_ns_ += random_.between(0, 2 * mean_gap_ns_);
      std::int64_t second = floor_div(clock_ns_, 1'000'000'000);
      // Logged late, but never earlier than --start.
      const std::int64_t room = std::min(second - options_.start, options_.max_skew);
      if (random_.chance(options_.disorder) && room > 0) second -= random_.between(1, room);
      if (random_.chance(options_.bad)) {
        append_bad_line(out, second);
      } else {
        append_request_line(out, second);
      }
      out += random_.chance(options_.crlf) ? "\r\n" : "\n";
      if (!output.line_done()) return false;
    }
    return output.flush();
  }

 private:
  void append_request_line(std::string& out, std::int64_t second) {
    // A browser that loaded a page fetches some of its assets in the same second, with the
    // page as referer.
    const Client* client = nullptr;
    const Endpoint* endpoint = nullptr;
    const Endpoint* loading_page = nullptr;
    if (pending_assets_ > 0 && !assets_.empty()) {
      --pending_assets_;
      client = &clients_[page_client_];
      endpoint = &endpoints_[assets_[asset_rank_.pick(random_)]];
      loading_page = &endpoints_[page_endpoint_];
    } else {
      pending_assets_ = 0;
      const std::size_t client_index = client_rank_.pick(random_);
      const std::size_t endpoint_index = endpoint_rank_.pick(random_);
      client = &clients_[client_index];
      endpoint = &endpoints_[endpoint_index];
      if (endpoint->kind == Kind::page && client->agent < kFirstRobot && random_.chance(0.5)) {
        pending_assets_ = static_cast<int>(random_.between(1, 5));
        page_client_ = client_index;
        page_endpoint_ = endpoint_index;
      }
    }
    const std::string_view method = pick_method(endpoint->kind);
    const int status = pick_status(endpoint->kind, method);

    out += client->address;
    out += " - ";
    out += client->user;
    out += " [";
    out += time_local_.format(second);
    out += "] \"";
    out += method;
    out += ' ';
    out += endpoint->path;
    append_query(out, endpoint->query);
    out += ' ';
    out += client->protocol;
    out += "\" ";
    append_number(out, status);
    out += ' ';
    const std::uint64_t bytes = body_bytes(*endpoint, method, status);
    // Apache's %b writes "-" for an empty body; nginx writes 0.
    if (bytes == 0 && !options_.combined) {
      out += '-';
    } else {
      append_number(out, bytes);
    }
    if (!options_.combined) return;
    out += " \"";
    append_referer(out, *endpoint, *client, loading_page);
    out += "\" \"";
    out += kAgents[client->agent];
    out += '"';
  }

  std::string_view pick_method(Kind kind) {
    constexpr std::array<Weighted<std::string_view>, 3> kPage = {{
        {"GET", 96},
        {"POST", 2},
        {"HEAD", 2},
    }};
    constexpr std::array<Weighted<std::string_view>, 2> kAsset = {{{"GET", 97}, {"HEAD", 3}}};
    constexpr std::array<Weighted<std::string_view>, 6> kApi = {{
        {"GET", 70},
        {"POST", 18},
        {"PUT", 4},
        {"PATCH", 2},
        {"DELETE", 3},
        {"OPTIONS", 3},
    }};
    constexpr std::array<Weighted<std::string_view>, 2> kProbe = {{{"GET", 80}, {"POST", 20}}};
    switch (kind) {
      case Kind::page:
        return pick_weighted(random_, kPage);
      case Kind::asset:
      case Kind::download:
        return pick_weighted(random_, kAsset);
      case Kind::api:
        return pick_weighted(random_, kApi);
      case Kind::probe:
        return pick_weighted(random_, kProbe);
    }
    return "GET";
  }

  int pick_status(Kind kind, std::string_view method) {
    constexpr std::array<Weighted<int>, 8> kPage = {{
        {200, 880},
        {304, 40},
        {404, 30},
        {301, 20},
        {302, 10},
        {500, 10},
        {503, 5},
        {403, 5},
    }};
    constexpr std::array<Weighted<int>, 4> kAsset = {
        {{200, 700}, {304, 270}, {404, 20}, {206, 10}}};
    constexpr std::array<Weighted<int>, 9> kApiRead = {{
        {200, 850},
        {304, 10},
        {401, 30},
        {403, 10},
        {404, 40},
        {429, 20},
        {500, 20},
        {502, 10},
        {504, 10},
    }};
    constexpr std::array<Weighted<int>, 7> kApiWrite = {{
        {201, 400},
        {200, 400},
        {400, 100},
        {401, 30},
        {409, 20},
        {422, 30},
        {500, 20},
    }};
    constexpr std::array<Weighted<int>, 3> kDelete = {{{204, 80}, {404, 15}, {403, 5}}};
    constexpr std::array<Weighted<int>, 3> kProbe = {{{404, 85}, {403, 10}, {400, 5}}};
    if (kind == Kind::probe) return pick_weighted(random_, kProbe);
    if (method == "OPTIONS") return 204;
    if (method == "DELETE") return pick_weighted(random_, kDelete);
    if (method == "POST" || method == "PUT" || method == "PATCH") {
      return pick_weighted(random_, kApiWrite);
    }
    if (kind == Kind::asset || kind == Kind::download) return pick_weighted(random_, kAsset);
    if (kind == Kind::api) return pick_weighted(random_, kApiRead);
    return pick_weighted(random_, kPage);
  }

  std::uint64_t body_bytes(const Endpoint& endpoint, std::string_view method, int status) {
    if (method == "HEAD" || status == 204 || status == 304) return 0;
    switch (status) {
      case 200:
      case 201:
        // Files have one size; pages and API answers vary a little per request.
        if (endpoint.kind == Kind::asset || endpoint.kind == Kind::download) return endpoint.size;
        return endpoint.size + random_.below(endpoint.size / 8 + 1);
      case 206:
        return random_.below(endpoint.size) + 1;
      case 301:
      case 302:
        return 162;
      case 404:
        return endpoint.kind == Kind::api ? 43 : 3652;
      case 500:
      case 502:
      case 503:
      case 504:
        return 177 + random_.below(20);
      default:
        return 20 + random_.below(120);
    }
  }

  void append_query(std::string& out, Query query) {
    switch (query) {
      case Query::none:
        return;
      case Query::page:
        if (random_.chance(0.4)) {
          out += "?page=";
          append_number(out, random_.between(2, 12));
        }
        return;
      case Query::search:
        out += "?q=";
        out += random_.pick(kWords);
        if (random_.chance(0.3)) {
          out += "+";
          out += random_.pick(kWords);
        }
        if (random_.chance(0.2)) {
          out += "&page=";
          append_number(out, random_.between(2, 5));
        }
        return;
      case Query::campaign:
        if (random_.chance(0.1)) {
          constexpr std::array<std::string_view, 3> kSources = {"newsletter", "twitter", "partner"};
          out += "?utm_source=";
          out += random_.pick(kSources);
          out += "&utm_medium=email";
        }
        return;
      case Query::version:
        if (random_.chance(0.3)) {
          out += "?v=";
          append_number(out, random_.between(1, 9));
        }
        return;
    }
  }

  void append_referer(std::string& out, const Endpoint& endpoint, const Client& client,
                      const Endpoint* loading_page) {
    if (client.agent >= kFirstRobot || endpoint.kind == Kind::probe) {
      out += '-';
      return;
    }
    if (loading_page != nullptr) {
      out += kSite;
      out += loading_page->path;
      return;
    }
    // Browsers call the API from the site's pages.
    if (endpoint.kind == Kind::api && !pages_.empty() && random_.chance(0.7)) {
      append_site_page(out);
      return;
    }
    constexpr std::array<Weighted<std::string_view>, 6> kReferers = {{
        {"-", 40},
        {"https://www.google.com/", 30},
        {"", 18},  // a page of this site
        {"https://duckduckgo.com/", 4},
        {"https://news.ycombinator.com/", 3},
        {"https://t.co/", 5},
    }};
    const std::string_view referer = pick_weighted(random_, kReferers);
    if (!referer.empty()) {
      out += referer;
      return;
    }
    if (pages_.empty()) {
      out += '-';
      return;
    }
    append_site_page(out);
  }

  void append_site_page(std::string& out) {
    out += kSite;
    out += endpoints_[pages_[page_rank_.pick(random_)]].path;
  }

  void append_bad_line(std::string& out, std::int64_t second) {
    enum class Bad { truncated, after_time, noise, tls, empty_request };
    constexpr std::array<Weighted<Bad>, 5> kBad = {{
        {Bad::truncated, 30},
        {Bad::after_time, 15},
        {Bad::noise, 10},
        {Bad::tls, 25},
        {Bad::empty_request, 20},
    }};
    const Client& client = clients_[client_rank_.pick(random_)];
    const Bad bad = pick_weighted(random_, kBad);
    switch (bad) {
      case Bad::truncated: {
        // Cut inside the request field: the quote never closes, so the line cannot parse.
        const std::size_t line_start = out.size();
        append_request_line(out, second);
        const std::size_t quote = out.find('"', line_start);
        const std::size_t request_end = out.find("\" ", quote + 1);
        out.resize(quote + 1 + random_.below(request_end - quote - 1));
        return;
      }
      case Bad::after_time:
        out += client.address;
        out += " - - [";
        out += time_local_.format(second);
        out += ']';
        return;
      case Bad::noise: {
        // Bytes of any value except line ends.
        const std::uint64_t length = 4 + random_.below(60);
        for (std::uint64_t i = 0; i < length; ++i) {
          char byte = static_cast<char>(random_.below(256));
          if (byte == '\n' || byte == '\r') byte = '?';
          out += byte;
        }
        return;
      }
      case Bad::tls:
      case Bad::empty_request:
        break;
    }
    // Well-formed lines whose request is not "METHOD TARGET PROTOCOL": nginx answers 400.
    const bool tls = bad == Bad::tls;
    out += client.address;
    out += " - - [";
    out += time_local_.format(second);
    out += tls ? "] \"\\x16\\x03\\x01\\x00\\xF4\\x01\\x00\" 400 157" : "] \"-\" 400 0";
    if (options_.combined) out += " \"-\" \"-\"";
  }

  const Options& options_;
  Random random_;
  std::vector<Endpoint> endpoints_;
  Zipf endpoint_rank_;
  std::vector<Client> clients_;
  Zipf client_rank_;
  std::vector<std::size_t> assets_;  // indexes of endpoints that are assets
  Zipf asset_rank_{1};
  std::vector<std::size_t> pages_;  // indexes of endpoints that are pages
  Zipf page_rank_{1};
  TimeLocal time_local_;
  std::int64_t clock_ns_;
  std::int64_t mean_gap_ns_;
  int pending_assets_ = 0;
  std::size_t page_client_ = 0;
  std::size_t page_endpoint_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Options.

template <typename Number>
bool parse_number(std::string_view text, Number& value) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

bool parse_fraction(std::string_view text, double& value) {
  return parse_number(text, value) && value >= 0 && value <= 1;
}

// "+0100", "-07:00": seconds east of UTC, at most 14 hours.
bool parse_offset(std::string_view text, int& seconds) {
  if (text.size() == 6 && text[3] == ':') {
    std::string joined(text.substr(0, 3));
    joined += text.substr(4);
    return parse_offset(joined, seconds);
  }
  int hours = 0;
  int minutes = 0;
  if (text.size() != 5 || (text[0] != '+' && text[0] != '-') ||
      !parse_number(text.substr(1, 2), hours) || !parse_number(text.substr(3, 2), minutes) ||
      hours > 14 || minutes > 59) {
    return false;
  }
  seconds = (hours * 3600 + minutes * 60) * (text[0] == '-' ? -1 : 1);
  return seconds >= -14 * 3600 && seconds <= 14 * 3600;
}

// "2026-12-01T10:00:00Z" or with an offset "+01:00" / "+0100".
bool parse_start(std::string_view text, std::int64_t& utc) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || !parse_number(text.substr(0, 4), year) ||
      !parse_number(text.substr(5, 2), month) || !parse_number(text.substr(8, 2), day) ||
      !parse_number(text.substr(11, 2), hour) || !parse_number(text.substr(14, 2), minute) ||
      !parse_number(text.substr(17, 2), second) || hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  // Nanoseconds since 1970 in an int64 reach from 1677 to 2262.
  if (!date.ok() || year < 1700 || year > 2200) return false;
  int offset = 0;
  const std::string_view zone = text.substr(19);
  if (zone != "Z" && !parse_offset(zone, offset)) return false;
  const std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
  utc = days * 86400 + hour * 3600 + minute * 60 + second - offset;
  return true;
}

// Returns false (after a message) when the arguments are wrong; sets help for --help.
bool parse_options(int argc, char** argv, Options& options, bool& help) {
  for (int i = 1; i < argc; ++i) {
    std::string_view name = argv[i];
    std::string_view value;
    bool has_value = false;
    if (const std::size_t equals = name.find('='); equals != std::string_view::npos) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
      has_value = true;
    }
    if (name == "--help" || name == "-h") {
      help = true;
      return true;
    }
    if (!has_value) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "hitlog_gen: %s needs a value\n", argv[i]);
        return false;
      }
      value = argv[++i];
    }
    bool ok = true;
    if (name == "--lines") {
      ok = parse_number(value, options.lines);
    } else if (name == "--seed") {
      ok = parse_number(value, options.seed);
    } else if (name == "--format") {
      ok = value == "combined" || value == "common";
      options.combined = value == "combined";
    } else if (name == "--start") {
      ok = parse_start(value, options.start);
    } else if (name == "--rate") {
      ok = parse_number(value, options.rate) && options.rate >= 1e-3 && options.rate <= 1e8;
    } else if (name == "--tz") {
      ok = parse_offset(value, options.tz_offset);
    } else if (name == "--endpoints") {
      ok = parse_number(value, options.endpoints) && options.endpoints >= 1 &&
           options.endpoints <= 10'000'000;
    } else if (name == "--disorder") {
      ok = parse_fraction(value, options.disorder);
    } else if (name == "--max-skew") {
      ok = parse_number(value, options.max_skew) && options.max_skew >= 1;
    } else if (name == "--bad") {
      ok = parse_fraction(value, options.bad);
    } else if (name == "--crlf") {
      ok = parse_fraction(value, options.crlf);
    } else if (name == "--output" || name == "-o") {
      options.output = value;
      ok = !value.empty();
    } else {
      std::fprintf(stderr, "hitlog_gen: unknown option %.*s (see --help)\n",
                   static_cast<int>(name.size()), name.data());
      return false;
    }
    if (!ok) {
      std::fprintf(stderr, "hitlog_gen: bad value for %.*s: '%.*s' (see --help)\n",
                   static_cast<int>(name.size()), name.data(), static_cast<int>(value.size()),
                   value.data());
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  bool help = false;
  if (!parse_options(argc, argv, options, help)) return 2;
  if (help) {
    std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
    return 0;
  }
  std::FILE* file = stdout;
  if (!options.output.empty()) {
    file = std::fopen(options.output.c_str(), "wb");
    if (file == nullptr) {
      std::fprintf(stderr, "hitlog_gen: cannot write %s: %s\n", options.output.c_str(),
                   std::strerror(errno));
      return 1;
    }
  }
  Output output(file);
  Generator generator(options);
  const bool written = generator.run(output);
  const bool closed = file == stdout ? std::fflush(file) == 0 : std::fclose(file) == 0;
  if (!written || !closed) {
    std::fprintf(stderr, "hitlog_gen: write failed: %s\n", std::strerror(errno));
    return 1;
  }
  return 0;
}
