// Rendered answers of the read routes that compute over the whole ledger (figures, briefing,
// claims), by key, for one generation of the ledger. Thread-safe.
//
// - Single flight: concurrent requests for the same key and generation compute once; the
//   others wait for that answer.
// - Bounded: at most `capacity` answers are kept; the least recently used goes first.
// - Tied to the ledger's generation (SnapshotKeeper): an answer of an older generation is
//   never returned for a newer one, and the first request of a newer generation drops every
//   older answer.
// - Settled answers (generation kSettled: computed at a past ledger time that no later write
//   can reach) belong to no generation: a newer generation does not drop them.
// - Only successes are kept: an answer whose status is not 200, or a computation that throws,
//   is handed to the requests already waiting for it and then forgotten.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "request.h"

namespace aidledger::api {

inline constexpr std::size_t kDefaultCachedAnswers = 256;

class AnswerCache {
  public:
    using Answer = std::shared_ptr<const ApiResponse>;
    // The generation of an answer no write can change.
    static constexpr std::uint64_t kSettled = UINT64_MAX;

    explicit AnswerCache(std::size_t capacity = kDefaultCachedAnswers)
        : capacity_(capacity == 0 ? 1 : capacity) {}
    AnswerCache(const AnswerCache&) = delete;
    AnswerCache& operator=(const AnswerCache&) = delete;

    // The answer of `key` at `generation`: the cached one, the one being computed by another
    // request, or compute()'s (called at most once per key and generation while the answer is
    // kept). An exception of compute() reaches every request waiting for it.
    Answer Get(std::uint64_t generation, const std::string& key,
               const std::function<Answer()>& compute);

    // The number of answers kept (computed or in flight).
    std::size_t size() const;

  private:
    struct Entry {
        std::uint64_t generation = 0;
        std::shared_future<Answer> answer;
        std::list<std::string>::iterator use;  // its place in uses_
        std::uint64_t serial = 0;              // tells a replaced entry from its successor
    };
    // Drops the entry of `key` if it is still the one numbered `serial`.
    void Forget(const std::string& key, std::uint64_t serial);

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry, std::less<>> entries_;
    std::list<std::string> uses_;  // keys, most recently used first
    std::uint64_t newest_ = 0;     // the newest generation asked for
    std::uint64_t serials_ = 0;
};

}  // namespace aidledger::api
