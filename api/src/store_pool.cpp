#include "store_pool.h"

#include <utility>

namespace aidledger::api {

StorePool::Lease::~Lease() {
    if (!store_) return;
    std::lock_guard lock(pool_->mutex_);
    pool_->idle_.push_back(std::move(store_));
}

Result<StorePool::Lease> StorePool::Take() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto store = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(store));
        }
    }
    auto store = open_();
    // Whatever stops a store from opening (a lock, a missing file, too many connections), the
    // client can only try again later: unavailable (503), the cause kept for the server log.
    if (!store) return Error::Unavailable("cannot open a read store: " + store.error().message);
    return Lease(*this, std::move(*store));
}

}  // namespace aidledger::api
