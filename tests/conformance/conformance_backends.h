// The backends every conformance suite runs on: the ledger store suite
// (store_conformance_test.cpp), the declaration store suite
// (declaration_store_conformance_test.cpp) and the account store suite
// (account_store_conformance_test.cpp). A new backend is one more line in ConformanceBackends()
// and must pass every suite unchanged (docs/architecture.md, "Adding a backend").
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "aidledger/core/backend.h"
#include "aidledger/storage/backends.h"
#include "store_test_support.h"
#include "support/pg_scratch.h"

namespace aidledger::testing {

// A backend as OpenBackend names it. In `url`, "{file}" stands for a fresh temporary file path
// (removed after the test), and "{pg}" for a fresh schema on the tests' PostgreSQL cluster
// (support/pg_scratch.h; dropped after the test).
struct ConformanceBackend {
    std::string name;  // the test name's suffix
    std::string url;
};

inline std::vector<ConformanceBackend> ConformanceBackends() {
    return {
        {"Memory", "memory:"},
        {"SqliteInMemory", "sqlite::memory:"},
        {"SqliteFile", "sqlite:{file}"},
        {"Postgres", "{pg}"},
    };
}

// How gtest prints the parameter (in ctest's test names): the backend's name and URL.
inline void PrintTo(const ConformanceBackend& backend, std::ostream* out) {
    *out << backend.name << " (" << backend.url << ")";
}

inline std::string ConformanceBackendName(
    const ::testing::TestParamInfo<ConformanceBackend>& info) {
    return info.param.name;
}

// A new, empty backend for one test, created with `create` on; its temporary file, if any, is
// removed with it. Every Open* of one FreshBackend is the same ledger, except with SQLite's
// ":memory:", where each is a database of its own.
class FreshBackend {
  public:
    explicit FreshBackend(const ConformanceBackend& param) {
        std::string url = param.url;
        if (auto at = url.find("{file}"); at != std::string::npos) {
            file_.emplace();
            url.replace(at, 6, file_->str());
        }
        if (url == "{pg}") {
            pg_.emplace();
            url = pg_->url();
            if (url.empty()) return;  // the scratch said why
        }
        BackendOptions options;
        options.create = true;
        auto opened = OpenBackend(url, options);
        EXPECT_TRUE(opened.ok()) << param.name << ": " << opened.error().message;
        if (opened.ok()) backend_ = std::move(*opened);
    }

    // Null (with a test failure) when the backend could not be opened.
    const Backend* get() const { return backend_.get(); }
    const Backend& operator*() const { return *backend_; }
    const Backend* operator->() const { return backend_.get(); }

  private:
    std::optional<TempLedgerPath> file_;  // declared first: removed after the backend closes
    std::optional<PgScratch> pg_;         // dropped after the backend's connections close
    std::unique_ptr<Backend> backend_;
};

}  // namespace aidledger::testing
