// The API's request handling, independent of the HTTP library: a decoded request in, a
// response out. server.cpp does the sockets; Service routes each request to its handler
// (handlers.h, one file per route family) after checking its query parameters and its
// caller's access. Thread-safe: Handle() is called from every worker thread at once.
//
// The parts it is made of:
//   request.h       the request, the response, the call, parameter and body helpers
//   http_status.h   HTTP statuses and the mapping of core errors to them
//   store_pool.h    read stores, one per concurrent reader; failures are values (503)
//   snapshot.h      the immutable snapshot of the ledger and the loop that refreshes it
//   answer_cache.h  rendered figures/briefing/claims, single flight, bounded, by generation
//   access.h        authentication, authorization, sign-in limits, audit
//   context.h       the parts the handlers share
#pragma once

#include <memory>

#include "aidledger/api/server.h"
#include "context.h"
#include "metrics.h"
#include "request.h"
#include "routes.h"

namespace aidledger::api {

class StaticSite;

class Service {
  public:
    Service(ServerOptions options, ServerEnvironment environment);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Opens the writer and account stores and builds the first snapshot; the store's error
    // when one cannot be opened or read.
    [[nodiscard]] Result<void> Start();
    // Stops the thread that watches for other writers.
    void StopRefresher();

    ApiResponse Handle(const ApiRequest& request);

    Metrics& metrics() { return ctx_.metrics; }

  private:
    ApiResponse Dispatch(Call& call);

    ServiceContext ctx_;
    std::shared_ptr<const StaticSite> site_;  // the dashboard's files (static_files.h)
};

// The handler of an operation: the table Service dispatches by. Null for an operation that
// has none (routes_test.cpp checks that every route's has one).
Handler HandlerFor(Op op);

}  // namespace aidledger::api
