// Records, times, mutations and temporary ledger files shared by the storage tests.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <utility>

#include "aidledger/core/records.h"
#include "aidledger/core/store.h"
#include "aidledger/core/time.h"

namespace aidledger::testing {

inline Party MakeParty(std::string id, std::string name = "Republic of Serbia") {
    Party party;
    party.id = std::move(id);
    party.name = std::move(name);
    party.kind = PartyKind::kCountry;
    party.iso_code = "RS";
    return party;
}

inline CatalogueItem MakeItem(std::string id, std::string name = "surgical masks") {
    CatalogueItem item;
    item.id = std::move(id);
    item.name = std::move(name);
    item.hs_code = "6307.90";
    item.unit = "piece";
    return item;
}

inline Source MakeSource(std::string id) {
    using namespace std::chrono;
    Source source;
    source.id = std::move(id);
    source.outlet = "Xinhua";
    source.published = DateInterval::Exact(year{2020} / March / day{21});
    source.text = "The first batch of aid arrived in Belgrade.";
    return source;
}

// Ledger time `seconds` after 2026-01-01T00:00:00Z.
inline LedgerTime At(std::int64_t seconds) {
    using namespace std::chrono;
    return LedgerTime(sys_days(year{2026} / January / day{1})) + seconds * 1s;
}

inline WriteContext Context(LedgerTime now, std::string author = "tester",
                            std::string reason = "conformance test") {
    return WriteContext{std::move(author), std::move(reason), now};
}

inline Mutation Create(Record record) {
    Mutation m;
    m.op = Mutation::Op::kCreate;
    m.kind = KindOf(record);
    m.id = IdOf(record);
    m.record = std::move(record);
    return m;
}

inline Mutation Update(Record record, std::optional<std::int64_t> expected_version = {}) {
    Mutation m;
    m.op = Mutation::Op::kUpdate;
    m.kind = KindOf(record);
    m.id = IdOf(record);
    m.record = std::move(record);
    m.expected_version = expected_version;
    return m;
}

inline Mutation Retire(Kind kind, std::string id,
                       std::optional<std::int64_t> expected_version = {}) {
    Mutation m;
    m.op = Mutation::Op::kRetire;
    m.kind = kind;
    m.id = std::move(id);
    m.expected_version = expected_version;
    return m;
}

// A path in the temporary folder, removed (with SQLite's -wal and -shm files) on destruction.
class TempLedgerPath {
  public:
    TempLedgerPath() {
        std::random_device random;
        path_ = (std::filesystem::temp_directory_path() /
                 ("aidledger-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()) +
                  ".db"))
                    .string();
    }
    ~TempLedgerPath() {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::filesystem::remove(path_ + suffix, ignored);
        }
    }
    TempLedgerPath(const TempLedgerPath&) = delete;
    TempLedgerPath& operator=(const TempLedgerPath&) = delete;

    const std::string& str() const { return path_; }

  private:
    std::string path_;
};

}  // namespace aidledger::testing
