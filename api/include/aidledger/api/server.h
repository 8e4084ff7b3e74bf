// `aidledger serve`: the HTTP JSON API under /api/v1 (docs/api.md).
//
// The server owns no concrete store: the program's main hands it factories, so that only the
// program names a backend. Each factory is called from the server's threads, several times
// (one store per thread, as core/store.h asks); every store it returns must see the same
// ledger.
//
// Threads: an Asio io_context run by `threads` workers; each connection is served
// asynchronously on its own strand, so idle keep-alive connections cost no thread. Reads answer
// from an in-memory LedgerView rebuilt only when the ledger changed (by this server's writes,
// or by another process, noticed within `refresh_interval`). Writes go through Ledger::Write
// under one writer mutex.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "aidledger/core/accounts.h"
#include "aidledger/core/customs.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"

namespace aidledger::api {

struct ServerOptions {
    std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free port
    std::size_t threads = 0;                // 0: hardware_concurrency, at least 2
    std::size_t max_header_bytes = std::size_t{16} * 1024;
    std::size_t max_body_bytes = std::size_t{1024} * 1024;
    std::chrono::milliseconds read_timeout{30'000};     // to receive one whole request
    std::chrono::milliseconds write_timeout{30'000};    // to send one whole response
    std::chrono::milliseconds idle_timeout{75'000};     // a keep-alive connection with no request
    std::chrono::milliseconds shutdown_grace{10'000};   // in-flight requests after SIGTERM
    std::chrono::milliseconds refresh_interval{1'000};  // how often other writers are looked for
    // Resources anonymous clients may read (routes.h PublicResources()).
    std::vector<std::string> public_resources = {"figures", "briefing", "claims", "health"};
    // Organisation-bound editors also read only records in their scope (core/accounts.h):
    // the issue's test "an editor of another organisation cannot reach records outside its
    // scope through any list, get, export or history route". `serve --unscoped-reads` turns
    // it off, so such an editor reads what a viewer reads.
    bool scoped_reads = true;
    std::size_t default_page = 50;
    std::size_t max_page = 500;
    std::size_t max_concurrent_password_hashes = 2;
    // Rendered figures, briefing and claims answers kept for the current ledger state; the
    // least recently used goes first.
    std::size_t max_cached_answers = 256;
    std::chrono::minutes signin_window{15};
    int max_failed_signins_per_user = 5;
    int max_failed_signins_per_address = 20;
    std::chrono::hours signin_token_lifetime{12};
    bool log_requests = true;  // one JSON line per request on stderr
    // The built dashboard (web/dist), served at every path outside /api (static_files.h). Empty:
    // no dashboard; those paths answer 404 with a note on how to build it. A folder that does
    // not exist or has no index.html makes Create fail (field "--web-root").
    std::string web_root;
};

struct ServerEnvironment {
    std::function<Result<std::unique_ptr<LedgerStore>>()> open_store;
    std::function<Result<std::unique_ptr<AccountStore>>()> open_accounts;
    // The bulk declaration store of the customs routes (none: those routes answer 503).
    std::function<Result<std::unique_ptr<DeclarationStore>>()> open_declarations;
    const ReferenceData* reference = nullptr;
    std::function<LedgerTime()> now;
};

// Validates the options (listen address, public resources) and opens the stores: errors are
// kInvalidArgument naming the option, or the store's own.
class Server {
  public:
    [[nodiscard]] static Result<std::unique_ptr<Server>> Create(ServerOptions options,
                                                                ServerEnvironment environment);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the listening socket; returns the bound port. kUnavailable when the address is
    // taken or cannot be bound.
    [[nodiscard]] Result<std::uint16_t> Listen();

    // Serves until SIGTERM or SIGINT (or Stop()): then stops accepting, closes idle
    // connections, lets in-flight requests finish (up to shutdown_grace), and returns.
    [[nodiscard]] Result<void> Run();

    // Asks Run() to shut down as a signal would; safe from any thread.
    void Stop();

  private:
    struct Impl;
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3.1 document of the API as JSON text, built from the route table (the same text
// every call; `aidledger serve --print-openapi` prints it).
const std::string& OpenApiDocument();

}  // namespace aidledger::api
