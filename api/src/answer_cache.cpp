#include "answer_cache.h"

#include <exception>
#include <utility>

namespace aidledger::api {

AnswerCache::Answer AnswerCache::Get(std::uint64_t generation, const std::string& key,
                                     const std::function<Answer()>& compute) {
    std::promise<Answer> promise;
    std::shared_future<Answer> future;
    std::uint64_t serial = 0;  // non-zero: this request computes the kept answer
    {
        std::unique_lock lock(mutex_);
        if (generation != kSettled && generation < newest_) {
            // A reader still on an older snapshot: its answer is computed but not kept, so that
            // it does not displace the current generation's.
            lock.unlock();
            return compute();
        }
        if (generation != kSettled && generation > newest_) {
            // The ledger changed: no reader of the current snapshot asks for an older answer.
            newest_ = generation;
            std::erase_if(entries_, [&](const auto& e) {
                if (e.second.generation >= generation) return false;
                uses_.erase(e.second.use);
                return true;
            });
        }
        auto it = entries_.find(key);
        if (it != entries_.end()) {
            uses_.splice(uses_.begin(), uses_, it->second.use);
            future = it->second.answer;
        } else {
            while (entries_.size() >= capacity_ && !uses_.empty()) {
                entries_.erase(uses_.back());
                uses_.pop_back();
            }
            future = promise.get_future().share();
            uses_.push_front(key);
            serial = ++serials_;
            entries_.emplace(key, Entry{generation, future, uses_.begin(), serial});
        }
    }
    if (serial != 0) {
        try {
            Answer answer = compute();
            promise.set_value(answer);
            if (!answer || answer->status != HttpStatus::kOk) Forget(key, serial);
        } catch (...) {
            promise.set_exception(std::current_exception());
            Forget(key, serial);
            throw;
        }
    }
    return future.get();
}

void AnswerCache::Forget(const std::string& key, std::uint64_t serial) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.serial != serial) return;
    uses_.erase(it->second.use);
    entries_.erase(it);
}

std::size_t AnswerCache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace aidledger::api
