// The answer cache of the figures, briefing and claims routes (issue 10): concurrent identical
// requests compute once, the least recently used answer goes first when the cache is full,
// and an answer of an older generation of the ledger is never returned.
#include "answer_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace aidledger::api {
namespace {

AnswerCache::Answer Body(std::string text, HttpStatus status = HttpStatus::kOk) {
    auto r = std::make_shared<ApiResponse>();
    r->status = status;
    r->body = std::move(text);
    return r;
}

// Computes `text`, counting the calls.
struct Counter {
    std::atomic<int> calls{0};
    std::function<AnswerCache::Answer()> Of(const std::string& text) {
        return [this, text] {
            ++calls;
            return Body(text);
        };
    }
};

TEST(AnswerCache, ConcurrentIdenticalRequestsComputeOnce) {
    AnswerCache cache(8);
    constexpr int kThreads = 8;
    std::atomic<int> calls{0};
    std::atomic<bool> release{false};
    std::atomic<int> started{0};
    std::vector<AnswerCache::Answer> answers(kThreads);
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            ++started;
            answers[i] = cache.Get(1, "figures?as_of=2020-12-31", [&] {
                ++calls;
                // Hold the computation until every thread has asked, so that they overlap.
                while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                return Body("computed");
            });
        });
    }
    while (started.load() < kThreads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    release = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(calls.load(), 1);
    for (const auto& a : answers) {
        ASSERT_NE(a, nullptr);
        EXPECT_EQ(a.get(), answers[0].get()) << "every request shares the one answer";
    }
}

TEST(AnswerCache, KeepsAnAnswerAndSharesIt) {
    AnswerCache cache(8);
    Counter c;
    auto first = cache.Get(1, "a", c.Of("A"));
    auto second = cache.Get(1, "a", c.Of("A"));
    EXPECT_EQ(c.calls.load(), 1);
    EXPECT_EQ(first.get(), second.get());
    EXPECT_EQ(second->body, "A");
}

TEST(AnswerCache, EvictsTheLeastRecentlyUsedWhenFull) {
    AnswerCache cache(2);
    Counter c;
    (void)cache.Get(1, "a", c.Of("A"));
    (void)cache.Get(1, "b", c.Of("B"));
    (void)cache.Get(1, "a", c.Of("A"));  // a is now more recent than b
    (void)cache.Get(1, "c", c.Of("C"));  // full: b goes
    EXPECT_EQ(c.calls.load(), 3);
    EXPECT_EQ(cache.size(), 2U);
    (void)cache.Get(1, "a", c.Of("A"));
    (void)cache.Get(1, "c", c.Of("C"));
    EXPECT_EQ(c.calls.load(), 3) << "a and c are still kept";
    (void)cache.Get(1, "b", c.Of("B"));
    EXPECT_EQ(c.calls.load(), 4) << "b was evicted and is computed again";
    EXPECT_EQ(cache.size(), 2U);
}

TEST(AnswerCache, ANewGenerationInvalidatesEveryOlderAnswer) {
    AnswerCache cache(8);
    Counter c;
    auto old_a = cache.Get(1, "a", c.Of("A1"));
    (void)cache.Get(1, "b", c.Of("B1"));
    auto new_a = cache.Get(2, "a", c.Of("A2"));
    EXPECT_EQ(c.calls.load(), 3);
    EXPECT_EQ(new_a->body, "A2");
    EXPECT_EQ(cache.size(), 1U) << "the generation-1 answers are dropped";
    // A reader still on generation 1 gets a fresh answer that is not kept.
    auto late = cache.Get(1, "a", c.Of("A1 again"));
    EXPECT_EQ(late->body, "A1 again");
    EXPECT_EQ(cache.Get(2, "a", c.Of("x"))->body, "A2");
    EXPECT_EQ(c.calls.load(), 4);
}

TEST(AnswerCache, ASettledAnswerOutlivesEveryGeneration) {
    AnswerCache cache(8);
    Counter c;
    auto settled = cache.Get(AnswerCache::kSettled, "past", c.Of("P"));
    (void)cache.Get(1, "a", c.Of("A1"));
    (void)cache.Get(2, "a", c.Of("A2"));
    EXPECT_EQ(cache.Get(AnswerCache::kSettled, "past", c.Of("again"))->body, "P");
    EXPECT_EQ(c.calls.load(), 3);
    EXPECT_EQ(cache.size(), 2U) << "the settled answer and generation 2's";
    // It does not make generation-2 readers look old.
    EXPECT_EQ(cache.Get(2, "a", c.Of("x"))->body, "A2");
}

TEST(AnswerCache, ErrorsAndExceptionsAreNotKept) {
    AnswerCache cache(8);
    int calls = 0;
    auto failing = [&] {
        ++calls;
        return Body("busy", HttpStatus::kUnavailable);
    };
    EXPECT_EQ(cache.Get(1, "a", failing)->status, HttpStatus::kUnavailable);
    EXPECT_EQ(cache.Get(1, "a", failing)->status, HttpStatus::kUnavailable);
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(cache.size(), 0U);

    EXPECT_THROW(cache.Get(1, "b", []() -> AnswerCache::Answer { throw std::runtime_error("x"); }),
                 std::runtime_error);
    EXPECT_EQ(cache.size(), 0U);
    EXPECT_EQ(cache.Get(1, "b", [] { return Body("B"); })->body, "B");
}

}  // namespace
}  // namespace aidledger::api
