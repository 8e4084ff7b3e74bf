// Helpers of the API tests: an `aidledger serve` child process on a free loopback port, and a
// small keep-alive HTTP client. Every wait is bounded in time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace aidledger::testing {

// The ledger an API test serves, on the backend the run is for: a SQLite file `ledger.db` in
// `dir` by default; a fresh schema on the throwaway PostgreSQL cluster when
// AIDLEDGER_TEST_BACKEND=postgres (ctest runs every API test both ways: api.* and api.pg.*).
// `url()` is what --db takes. The schema is dropped when the TestLedger goes.
class TestLedger {
  public:
    explicit TestLedger(const std::filesystem::path& dir);
    ~TestLedger();
    TestLedger(const TestLedger&) = delete;
    TestLedger& operator=(const TestLedger&) = delete;
    const std::string& url() const { return url_; }

  private:
    struct Scratch;
    std::unique_ptr<Scratch> scratch_;
    std::string url_;
};

// Whether this run is on PostgreSQL (AIDLEDGER_TEST_BACKEND=postgres).
bool OnPostgres();

// `aidledger --db DB serve --listen 127.0.0.1:0 EXTRA...`, started by Start(), which returns
// once the server has printed its URL (the port is parsed from it). Stop() sends SIGTERM and
// waits for the exit; the destructor kills a server still running.
class ServerProcess {
  public:
    ServerProcess(std::filesystem::path db, std::vector<std::string> extra_args,
                  std::filesystem::path log);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // False (with the reason in `error`) when the server did not start within the timeout.
    bool Start(std::string& error, std::chrono::seconds timeout = std::chrono::seconds(60));
    // The exit status after SIGTERM, or -1 when it did not exit within the timeout (it is then
    // killed).
    int Stop(std::chrono::seconds timeout = std::chrono::seconds(20));

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string Log() const;

  private:
    std::filesystem::path db_;
    std::vector<std::string> extra_;
    std::filesystem::path log_;
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::uint16_t port_ = 0;
};

struct HttpResponse {
    int status = 0;                              // 0: no answer (the error is in body)
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    nlohmann::json Json() const;
    std::string Header(const std::string& name) const;
};

// One keep-alive connection to 127.0.0.1:port, reopened when the server closed it.
class HttpClient {
  public:
    explicit HttpClient(std::uint16_t port);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResponse Send(const std::string& method, const std::string& target,
                      const std::string& body = "",
                      const std::map<std::string, std::string>& headers = {});
    // Whether the connection is open (for the idle-connection test).
    bool Connected() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace aidledger::testing
