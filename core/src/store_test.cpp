// The restore rule of core/store.h (ImportHistory, CheckRestorableHistory): a restored history
// must be one Apply could have written. Every store runs this one function before writing, so
// the conformance suite (tests/conformance) checks the stores' use of it and this file checks
// the rule itself, case by case, with the field and message each refusal names.
#include "aidledger/core/store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace aidledger {
namespace {

using namespace std::chrono_literals;

LedgerTime At(int seconds) {
    return LedgerTime{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}} +
           std::chrono::seconds(seconds);
}

Party MakeParty(std::string id) {
    Party p;
    p.id = std::move(id);
    p.name = p.id;
    p.kind = PartyKind::kCountry;
    return p;
}

StoredRecord Version(std::string id, std::int64_t version, std::int64_t seq, int seconds,
                     bool retired = false) {
    StoredRecord v{MakeParty(id), VersionMeta{}};
    v.meta.kind = Kind::kParty;
    v.meta.id = std::move(id);
    v.meta.version = version;
    v.meta.seq = seq;
    v.meta.recorded_at = At(seconds);
    v.meta.retired = retired;
    return v;
}

// rs 1, it 1, rs 2, rs 3 (retired): what a store writes for create, create, update, retire.
std::vector<StoredRecord> AHistory() {
    return {Version("rs", 1, 1, 10), Version("it", 1, 2, 10), Version("rs", 2, 3, 20),
            Version("rs", 3, 4, 30, true)};
}

void ExpectRefused(const std::vector<StoredRecord>& history, const std::string& field,
                   const std::string& message) {
    auto checked = CheckRestorableHistory(history);
    ASSERT_FALSE(checked.ok()) << "accepted; expected " << field << ": " << message;
    EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(checked.error().field, field);
    EXPECT_EQ(checked.error().message, message);
}

TEST(RestoreRule, AHistoryApplyCouldHaveWrittenIsRestorable) {
    EXPECT_TRUE(CheckRestorableHistory(AHistory()).ok());
}

TEST(RestoreRule, TheEmptyHistoryIsRestorable) { EXPECT_TRUE(CheckRestorableHistory({}).ok()); }

TEST(RestoreRule, SeqMayHaveGapsAndTimesMayRepeat) {
    // A bundle of a ledger keeps its seq numbers; the store renumbers them 1..N.
    std::vector<StoredRecord> history{Version("rs", 1, 5, 10), Version("it", 1, 9, 10)};
    EXPECT_TRUE(CheckRestorableHistory(history).ok());
}

TEST(RestoreRule, AnEmptyIdIsRefusedByPosition) {
    auto history = AHistory();
    history[1].meta.id.clear();
    ExpectRefused(history, "versions[1]", "has an empty id");
}

TEST(RestoreRule, ABodyOfAnotherRecordIsRefused) {
    auto history = AHistory();
    history[1].record = MakeParty("fr");
    ExpectRefused(history, "party/it version 1", "holds the body of another record");
    history = AHistory();
    history[0].record = CatalogueItem{};
    std::get<CatalogueItem>(history[0].record).id = "rs";
    ExpectRefused(history, "party/rs version 1", "holds the body of another record");
}

TEST(RestoreRule, SeqMustIncrease) {
    auto history = AHistory();
    history[2].meta.seq = 2;
    ExpectRefused(history, "party/rs version 2", "is out of seq order");
}

TEST(RestoreRule, RecordedAtMustNotGoBackwards) {
    auto history = AHistory();
    history[2].meta.recorded_at = At(5);
    ExpectRefused(history, "party/rs version 2", "was recorded before the version preceding it");
}

TEST(RestoreRule, VersionsOfARecordCountOneTwoThree) {
    auto history = AHistory();
    history[2].meta.version = 3;
    ExpectRefused(history, "party/rs version 3", "where version 2 was expected");
    history = AHistory();
    history[0].meta.version = 0;
    ExpectRefused(history, "party/rs version 0", "where version 1 was expected");
}

TEST(RestoreRule, NothingFollowsARetirement) {
    auto history = AHistory();
    history.push_back(Version("rs", 4, 5, 40));
    ExpectRefused(history, "party/rs version 4", "follows the record's retirement");
}

TEST(RestoreRule, TheSameIdOfAnotherKindIsAnotherRecord) {
    auto history = AHistory();
    StoredRecord item{CatalogueItem{}, VersionMeta{}};
    std::get<CatalogueItem>(item.record).id = "rs";
    item.meta.kind = Kind::kItem;
    item.meta.id = "rs";
    item.meta.version = 1;
    item.meta.seq = 5;
    item.meta.recorded_at = At(40);
    history.push_back(item);
    EXPECT_TRUE(CheckRestorableHistory(history).ok());
}

}  // namespace
}  // namespace aidledger
