// The spokesperson's briefing on the demo (issue 13): talking points, the best available
// published figure, what changed between briefings and why each verdict was given, at the
// dates of the seed reports (26 March, 1 April, 9 April, 10 April 2020), checked against what
// the seeds say.
#include <gtest/gtest.h>

#include <algorithm>

#include "../support/demo_ledger.h"
#include "aidledger/core/briefing.h"
#include "aidledger/core/ledger.h"
#include "aidledger/core/talking_points.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/refdata.h"
#include "aidledger/storage/memory_store.h"

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }

const ProviderScope kCentral{"CN", {PartyKind::kCentralGovernment}};
const ProviderScope kAllChinese{"CN", {}};

class BriefingDemoTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        auto ref = refdata::Load();
        ASSERT_TRUE(ref.ok()) << ref.error().message;
        demo_ref = new ReferenceData(std::move(*ref));
        demo_store = MakeMemoryStore().release();
        ASSERT_TRUE(testing::LoadDemo(*demo_store, *demo_ref));
        Ledger ledger(*demo_store, *demo_ref);
        auto view = ledger.View();
        ASSERT_TRUE(view.ok());
        demo_view = new LedgerView(std::move(*view));
        demo_facts = new FigureFacts(FactsOf(*demo_view));
    }
    static void TearDownTestSuite() {
        delete demo_facts;
        delete demo_view;
        delete demo_store;
        delete demo_ref;
    }

    static Briefing Build(const char* as_of, const ProviderScope& scope) {
        Briefing b = BuildBriefing(*demo_view, *demo_facts, FigureQuery{D(as_of), scope, {}});
        b.talking_points = BuildTalkingPoints(*demo_view, *demo_facts, b, *demo_ref);
        return b;
    }

    static const TalkingPoint* Topic(const Briefing& b, const std::string& topic) {
        for (const auto& p : b.talking_points) {
            if (p.topic == topic) return &p;
        }
        return nullptr;
    }

    static const ClaimCheck* Published(const Briefing& b, const std::string& metric) {
        for (const auto& c : b.published) {
            if (c.claim->metric == metric && c.claim->keys.empty()) return &c;
        }
        return nullptr;
    }

    static ReferenceData* demo_ref;
    static LedgerStore* demo_store;
    static LedgerView* demo_view;
    static FigureFacts* demo_facts;
};
ReferenceData* BriefingDemoTest::demo_ref = nullptr;
LedgerStore* BriefingDemoTest::demo_store = nullptr;
LedgerView* BriefingDemoTest::demo_view = nullptr;
FigureFacts* BriefingDemoTest::demo_facts = nullptr;

// seed-003 (26 March): "China has sent seven medical teams to five countries" (Iran, Iraq,
// Italy, Serbia, Cambodia).
TEST_F(BriefingDemoTest, TalkingPointOf26MarchStatesSevenTeamsToFiveCountries) {
    Briefing b = Build("2020-03-26", kCentral);
    const TalkingPoint* teams = Topic(b, "teams");
    ASSERT_NE(teams, nullptr);
    EXPECT_EQ(teams->text,
              "As of 26 March 2020, China's central government had sent 7 medical teams to 5 "
              "countries and regions.");
    EXPECT_EQ(teams->records.size(), 7U);
    EXPECT_NE(std::find(teams->sources.begin(), teams->sources.end(), "seed-003"),
              teams->sources.end());
    ASSERT_FALSE(teams->figures.empty());
    EXPECT_EQ(teams->figures.front().first, "teams.sent");
}

// Between the briefings of 26 March and 9 April the sending dates of six teams are only
// bounded: the sentence gives the range in the ledger's own words.
TEST_F(BriefingDemoTest, TalkingPointOf1AprilIsARange) {
    Briefing b = Build("2020-04-01", kCentral);
    const TalkingPoint* teams = Topic(b, "teams");
    ASSERT_NE(teams, nullptr);
    EXPECT_EQ(teams->text,
              "As of 1 April 2020, China's central government had sent between 7 and 12 medical "
              "teams to between 5 and 10 countries and regions.");
}

// seed-002 (10 April): "sent 13 medical teams to 11 countries".
TEST_F(BriefingDemoTest, TalkingPointOf10AprilMatchesTheOfficialLine) {
    Briefing b = Build("2020-04-10", kCentral);
    const TalkingPoint* teams = Topic(b, "teams");
    ASSERT_NE(teams, nullptr);
    EXPECT_EQ(teams->text,
              "As of 10 April 2020, China's central government had sent 13 medical teams to 11 "
              "countries and regions.");
}

// With every kind of Chinese provider the total is 14 (CCECC's team in Nigeria, seed-004):
// the sentence gives the breakdown so that nobody quotes 14 as the government's.
TEST_F(BriefingDemoTest, AllKindsGiveTheBreakdownByProviderKind) {
    Briefing b = Build("2020-04-10", kAllChinese);
    const TalkingPoint* teams = Topic(b, "teams");
    ASSERT_NE(teams, nullptr);
    EXPECT_EQ(teams->text,
              "As of 10 April 2020, China had sent 14 medical teams in all to 12 countries and "
              "regions: 13 teams by the central government, 1 team by enterprises.");
}

// Unknown is never zero: the expert exchange of seed-003 has no participant list.
TEST_F(BriefingDemoTest, UnknownParticipantsAreSaidUnknown) {
    Briefing b = Build("2020-04-10", kCentral);
    const TalkingPoint* exchanges = Topic(b, "exchanges");
    ASSERT_NE(exchanges, nullptr);
    EXPECT_NE(exchanges->text.find("an unknown number of countries"), std::string::npos)
        << exchanges->text;
    EXPECT_EQ(exchanges->text.find(" 0 "), std::string::npos) << exchanges->text;
}

// Money is in major units with its currency (seed-002: "$20 million to the WHO").
TEST_F(BriefingDemoTest, CashIsInMajorUnits) {
    Briefing b = Build("2020-04-10", kCentral);
    const TalkingPoint* cash = Topic(b, "cash");
    ASSERT_NE(cash, nullptr);
    EXPECT_NE(cash->text.find("USD 20,000,000.00 to World Health Organization"), std::string::npos)
        << cash->text;
}

// The best available figure: seed-002's 127 countries (10 April) beside the ledger's range,
// judged "ledger_incomplete" and said so in a talking point.
TEST_F(BriefingDemoTest, OfficialFiguresTheLedgerCannotBackAreTalkingPoints) {
    Briefing b = Build("2020-04-10", kCentral);
    const ClaimCheck* countries = Published(b, "supplies.recipients.countries");
    ASSERT_NE(countries, nullptr);
    EXPECT_EQ(*countries->claim->value, 127);
    EXPECT_EQ(countries->verdict, Verdict::kLedgerIncomplete);
    bool found = false;
    for (const auto& p : b.talking_points) {
        if (p.topic != "official") continue;
        if (p.text.find("at 127;") == std::string::npos) continue;
        found = true;
        EXPECT_EQ(
            p.text.rfind("On 10 April 2020, seed-002 put the countries and regions reached by "
                         "supplies at 127; the ledger itemises between ",
                         0),
            0U)
            << p.text;
        EXPECT_EQ(p.claims, std::vector<std::string>{countries->claim->id});
    }
    EXPECT_TRUE(found);
}

// On 9 April only the claims stated by then are available: the latest teams claim is seed-000's
// or seed-001's, never seed-002's of 10 April.
TEST_F(BriefingDemoTest, PublishedFiguresAreThoseStatedByTheAsOfDate) {
    Briefing b = Build("2020-04-09", kCentral);
    for (const auto& c : b.published) {
        EXPECT_LE(c.claim->stated_on, D("2020-04-09")) << c.claim->id;
        EXPECT_TRUE(c.claim->value.has_value()) << c.claim->id;
    }
    const ClaimCheck* teams = Published(b, "teams.sent");
    ASSERT_NE(teams, nullptr);
    EXPECT_EQ(teams->claim->stated_on, D("2020-04-09"));
}

// "Since the last briefing": from 1 April to 9 April the teams went from a range to 13, and
// the host countries from 5–10 to 11 (Kazakhstan among those added).
TEST_F(BriefingDemoTest, ChangesSince1April) {
    Briefing b = Build("2020-04-09", kCentral);
    CompareWithAsOf(b, *demo_view, *demo_facts, D("2020-04-01"));
    ASSERT_TRUE(b.baseline && b.baseline->as_of);
    const FigureChange* sent = nullptr;
    const FigureChange* kazakhstan = nullptr;
    for (const auto& c : b.changes) {
        if (c.metric == "teams.sent" && c.keys.empty()) sent = &c;
        if (c.metric == "teams.sent" &&
            c.keys == std::map<std::string, std::string>{{"host_country", "kz"}}) {
            kazakhstan = &c;
        }
    }
    ASSERT_NE(sent, nullptr);
    ASSERT_TRUE(sent->before && sent->after);
    EXPECT_EQ(sent->before->certain, 7);
    EXPECT_EQ(sent->before->possible, 12);
    EXPECT_EQ(sent->after->certain, 13);
    EXPECT_EQ(sent->added, (std::vector<RecordRef>{{Kind::kTeam, "team-kz-1"}}));
    ASSERT_NE(kazakhstan, nullptr);
    EXPECT_FALSE(kazakhstan->before.has_value());
    ASSERT_TRUE(kazakhstan->after.has_value());
    EXPECT_EQ(kazakhstan->after->certain, 1);
}

// From 26 March (seed-003: 7 teams to 5 countries) to 1 April the teams become a range: the
// five teams sent between 27 March and 9 April may have left by then; nothing is certain yet.
TEST_F(BriefingDemoTest, ChangesFrom26MarchTo1April) {
    Briefing b = Build("2020-04-01", kCentral);
    CompareWithAsOf(b, *demo_view, *demo_facts, D("2020-03-26"));
    const FigureChange* sent = nullptr;
    for (const auto& c : b.changes) {
        if (c.metric == "teams.sent" && c.keys.empty()) sent = &c;
    }
    ASSERT_NE(sent, nullptr);
    ASSERT_TRUE(sent->before && sent->after);
    EXPECT_EQ(sent->before->certain, 7);
    EXPECT_EQ(sent->before->possible, 7);
    EXPECT_EQ(sent->after->certain, 7);
    EXPECT_EQ(sent->after->possible, 12);
    EXPECT_EQ(sent->added.size(), 5U);
    EXPECT_TRUE(sent->removed.empty());
}

// From 9 to 10 April the central government's teams stay at 13 (seed-002 repeats the number).
TEST_F(BriefingDemoTest, TeamsDoNotChangeFrom9To10April) {
    Briefing b = Build("2020-04-10", kCentral);
    CompareWithAsOf(b, *demo_view, *demo_facts, D("2020-04-09"));
    for (const auto& c : b.changes) {
        EXPECT_FALSE(c.metric == "teams.sent" || c.metric == "teams.host_countries")
            << c.metric << " changed";
    }
}

// Nothing changes between two briefings on the same date.
TEST_F(BriefingDemoTest, NoChangesAgainstItself) {
    Briefing b = Build("2020-04-10", kCentral);
    EXPECT_TRUE(DiffFigures(b.figures, b.figures).empty());
}

// A claim's verdict says why: seed-000/001's "12 teams" of 9 April is judged against what
// surely happened by 8 April and what may have by 9 April.
TEST_F(BriefingDemoTest, VerdictsExplainTheirDates) {
    for (const auto& c : CheckClaims(*demo_view, *demo_facts, D("2020-04-09"))) {
        if (c.claim->metric != "teams.sent" || !c.claim->keys.empty() || !c.claim->value) continue;
        std::string why = ExplainVerdict(c, *demo_ref);
        EXPECT_EQ(why.rfind("Stated on 9 April, so judged against what surely happened by 8 April "
                            "and what may have happened by 9 April: ",
                            0),
                  0U)
            << why;
        EXPECT_NE(why.find("The claim's " + std::to_string(*c.claim->value)), std::string::npos)
            << why;
    }
}

// A wide ledger range makes a weak agreement, and the explanation says so: seed-002's
// USD 20 million to the WHO is judged against 0 to 20 million (the pledge's date is open).
TEST_F(BriefingDemoTest, WideRangesMakeWeakAgreements) {
    EXPECT_TRUE(WideRange(0, 20));
    EXPECT_TRUE(WideRange(7, 13));
    EXPECT_FALSE(WideRange(12, 13));
    EXPECT_FALSE(WideRange(13, 13));
    EXPECT_FALSE(WideRange(0, 0));
    bool found = false;
    for (const auto& c : CheckClaims(*demo_view, *demo_facts, D("2020-04-10"))) {
        if (c.claim->metric != "cash.total") continue;
        found = true;
        EXPECT_EQ(c.verdict, Verdict::kAgrees);
        EXPECT_TRUE(c.weak);
        std::string why = ExplainVerdict(c, *demo_ref);
        EXPECT_NE(why.find("USD 0.00 to USD 20,000,000.00"), std::string::npos) << why;
        EXPECT_NE(why.find("neither confirms nor rules out"), std::string::npos) << why;
    }
    EXPECT_TRUE(found);
}

TEST_F(BriefingDemoTest, ScopeInWords) {
    EXPECT_EQ(ProviderScopeText(*demo_view, kCentral), "China, central government");
    EXPECT_EQ(ProviderScopeText(*demo_view, kAllChinese), "China, every kind of provider");
    EXPECT_EQ(ProviderScopeText(*demo_view, ProviderScope{}), "every provider");
}

}  // namespace
}  // namespace aidledger
