// What the route handlers share: the options and environment, and the parts of the server
// (read stores, snapshots, answer cache, access, the writer, the customs store). Service owns
// one ServiceContext; every handler receives it with the call.
#pragma once

#include <array>
#include <memory>
#include <mutex>

#include "access.h"
#include "aidledger/api/server.h"
#include "aidledger/core/customs.h"
#include "aidledger/core/ledger.h"
#include "aidledger/core/store.h"
#include "answer_cache.h"
#include "metrics.h"
#include "request.h"
#include "snapshot.h"
#include "store_pool.h"

namespace aidledger::api {

// The one writer: a store and its ledger service, one write at a time (hold `mutex`).
struct LedgerWriter {
    std::mutex mutex;
    std::unique_ptr<LedgerStore> store;
    std::unique_ptr<Ledger> ledger;
};

// The bulk declaration store of the customs routes, opened on first use; one query at a time
// on its one connection (hold `mutex`).
struct CustomsDesk {
    std::mutex mutex;
    std::unique_ptr<DeclarationStore> store;
    // What figures and briefings count of the store (LoadDeclaredExports), loaded on first
    // use and again when its last batch changes: [0] summed over exporter kinds, [1] by kind.
    std::array<std::shared_ptr<const DeclaredExports>, 2> declared;
};

struct ServiceContext {
    ServiceContext(ServerOptions server_options, ServerEnvironment environment)
        : options(std::move(server_options)),
          env(std::move(environment)),
          pool(env.open_store),
          snapshots(pool, options.refresh_interval),
          answers(options.max_cached_answers),
          access(options, env.now) {}
    ServiceContext(const ServiceContext&) = delete;
    ServiceContext& operator=(const ServiceContext&) = delete;

    const ServerOptions options;
    const ServerEnvironment env;
    Metrics metrics;
    StorePool pool;
    SnapshotKeeper snapshots;
    AnswerCache answers;
    AccessControl access;
    LedgerWriter writer;
    CustomsDesk customs;

    // Whether the caller is an editor bound to an organisation whose reads are limited to its
    // scope (ServerOptions::scoped_reads).
    bool ScopedEditor(const Call& call) const {
        return options.scoped_reads && call.principal && call.principal->org &&
               call.principal->role == Role::kEditor;
    }
};

// A route's handler: the answer to one admitted call.
using Handler = ApiResponse (*)(ServiceContext&, Call&);

}  // namespace aidledger::api
