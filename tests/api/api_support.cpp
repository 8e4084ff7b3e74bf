#include "api_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "../cli/cli_support.h"
#include "support/pg_scratch.h"

namespace aidledger::testing {

bool OnPostgres() {
    const char* backend = std::getenv("AIDLEDGER_TEST_BACKEND");
    return backend != nullptr && std::string_view(backend) == "postgres";
}

struct TestLedger::Scratch {
    PgScratch pg;
};

TestLedger::TestLedger(const std::filesystem::path& dir) {
    if (OnPostgres()) {
        scratch_ = std::make_unique<Scratch>();
        url_ = scratch_->pg.url();
    } else {
        url_ = (dir / "ledger.db").string();
    }
}

TestLedger::~TestLedger() = default;

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

ServerProcess::ServerProcess(std::filesystem::path db, std::vector<std::string> extra_args,
                             std::filesystem::path log)
    : db_(std::move(db)), extra_(std::move(extra_args)), log_(std::move(log)) {}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    if (stdout_fd_ >= 0) close(stdout_fd_);
}

bool ServerProcess::Start(std::string& error, std::chrono::seconds timeout) {
    std::vector<std::string> args = {AidledgerBinary(), "--db",     db_.string(),
                                     "serve",           "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra_.begin(), extra_.end());
    int out[2];
    if (pipe(out) != 0) {
        error = "pipe failed";
        return false;
    }
    pid_ = fork();
    if (pid_ < 0) {
        error = "fork failed";
        return false;
    }
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        int log = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (log >= 0) dup2(log, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    stdout_fd_ = out[0];
    std::string seen;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{stdout_fd_, POLLIN, 0};
        int ready = poll(&p, 1, 100);
        if (ready > 0) {
            char buf[512];
            ssize_t n = read(stdout_fd_, buf, sizeof buf);
            if (n <= 0) break;
            seen.append(buf, static_cast<std::size_t>(n));
            auto at = seen.find("serving http://127.0.0.1:");
            auto end = seen.find('/', at == std::string::npos ? 0 : at + 25);
            if (at != std::string::npos && end != std::string::npos) {
                port_ =
                    static_cast<std::uint16_t>(std::stoi(seen.substr(at + 25, end - (at + 25))));
                return true;
            }
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            error = "the server exited: " + seen + Log();
            return false;
        }
    }
    error = "the server printed no URL in time: " + seen + Log();
    return false;
}

int ServerProcess::Stop(std::chrono::seconds timeout) {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            return 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
}

std::string ServerProcess::Log() const { return ReadFileBytes(log_); }

nlohmann::json HttpResponse::Json() const {
    auto j = nlohmann::json::parse(body, nullptr, false);
    return j;
}

std::string HttpResponse::Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
    net::io_context ioc;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    std::uint16_t port = 0;

    bool Connect(std::string& error) {
        stream.emplace(ioc);
        beast::error_code ec;
        stream->expires_after(std::chrono::seconds(10));
        stream->socket().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
        if (ec) {
            error = "connect: " + ec.message();
            stream.reset();
            return false;
        }
        buffer.clear();
        return true;
    }
};

HttpClient::HttpClient(std::uint16_t port) : impl_(std::make_unique<Impl>()) { impl_->port = port; }
HttpClient::~HttpClient() = default;

bool HttpClient::Connected() const { return impl_->stream && impl_->stream->socket().is_open(); }

HttpResponse HttpClient::Send(const std::string& method, const std::string& target,
                              const std::string& body,
                              const std::map<std::string, std::string>& headers) {
    HttpResponse out;
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::string error;
        if (!impl_->stream && !impl_->Connect(error)) {
            out.body = error;
            continue;
        }
        http::request<http::string_body> req{http::string_to_verb(method), target, 11};
        req.set(http::field::host, "127.0.0.1");
        for (const auto& [k, v] : headers) req.set(k, v);
        req.body() = body;
        req.keep_alive(true);
        req.prepare_payload();
        beast::error_code ec;
        // Generous: the test asserts that answers come, not how fast.
        impl_->stream->expires_after(std::chrono::seconds(30));
        http::write(*impl_->stream, req, ec);
        http::response_parser<http::string_body> parser;
        parser.body_limit(64u << 20);
        // The answer to HEAD has the GET answer's Content-Length and no body.
        if (method == "HEAD") parser.skip(true);
        // A server that answers early (413) may reset while the body is still being written;
        // what it answered is read all the same.
        if (!ec || ec == net::error::broken_pipe || ec == net::error::connection_reset) {
            beast::error_code read_ec;
            http::read(*impl_->stream, impl_->buffer, parser, read_ec);
            ec = read_ec;
        }
        if (ec) {
            impl_->stream.reset();
            out.body = "request failed: " + ec.message();
            // A keep-alive connection the server closed meanwhile: try once on a new one.
            if (attempt == 0 && (ec == http::error::end_of_stream || ec == net::error::eof ||
                                 ec == net::error::connection_reset)) {
                continue;
            }
            return out;
        }
        auto res = parser.release();
        out.status = static_cast<int>(res.result_int());
        for (const auto& f : res) {
            std::string name(f.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            out.headers[name] = std::string(f.value());
        }
        out.body = res.body();
        if (!res.keep_alive()) impl_->stream.reset();
        return out;
    }
    return out;
}

}  // namespace aidledger::testing
