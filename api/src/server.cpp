#include "aidledger/api/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>
#include <cctype>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>

#include "log.h"
#include "routes.h"
#include "service.h"

namespace aidledger::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// The longest X-Request-Id taken from a client; a longer one is replaced by our own.
constexpr std::size_t kMaxRequestIdBytes = 64;
// The highest TCP port, and its digits.
constexpr int kMaxPort = 65535;
constexpr std::size_t kMaxPortDigits = 5;
// How often a shutdown checks whether every session has ended.
constexpr std::chrono::milliseconds kShutdownPoll{20};
// The buffer an unread request body is drained through.
constexpr std::size_t kDrainChunk = 16384;

// Headers on every answer, errors included. The API serves no HTML, so its policy allows
// nothing to load and nothing to frame it.
void SecurityHeaders(http::fields& res) {
    res.set(http::field::server, "aidledger");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Content-Security-Policy",
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "no-referrer");
    res.set(http::field::cache_control, "no-store");
}

bool SaneRequestId(std::string_view id) {
    if (id.empty() || id.size() > kMaxRequestIdBytes) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

Result<tcp::endpoint> ParseListen(const std::string& listen) {
    std::string host;
    std::string port;
    if (!listen.empty() && listen.front() == '[') {
        auto close = listen.find(']');
        if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
            return Error::Invalid("--listen", "expected HOST:PORT or [IPV6]:PORT");
        }
        host = listen.substr(1, close - 1);
        port = listen.substr(close + 2);
    } else {
        auto colon = listen.rfind(':');
        if (colon == std::string::npos) {
            return Error::Invalid("--listen", "expected HOST:PORT, e.g. 127.0.0.1:8080");
        }
        host = listen.substr(0, colon);
        port = listen.substr(colon + 1);
    }
    if (host == "localhost") host = "127.0.0.1";
    boost::system::error_code ec;
    auto address = net::ip::make_address(host, ec);
    if (ec) return Error::Invalid("--listen", "\"" + host + "\" is not an IP address");
    if (port.empty() || port.size() > kMaxPortDigits ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(port) > kMaxPort) {
        return Error::Invalid("--listen", "\"" + port + "\" is not a port number");
    }
    return tcp::endpoint(address, static_cast<std::uint16_t>(std::stoi(port)));
}

}  // namespace

// ---------------------------------------------------------------- the server's state

struct Server::Impl {
    Impl(ServerOptions o, ServerEnvironment e)
        : options(std::move(o)), service(options, std::move(e)) {}

    class Session;

    void Accept();
    void Shutdown();
    void WatchShutdown();
    std::string NextRequestId() {
        return id_prefix + "-" + std::to_string(request_counter.fetch_add(1) + 1);
    }

    ServerOptions options;
    Service service;
    net::io_context ioc;
    tcp::acceptor acceptor{ioc};
    net::signal_set signals{ioc, SIGINT, SIGTERM};
    net::steady_timer shutdown_timer{ioc};
    Clock::time_point shutdown_deadline{};
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> request_counter{0};
    std::string id_prefix;
    std::mutex sessions_mutex;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

// One connection: reads a request, answers it, and again while the client keeps it alive. All
// of a session's handlers run on its strand, so they never run at once.
class Server::Impl::Session : public std::enable_shared_from_this<Session> {
  public:
    Session(Impl& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
        boost::system::error_code ec;
        stream_.socket().set_option(tcp::no_delay(true), ec);
        auto endpoint = stream_.socket().remote_endpoint(ec);
        remote_ = ec ? "unknown" : endpoint.address().to_string();
    }

    ~Session() {
        std::lock_guard lock(server_.sessions_mutex);
        server_.sessions.erase(this);
    }

    void Start() {
        {
            std::lock_guard lock(server_.sessions_mutex);
            server_.sessions.emplace(this, weak_from_this());
        }
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
    }

    // Called on shutdown: an idle connection closes now, a busy one after its answer.
    void Shutdown() {
        net::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) self->Close();
        });
    }

  private:
    void ReadHeader() {
        if (server_.stopping) return Close();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
        parser_->body_limit(server_.options.max_body_bytes);
        // A keep-alive connection may wait longer for its next request than a request may take
        // to arrive; neither holds a thread while it waits.
        stream_.expires_after(requests_ == 0 ? server_.options.read_timeout
                                             : server_.options.idle_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
    }

    void OnHeader(beast::error_code ec, std::size_t) {
        if (ec) return OnReadError(ec);
        started_ = Clock::now();
        stream_.expires_after(server_.options.read_timeout);
        const auto& req = parser_->get();
        if (beast::iequals(req[http::field::expect], "100-continue")) {
            continue_.emplace(http::status::continue_, req.version());
            http::async_write(stream_, *continue_,
                              beast::bind_front_handler(&Session::OnContinue, shared_from_this()));
            return;
        }
        ReadBody();
    }

    void OnContinue(beast::error_code ec, std::size_t) {
        if (ec) return Close();
        ReadBody();
    }

    void ReadBody() {
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::OnRead, shared_from_this()));
    }

    void OnReadError(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
            ec == beast::error::timeout || ec == net::error::connection_reset ||
            ec == net::error::eof) {
            return Close();
        }
        if (started_ == Clock::time_point{}) started_ = Clock::now();
        std::string id = server_.NextRequestId();
        ApiResponse r;
        if (ec == http::error::body_limit) {
            r = ErrorResponse(HttpStatus::kPayloadTooLarge, "payload_too_large",
                              "the body is larger than " +
                                  std::to_string(server_.options.max_body_bytes) + " bytes",
                              "body", id);
        } else if (ec == http::error::header_limit) {
            r = ErrorResponse(HttpStatus::kHeaderFieldsTooLarge, "header_too_large",
                              "the request's headers are too large", "", id);
        } else {
            r = ErrorResponse(HttpStatus::kBadRequest, "bad_request", "malformed HTTP request", "",
                              id);
        }
        r.route = "-";
        // The rest of the request is unread, so the connection cannot carry another.
        Send(std::move(r), id, "-", "-", 11, false);
    }

    void OnRead(beast::error_code ec, std::size_t) {
        if (ec) return OnReadError(ec);
        ++requests_;
        auto req = parser_->release();
        ApiRequest request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        for (const auto& field : req) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            request.headers[name] = std::string(field.value());
        }
        request.body = std::move(req.body());
        request.remote = remote_;
        auto given = request.headers.find("x-request-id");
        request.request_id = given != request.headers.end() && SaneRequestId(given->second)
                                 ? given->second
                                 : server_.NextRequestId();
        busy_ = true;
        ApiResponse response = server_.service.Handle(request);
        Send(std::move(response), request.request_id, request.method, request.target, req.version(),
             req.keep_alive());
    }

    void Send(ApiResponse response, const std::string& request_id, const std::string& method,
              const std::string& target, unsigned version, bool keep_alive) {
        busy_ = true;
        res_ = {};
        res_.version(version);
        res_.result(static_cast<unsigned>(ToInt(response.status)));
        SecurityHeaders(res_.base());
        res_.set(http::field::content_type, response.content_type);
        res_.set("X-Request-Id", request_id);
        for (const auto& [name, value] : response.headers) res_.set(name, value);
        body_ = response.shared_body
                    ? std::move(response.shared_body)
                    : std::make_shared<const std::string>(std::move(response.body));
        res_.body() = http::span_body<const char>::value_type(body_->data(), body_->size());
        res_.keep_alive(keep_alive && !server_.stopping);
        res_.prepare_payload();
        if (method == "HEAD") {
            // The headers of the GET answer, with its length, and no body.
            auto length = res_.body().size();
            res_.body() = {};
            res_.content_length(length);
        }
        close_after_ = !res_.keep_alive();

        if (server_.options.log_requests) {
            auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - started_);
            std::string path = target.substr(0, target.find('?'));
            LogLine("info", {{"request_id", request_id},
                             {"remote", remote_},
                             {"method", method},
                             {"path", path},
                             {"route", response.route.empty() ? "-" : response.route},
                             {"status", ToInt(response.status)},
                             {"bytes", res_.body().size()},
                             {"duration_ms", std::round(elapsed.count() * 1000) / 1000},
                             {"user", response.user.empty() ? "-" : response.user}});
        }
        stream_.expires_after(server_.options.write_timeout);
        http::async_write(stream_, res_,
                          beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
    }

    void OnWrite(beast::error_code ec, std::size_t) {
        busy_ = false;
        started_ = {};
        body_.reset();
        if (ec) return Close();
        if (close_after_ || server_.stopping) return Linger();
        ReadHeader();
    }

    // Closing a socket with unread input makes the kernel send a reset, which can destroy the
    // answer before the client reads it (a 413 for a body still arriving). So the sending side
    // is shut first and what the client still sends is read and dropped, for a short while.
    void Linger() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return Close();
        stream_.expires_after(std::chrono::seconds(2));
        Drain();
    }

    void Drain() {
        stream_.async_read_some(net::buffer(drain_),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    self->drained_ += n;
                                    if (ec || self->drained_ > kMaxDrain) return self->Close();
                                    self->Drain();
                                });
    }

    void Close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.socket().close(ec);
    }

    Impl& server_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::optional<http::response<http::empty_body>> continue_;
    // The answer's bytes: owned here, or shared with the answer cache, until written.
    std::shared_ptr<const std::string> body_;
    http::response<http::span_body<const char>> res_;
    std::string remote_;
    Clock::time_point started_{};
    std::uint64_t requests_ = 0;
    bool busy_ = false;
    bool close_after_ = false;
    static constexpr std::size_t kMaxDrain = 8u << 20;
    std::array<char, kDrainChunk> drain_{};
    std::size_t drained_ = 0;
};

void Server::Impl::Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
            // Out of descriptors and the like: log, and keep accepting.
            LogLine("warn", {{"message", "accept failed: " + ec.message()}});
        } else {
            std::make_shared<Session>(*this, std::move(socket))->Start();
        }
        if (!stopping) Accept();
    });
}

void Server::Impl::Shutdown() {
    if (stopping.exchange(true)) return;
    LogLine("info", {{"message", "shutting down: finishing in-flight requests"}});
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    std::vector<std::shared_ptr<Session>> live;
    {
        std::lock_guard lock(sessions_mutex);
        for (auto& [ptr, weak] : sessions) {
            if (auto s = weak.lock()) live.push_back(std::move(s));
        }
    }
    for (auto& s : live) s->Shutdown();
    shutdown_deadline = Clock::now() + options.shutdown_grace;
    WatchShutdown();
}

// Polls until every session has ended (run() then returns by itself) or the grace period is
// over (then the io_context stops, abandoning what is left).
void Server::Impl::WatchShutdown() {
    shutdown_timer.expires_after(kShutdownPoll);
    shutdown_timer.async_wait([this](beast::error_code ec) {
        if (ec) return;
        bool empty;
        {
            std::lock_guard lock(sessions_mutex);
            empty = sessions.empty();
        }
        if (empty) return;
        if (Clock::now() >= shutdown_deadline) {
            LogLine("warn", {{"message", "shutdown grace period over; closing what is left"}});
            ioc.stop();
            return;
        }
        WatchShutdown();
    });
}

// ---------------------------------------------------------------- the public face

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Create(ServerOptions options,
                                               ServerEnvironment environment) {
    auto endpoint = ParseListen(options.listen);
    if (!endpoint) return endpoint.take_error();
    const auto& allowed = PublicResources();
    for (const auto& name : options.public_resources) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string choices;
            for (auto a : allowed) choices += (choices.empty() ? "" : ", ") + std::string(a);
            return Error::Invalid("--public",
                                  "unknown resource \"" + name + "\": expected " + choices);
        }
    }
    if (options.threads == 0) {
        options.threads = std::max(2u, std::thread::hardware_concurrency());
    }
    if (!environment.open_store || !environment.open_accounts || !environment.reference ||
        !environment.now) {
        return Error::Invalid("environment",
                              "the server needs stores, reference data and a "
                              "clock");
    }
    auto impl = std::make_unique<Impl>(std::move(options), std::move(environment));
    std::random_device random;
    char prefix[9];
    std::snprintf(prefix, sizeof prefix, "%08x", random());
    impl->id_prefix = prefix;
    if (auto started = impl->service.Start(); !started) return started.take_error();
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Result<std::uint16_t> Server::Listen() {
    auto endpoint = ParseListen(impl_->options.listen);
    if (!endpoint) return endpoint.take_error();
    auto& acceptor = impl_->acceptor;
    beast::error_code ec;
    acceptor.open(endpoint->protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(*endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        return Error::Unavailable("cannot listen on " + impl_->options.listen + ": " +
                                  ec.message());
    }
    return acceptor.local_endpoint().port();
}

Result<void> Server::Run() {
    Impl& impl = *impl_;
    if (!impl.acceptor.is_open()) return Error::Invalid("listen", "call Listen() first");
    impl.signals.async_wait([&impl](beast::error_code ec, int) {
        if (!ec) impl.Shutdown();
    });
    impl.Accept();
    std::vector<std::thread> workers;
    for (std::size_t i = 1; i < impl.options.threads; ++i) {
        workers.emplace_back([&impl] { impl.ioc.run(); });
    }
    impl.ioc.run();
    for (auto& t : workers) t.join();
    impl.service.StopRefresher();
    LogLine("info", {{"message", "stopped"}});
    return Ok{};
}

void Server::Stop() {
    net::post(impl_->ioc, [impl = impl_.get()] { impl->Shutdown(); });
}

}  // namespace aidledger::api
