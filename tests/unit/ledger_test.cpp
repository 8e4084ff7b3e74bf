// The ledger service (core/ledger.h) over a store: validated batches are all-or-nothing,
// problems name the record and field, writes are versioned and authored, and any figure can
// be asked at a past ledger time (SPEC.md "Time": the ledger is versioned).
#include "aidledger/core/ledger.h"

#include <gtest/gtest.h>

#include "aidledger/core/figures.h"
#include "aidledger/storage/memory_store.h"

namespace aidledger {
namespace {

LedgerTime T(const char* s) { return *ParseLedgerTime(s, "t"); }

class LedgerTest : public ::testing::Test {
  protected:
    LedgerTest() : store_(MakeMemoryStore()), ledger_(*store_, ref_) {
        ref_.country_names = {{"CN", "China"}, {"IT", "Italy"}};
        ref_.currencies = {"USD"};
    }
    static Party Country(const char* id, const char* iso) {
        Party p;
        p.id = id;
        p.name = id;
        p.kind = PartyKind::kCountry;
        p.iso_code = iso;
        return p;
    }
    static TeamDeployment Team(const char* id, const char* host) {
        TeamDeployment t;
        t.id = id;
        t.provider = "cn";
        t.host = host;
        t.sent = *ParseInterval("2020-03-01", "x");
        return t;
    }
    static Mutation Create(Record r) {
        Mutation m;
        m.op = Mutation::Op::kCreate;
        m.kind = KindOf(r);
        m.id = IdOf(r);
        m.record = std::move(r);
        return m;
    }
    std::int64_t Teams(std::optional<LedgerTime> at = {}) {
        auto view = ledger_.View(at);
        EXPECT_TRUE(view.ok());
        return FindFigure(ComputeFigures(*view, FigureQuery{*ParseDate("2020-04-01", "x"), {}, {}}),
                          "teams.sent", {})
            .certain;
    }
    ReferenceData ref_;
    std::unique_ptr<LedgerStore> store_;
    Ledger ledger_;
};

TEST_F(LedgerTest, ABatchMayReferToRecordsCreatedInIt) {
    auto w = ledger_.Write(
        {Create(Team("t1", "it")), Create(Country("cn", "CN")), Create(Country("it", "IT"))},
        {"alice", "initial", T("2026-01-01T00:00:00Z")});
    ASSERT_TRUE(w.ok()) << w.error().field << ": " << w.error().message;
    EXPECT_EQ(w->size(), 3u);
    EXPECT_EQ(Teams(), 1);
}

TEST_F(LedgerTest, OneBadRecordRejectsTheWholeBatchNamingRecordAndField) {
    TeamDeployment bad = Team("t2", "atlantis");
    bad.size = -3;
    auto w = ledger_.Write({Create(Country("cn", "CN")), Create(Country("it", "IT")),
                            Create(Team("t1", "it")), Create(bad)},
                           {"alice", "initial", T("2026-01-01T00:00:00Z")});
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().code, ErrorCode::kInvalidArgument);
    std::vector<std::string> fields;
    for (const auto& p : w.error().problems) fields.push_back(p.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"team/t2: host", "team/t2: size"}));
    auto stats = store_->GetStats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->versions, 0);
}

TEST_F(LedgerTest, EveryWriteNeedsAReasonAndAnAuthor) {
    auto w = ledger_.Write({Create(Country("cn", "CN"))}, {"alice", "", T("2026-01-01T00:00:00Z")});
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().field, "reason");
}

TEST_F(LedgerTest, FiguresAtAPastLedgerTimeReproduceWhatTheLedgerSaidThen) {
    ASSERT_TRUE(ledger_
                    .Write({Create(Country("cn", "CN")), Create(Country("it", "IT")),
                            Create(Team("t1", "it")), Create(Team("t2", "it"))},
                           {"alice", "initial", T("2026-01-01T00:00:00Z")})
                    .ok());
    Mutation retire;
    retire.op = Mutation::Op::kRetire;
    retire.kind = Kind::kTeam;
    retire.id = "t2";
    ASSERT_TRUE(
        ledger_.Write({retire}, {"bob", "duplicate of t1", T("2026-02-01T00:00:00Z")}).ok());
    EXPECT_EQ(Teams(), 1);
    EXPECT_EQ(Teams(T("2026-01-15T00:00:00Z")), 2);
    EXPECT_EQ(Teams(T("2025-12-31T00:00:00Z")), 0);
    auto history = store_->History(Kind::kTeam, "t2");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[1].meta.author, "bob");
    EXPECT_EQ((*history)[1].meta.reason, "duplicate of t1");
    EXPECT_TRUE((*history)[1].meta.retired);
}

TEST_F(LedgerTest, ARetiredRecordCannotBeReferencedAnymore) {
    ASSERT_TRUE(ledger_
                    .Write({Create(Country("cn", "CN")), Create(Country("it", "IT"))},
                           {"alice", "initial", T("2026-01-01T00:00:00Z")})
                    .ok());
    Mutation retire{Mutation::Op::kRetire, Kind::kParty, "it", {}, {}};
    ASSERT_TRUE(ledger_.Write({retire}, {"alice", "wrong", T("2026-01-02T00:00:00Z")}).ok());
    auto w = ledger_.Write({Create(Team("t1", "it"))}, {"alice", "x", T("2026-01-03T00:00:00Z")});
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().field, "team/t1: host");
}

TEST_F(LedgerTest, UpsertPlanWritesOnlyWhatChanged) {
    std::vector<Record> records{Country("cn", "CN"), Country("it", "IT")};
    auto plan = ledger_.PlanUpserts(records);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->created, 2);
    ASSERT_TRUE(
        ledger_.Write(std::move(plan->mutations), {"a", "load", T("2026-01-01T00:00:00Z")}).ok());
    Party renamed = Country("it", "it");  // lower-case code normalises to the stored "IT"
    renamed.name = "Italia";
    auto again = ledger_.PlanUpserts({Country("cn", "cn"), renamed});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->created, 0);
    EXPECT_EQ(again->unchanged, 1);
    EXPECT_EQ(again->updated, 1);
    EXPECT_EQ(again->mutations.size(), 1u);
    EXPECT_EQ(again->mutations[0].expected_version, 1);
}

}  // namespace
}  // namespace aidledger

namespace aidledger {
namespace {

// Issue 14 item 2: quotes are checked when written, against the source's text in the ledger or
// in the same batch (every source holds its text: validation requires it).
class QuoteCheckTest : public ::testing::Test {
  protected:
    QuoteCheckTest() : store_(MakeMemoryStore()), ledger_(*store_, ref_) {
        ref_.country_names = {{"CN", "China"}, {"IT", "Italy"}};
        Party cn;
        cn.id = "cn";
        cn.name = "China";
        cn.kind = PartyKind::kCountry;
        cn.iso_code = "CN";
        Party it = cn;
        it.id = "it";
        it.name = "Italy";
        it.iso_code = "IT";
        EXPECT_TRUE(ledger_.Write({Make(cn), Make(it)}, Context()).ok());
    }
    static Mutation Make(Record r) {
        Mutation m;
        m.op = Mutation::Op::kCreate;
        m.kind = KindOf(r);
        m.id = IdOf(r);
        m.record = std::move(r);
        return m;
    }
    static WriteContext Context() {
        return {"alice", "quotes", *ParseLedgerTime("2026-01-01T00:00:00Z", "t")};
    }
    static Source Report(const char* id, const char* text) {
        Source s;
        s.id = id;
        s.outlet = "Xinhua";
        s.published = *ParseInterval("2020-03-21", "x");
        s.text = text;
        return s;
    }
    static TeamDeployment Quoting(const char* id, const char* source, const char* excerpt) {
        TeamDeployment t;
        t.id = id;
        t.provider = "cn";
        t.host = "it";
        t.sent = *ParseInterval("2020-03-01", "x");
        t.sources = {{source, excerpt}};
        return t;
    }
    std::int64_t Versions() { return store_->GetStats()->versions; }

    ReferenceData ref_;
    std::unique_ptr<LedgerStore> store_;
    Ledger ledger_;
};

TEST_F(QuoteCheckTest, AnInventedQuoteIsRefusedNamingTheCitation) {
    ASSERT_TRUE(
        ledger_.Write({Make(Report("s1", "Nine experts arrived in Rome on 12 March."))}, Context())
            .ok());
    std::int64_t before = Versions();
    auto w =
        ledger_.Write({Make(Quoting("t1", "s1", "China sent 99 teams to Ethiopia"))}, Context());
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(w.error().problems.size(), 1u);
    EXPECT_EQ(w.error().problems[0].field, "team/t1: sources[0].excerpt");
    EXPECT_EQ(Versions(), before);
    // Re-wrapped, in another case and with typographic quotes, the real words pass.
    EXPECT_TRUE(
        ledger_.Write({Make(Quoting("t1", "s1", "nine  experts\narrived in ROME"))}, Context())
            .ok());
}

TEST_F(QuoteCheckTest, ASourceInTheSameBatchIsQuotedFromTheBatch) {
    auto bad = ledger_.Write({Make(Report("s2", "A plane landed in Milan.")),
                              Make(Quoting("t2", "s2", "a plane landed in Rome"))},
                             Context());
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().problems.at(0).field, "team/t2: sources[0].excerpt");
    EXPECT_TRUE(ledger_
                    .Write({Make(Quoting("t2", "s2", "a plane landed in Milan")),
                            Make(Report("s2", "A plane landed in Milan."))},
                           Context())
                    .ok())
        << "a source later in the batch counts too";
}

}  // namespace
}  // namespace aidledger
