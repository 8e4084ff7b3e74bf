// Read stores of the ledger, one per concurrent user (core/store.h: a store is used by one
// thread at a time). A store is opened on demand and returned to the pool when its lease ends.
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "aidledger/core/result.h"
#include "aidledger/core/store.h"

namespace aidledger::api {

class StorePool {
  public:
    using Opener = std::function<Result<std::unique_ptr<LedgerStore>>()>;

    // `open` is called whenever no idle store is left; it must outlive the pool.
    explicit StorePool(Opener open) : open_(std::move(open)) {}
    StorePool(const StorePool&) = delete;
    StorePool& operator=(const StorePool&) = delete;

    // One store for the lease's lifetime; it goes back to the pool when the lease ends. The
    // lease must end before the pool does.
    class Lease {
      public:
        Lease(StorePool& pool, std::unique_ptr<LedgerStore> store)
            : pool_(&pool), store_(std::move(store)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        LedgerStore& operator*() { return *store_; }
        LedgerStore* operator->() { return store_.get(); }

      private:
        StorePool* pool_;
        std::unique_ptr<LedgerStore> store_;
    };

    // An idle store, or a newly opened one; kUnavailable (with the opener's message) when no
    // store can be opened.
    [[nodiscard]] Result<Lease> Take();

  private:
    Opener open_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<LedgerStore>> idle_;
};

}  // namespace aidledger::api
