// The demo dataset (data/demo/) loaded into an empty ledger must reproduce the seed briefings:
// issue 2 item 7 and SPEC.md "The demo dataset".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "../support/demo_ledger.h"
#include "aidledger/core/briefing.h"
#include "aidledger/core/integrity.h"
#include "aidledger/core/ledger.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/refdata.h"
#include "aidledger/storage/memory_store.h"

namespace aidledger {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Date D(const char* s) { return *ParseDate(s, "test"); }

const ProviderScope kCentral{"CN", {PartyKind::kCentralGovernment}};
const ProviderScope kAllChinese{"CN", {}};

class DemoTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        auto ref = refdata::Load();
        ASSERT_TRUE(ref.ok()) << ref.error().message;
        demo_ref = new ReferenceData(std::move(*ref));
        demo_store = MakeMemoryStore().release();
        ASSERT_TRUE(testing::LoadDemo(*demo_store, *demo_ref, &demo_ids));
        Ledger ledger(*demo_store, *demo_ref);
        auto view = ledger.View();
        ASSERT_TRUE(view.ok());
        demo_view = new LedgerView(std::move(*view));
    }
    static void TearDownTestSuite() {
        delete demo_view;
        delete demo_store;
        delete demo_ref;
    }
    static Figure Get(const char* metric, const char* as_of, const ProviderScope& scope,
                      const std::map<std::string, std::string>& keys = {},
                      std::optional<Period> period = {}) {
        return FindFigure(ComputeFigures(*demo_view, FigureQuery{D(as_of), scope, period}), metric,
                          keys);
    }
    static ClaimCheck Verdict(const std::string& id) {
        for (const auto& c : demo_view->All<Claim>()) {
            if (c.id == id) return CheckClaim(*demo_view, c);
        }
        ADD_FAILURE() << "no claim " << id;
        return {};
    }

    static ReferenceData* demo_ref;
    static LedgerStore* demo_store;
    static LedgerView* demo_view;
    static std::vector<std::pair<Kind, std::string>> demo_ids;
};
ReferenceData* DemoTest::demo_ref = nullptr;
LedgerStore* DemoTest::demo_store = nullptr;
LedgerView* DemoTest::demo_view = nullptr;
std::vector<std::pair<Kind, std::string>> DemoTest::demo_ids;

TEST_F(DemoTest, SevenTeamsToFiveCountriesAsOf26March) {
    Figure teams = Get("teams.sent", "2020-03-26", kCentral);
    Figure hosts = Get("teams.host_countries", "2020-03-26", kCentral);
    EXPECT_EQ(teams.certain, 7);
    EXPECT_EQ(hosts.certain, 5);
    std::set<std::string> host_ids;
    for (const auto& ref : teams.records) {
        for (const auto& t : demo_view->All<TeamDeployment>()) {
            if (t.id == ref.id) host_ids.insert(t.host);
        }
    }
    EXPECT_EQ(host_ids, (std::set<std::string>{"ir", "iq", "it", "rs", "kh"}));
    EXPECT_EQ(Get("teams.sent", "2020-03-26", kCentral, {{"host_country", "it"}}).certain, 3);
}

TEST_F(DemoTest, BetweenTheBriefingsTheFigureIsARange) {
    Figure teams = Get("teams.sent", "2020-04-01", kCentral);
    Figure hosts = Get("teams.host_countries", "2020-04-01", kCentral);
    EXPECT_EQ(teams.certain, 7);
    EXPECT_EQ(teams.possible, 12);
    EXPECT_EQ(hosts.certain, 5);
    EXPECT_EQ(hosts.possible, 10);
}

TEST_F(DemoTest, ThirteenTeamsToElevenCountriesAsOf9April) {
    Figure teams = Get("teams.sent", "2020-04-09", kCentral);
    Figure hosts = Get("teams.host_countries", "2020-04-09", kCentral);
    EXPECT_EQ(teams.certain, 13);
    EXPECT_EQ(teams.possible, 13);
    EXPECT_EQ(hosts.certain, 11);
    EXPECT_EQ(hosts.possible, 11);
}

TEST_F(DemoTest, AllChineseKindsAddTheCompanyTeamInNigeria) {
    EXPECT_EQ(Get("teams.sent", "2020-04-10", kAllChinese).certain, 14);
    EXPECT_EQ(Get("teams.host_countries", "2020-04-10", kAllChinese).certain, 12);
    EXPECT_EQ(Get("teams.sent", "2020-04-10", kAllChinese, {{"host_country", "ng"}}).certain, 1);
}

TEST_F(DemoTest, CustomsTotalsForMarchFirstToAprilFourth) {
    Period p{D("2020-03-01"), D("2020-04-04")};
    Figure masks = Get("exports.quantity", "2020-04-10", kAllChinese, {{"product", "masks"}}, p);
    EXPECT_EQ(masks.certain, 3'860'000'000);
    EXPECT_EQ(masks.basis, "published");
    Figure value = Get("exports.value", "2020-04-10", kAllChinese, {{"currency", "CNY"}}, p);
    EXPECT_EQ(value.certain, 1'020'000'000'000);  // RMB 10.2 billion in fen
    EXPECT_TRUE(value.exact());
}

TEST_F(DemoTest, VerdictsOfTheSeedClaims) {
    EXPECT_EQ(Verdict("c000-teams-12").verdict, Verdict::kAgrees);
    EXPECT_EQ(Verdict("c000-hosts-10").verdict, Verdict::kAgrees);
    EXPECT_EQ(Verdict("c002-teams-13").verdict, Verdict::kAgrees);
    EXPECT_EQ(Verdict("c002-hosts-11").verdict, Verdict::kAgrees);
    EXPECT_EQ(Verdict("c002-countries-127").verdict, Verdict::kLedgerIncomplete);
    EXPECT_EQ(Verdict("c002-cash-who").verdict, Verdict::kAgrees);
    EXPECT_EQ(Verdict("c002-exports-masks").verdict, Verdict::kAgrees);
    EXPECT_EQ(Verdict("c003-team-hosts-5").verdict, Verdict::kAgrees);
}

TEST_F(DemoTest, EveryFigureTheSeedsStateIsAClaim) {
    // Seed 002 and 003 figures, by metric and value.
    std::set<std::pair<std::string, std::int64_t>> expected = {
        {"supplies.recipients.all", 83},
        {"supplies.recipients.all", 80},
        {"exchanges.participants.all", 100},
        {"exchanges.events", 20},
        {"exchanges.participant_countries", 100},
        {"teams.sent", 3},
        {"teams.sent", 12},
        {"teams.host_countries", 10},
        {"supplies.recipients.countries", 127},
        {"supplies.recipients.organisations", 4},
        {"cash.total", 2'000'000'000},
        {"teams.sent", 13},
        {"teams.host_countries", 11},
        {"exchanges.events", 70},
        {"exchanges.participants.all", 150},
        {"supplies.recipients.all", 100},
        {"contracts.signed.countries", 58},
        {"contracts.signed.organisations", 4},
        {"contracts.in_talks.countries", 71},
        {"contracts.in_talks.organisations", 10},
        {"exports.value", 1'020'000'000'000},
        {"exports.quantity", 3'860'000'000},
        {"exports.quantity", 37'520'000},
        {"exports.quantity", 2'410'000},
        {"exports.quantity", 16'000},
        {"exports.quantity", 2'840'000},
        {"exports.quantity", 8'410'000},
    };
    for (const auto& c : demo_view->All<Claim>()) {
        if (c.value) expected.erase({c.metric, *c.value});
    }
    for (const auto& [metric, value] : expected) ADD_FAILURE() << metric << " = " << value;
}

TEST_F(DemoTest, StrippedNumbersOfThe11AprilReportAreUnknownClaims) {
    std::set<std::string> unknown_metrics;
    for (const auto& c : demo_view->All<Claim>()) {
        bool from_004 = !c.sources.empty() && c.sources.front().source == "seed-004";
        if (from_004 && !c.value) {
            unknown_metrics.insert(c.metric);
            EXPECT_EQ(CheckClaim(*demo_view, c).verdict, Verdict::kUnknown) << c.id;
        }
    }
    for (const char* m :
         {"supplies.recipients.countries", "teams.sent", "teams.host_countries", "exchanges.events",
          "exchanges.participants.all", "supplies.recipients.all", "teams.members",
          "contracts.signed.countries", "exports.value"}) {
        EXPECT_TRUE(unknown_metrics.contains(m)) << m;
    }
    // The Kazakhstan team's size and planned days were stripped: unknown, not zero.
    for (const auto& t : demo_view->All<TeamDeployment>()) {
        if (t.id == "team-kz-1") {
            EXPECT_FALSE(t.size.has_value());
            EXPECT_FALSE(t.planned_days.has_value());
        }
    }
}

TEST_F(DemoTest, EveryRecordCitesASeedWithAQuoteFoundInIt) {
    for (const auto& [kind, id] : demo_ids) {
        if (kind == Kind::kSource) continue;
        const auto* citations = demo_view->CitationsOf(RecordRef{kind, id});
        ASSERT_NE(citations, nullptr) << id;
        EXPECT_FALSE(citations->empty()) << EnumName(kind) << "/" << id << " cites nothing";
        for (const auto& c : *citations) {
            EXPECT_EQ(c.source.rfind("seed-", 0), 0U) << id << " cites " << c.source;
        }
    }
    EXPECT_EQ(CheckLedgerIntegrity(*demo_view), std::vector<std::string>{});
}

TEST_F(DemoTest, SourcesHoldTheSeedTextsVerbatim) {
    fs::path seeds = fs::path(AIDLEDGER_SOURCE_DIR) / ".." / "shared" / "seeds";
    if (!fs::is_directory(seeds)) GTEST_SKIP() << "no ../shared/seeds beside this checkout";
    int checked = 0;
    for (const auto& s : demo_view->All<Source>()) {
        ASSERT_TRUE(s.file.has_value()) << s.id;
        EXPECT_EQ(s.text, ReadFile(seeds / *s.file)) << s.id;
        ++checked;
    }
    EXPECT_EQ(checked, 5);
}

TEST_F(DemoTest, ABriefingListsRecordsSourcesAndTheClaimsOfThatDay) {
    Briefing b = BuildBriefing(*demo_view, FigureQuery{D("2020-04-10"), kAllChinese, {}});
    EXPECT_EQ(b.export_period, (Period{D("2020-03-01"), D("2020-04-04")}));
    EXPECT_FALSE(b.claims.empty());
    for (const auto& c : b.claims) EXPECT_EQ(c.claim->stated_on, D("2020-04-10"));
    for (const char* s : {"seed-000", "seed-002", "seed-003", "seed-004"}) {
        EXPECT_NE(std::find(b.sources.begin(), b.sources.end(), s), b.sources.end()) << s;
    }
}

}  // namespace
}  // namespace aidledger
