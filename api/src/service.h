// The API's request handling, independent of the HTTP library: a decoded request in, a
// response out. server.cpp does the sockets; this does routing, access, the ledger and the
// JSON. Thread-safe: Handle() is called from every worker thread at once.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "aidledger/api/server.h"
#include "aidledger/core/accounts.h"
#include "aidledger/core/ledger.h"
#include "aidledger/core/store.h"
#include "aidledger/core/view.h"
#include "metrics.h"
#include "routes.h"

namespace aidledger::api {

struct ApiRequest {
    std::string method;
    std::string target;                          // raw request target: path and query
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string remote;  // client address
    std::string request_id;
};

struct ApiResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    // Instead of `body`: bytes shared with the answer cache, sent without a copy.
    std::shared_ptr<const std::string> shared_body;
    std::vector<std::pair<std::string, std::string>> headers;
    // Filled in for the request log.
    std::string user;
    std::string route;  // the route's path template, or "-" when none matched
};

// The JSON error body {"error": {"code", "message", "field"}}, with the request id.
ApiResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                          std::string_view field, std::string_view request_id);

// One immutable state of the ledger, shared by the readers that use it.
struct Snapshot {
    std::uint64_t generation = 0;
    LedgerStore::Stats stats;
    LedgerView view;
    // Per kind, the metadata of each live record, in the order of view.All<T>() (by id).
    std::array<std::vector<VersionMeta>, kKindCount> metas;
    std::array<std::vector<std::string>, kKindCount> ids;
    // The earliest and latest event date of the live records (EventDateOf), if any has one.
    std::optional<DateInterval> events;

    // Rendered answers of figures, briefing and claims for this state, by route and query.
    mutable std::mutex cache_mutex;
    mutable std::map<std::string, std::shared_future<std::shared_ptr<const ApiResponse>>> cache;
};

class StaticSite;

class Service {
  public:
    Service(ServerOptions options, ServerEnvironment environment);
    ~Service();

    // Opens the writer and account stores and builds the first snapshot.
    [[nodiscard]] Result<void> Start();
    // Stops the thread that watches for other writers.
    void StopRefresher();

    ApiResponse Handle(const ApiRequest& request);

    Metrics& metrics() { return metrics_; }

  private:
    struct Call;  // one request being handled
    class StoreLease;

    ApiResponse Dispatch(Call& call);
    ApiResponse HandleRecords(Call& call);
    ApiResponse List(Call& call);
    ApiResponse Get(Call& call);
    ApiResponse History(Call& call);
    ApiResponse Write(Call& call);
    ApiResponse ImportTable(Call& call);
    ApiResponse ExportLedger(Call& call);
    ApiResponse FiguresLike(Call& call);
    ApiResponse Profile(Call& call);
    ApiResponse Procurement(Call& call);  // needs, recommendations
    ApiResponse Health(Call& call);
    // The ledger as it was at ledger time `at` (read from the store), or none when `at` is
    // absent: the caller then uses the current snapshot's view.
    Result<std::optional<LedgerView>> PastView(std::optional<LedgerTime> at);
    // The customs declaration store, opened on first use; customs_mutex_ must be held.
    Result<DeclarationStore*> CustomsStore();
    // The first and last day of bulk declarations, if any (best effort: none on error).
    std::optional<DateInterval> DeclarationSpan();
    ApiResponse Audit(Call& call);
    ApiResponse SignIn(Call& call);
    ApiResponse Me(Call& call);
    ApiResponse ListUsers(Call& call);
    ApiResponse AddUser(Call& call);
    ApiResponse DisableUser(Call& call);
    ApiResponse ListTokens(Call& call);
    ApiResponse CreateToken(Call& call);
    ApiResponse RevokeToken(Call& call);
    ApiResponse Customs(Call& call);  // customs_service.cpp answers; this locks and maps

    // The caller's principal from "Authorization: Bearer ..."; nullopt when anonymous. An
    // unusable token is an error (401), never anonymous.
    Result<std::optional<Principal>> Authenticate(const ApiRequest& request);

    // The current snapshot, rebuilt first when the ledger changed.
    Result<std::shared_ptr<const Snapshot>> Current();
    Result<std::shared_ptr<const Snapshot>> Build(std::uint64_t generation);
    void RefreshLoop();

    StoreLease Lease();
    void Audit(const Call& call, std::string action, std::string target, std::string outcome,
               std::string reason, std::string detail);
    // Failed sign-ins in the window: true when the user or address is over its limit.
    bool SignInLimited(const std::string& user, const std::string& address);
    void SignInFailed(const std::string& user, const std::string& address);

    ServerOptions options_;
    ServerEnvironment env_;
    std::shared_ptr<const StaticSite> site_;  // the dashboard's files (static_files.h)
    std::set<std::string, std::less<>> public_;
    Metrics metrics_;

    // Read stores, one per concurrent user.
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<LedgerStore>> pool_;

    // The writer: one store and ledger service, one write at a time.
    std::mutex writer_mutex_;
    std::unique_ptr<LedgerStore> writer_store_;
    std::unique_ptr<Ledger> ledger_;

    std::mutex accounts_mutex_;
    std::unique_ptr<AccountStore> accounts_;

    std::mutex customs_mutex_;  // one customs query at a time on one connection
    std::unique_ptr<DeclarationStore> customs_;

    std::atomic<std::uint64_t> generation_{1};
    std::mutex build_mutex_;  // one rebuild at a time
    std::mutex snapshot_mutex_;
    std::shared_ptr<const Snapshot> snapshot_;

    std::mutex refresh_mutex_;
    std::condition_variable refresh_cv_;
    bool stop_refresh_ = false;
    std::thread refresher_;

    std::counting_semaphore<64> hashing_;
    std::mutex signin_mutex_;
    std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> failed_by_user_;
    std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> failed_by_address_;
};

}  // namespace aidledger::api
