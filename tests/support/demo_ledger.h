// The demo dataset (data/demo/*.json, with the ISO country parties `init` creates) written into
// a store in one batch: what the unit tests of the demo's figures and briefings start from.
// Needs AIDLEDGER_DATA_DIR defined by the test target.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "aidledger/core/ledger.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/refdata.h"

namespace aidledger::testing {

// Writes the demo into `store`; the ids of the demo's own records go to `ids` when given.
inline ::testing::AssertionResult LoadDemo(
    LedgerStore& store, const ReferenceData& ref,
    std::vector<std::pair<Kind, std::string>>* ids = nullptr) {
    namespace fs = std::filesystem;
    Ledger ledger(store, ref);
    std::vector<Mutation> batch;
    for (auto& p : refdata::CountryParties(ref)) {
        batch.push_back({Mutation::Op::kCreate, Kind::kParty, p.id, Record(p), {}});
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(AIDLEDGER_DATA_DIR) / "demo")) {
        if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        auto records = json::ParseRecords(std::nullopt, text.str(), f.filename().string());
        if (!records.ok()) {
            return ::testing::AssertionFailure()
                   << records.error().field << ": " << records.error().message;
        }
        for (auto& r : *records) {
            if (ids != nullptr) ids->emplace_back(KindOf(r), IdOf(r));
            batch.push_back({Mutation::Op::kCreate, KindOf(r), IdOf(r), std::move(r), {}});
        }
    }
    auto w = ledger.Write(std::move(batch), {"test", "load demo", LedgerTime{}});
    if (!w.ok())
        return ::testing::AssertionFailure() << w.error().field << ": " << w.error().message;
    return ::testing::AssertionSuccess();
}

}  // namespace aidledger::testing
