// docs/reading.md: the reader's rules, one at a time, on small texts.
#include "aidledger/io/read.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "aidledger/io/json_codec.h"
#include "aidledger/io/refdata.h"
#include "dates.h"
#include "text.h"

namespace aidledger::read {
namespace {

using std::chrono::April;
using std::chrono::March;
using std::chrono::year;

Date D(int y, std::chrono::month m, unsigned d) { return Date{year{y}, m, std::chrono::day{d}}; }

class ReadTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto r = refdata::Load();
        ASSERT_TRUE(r.ok()) << r.error().message;
        ref_ = std::move(*r);
    }
    Reading Read(std::string_view text, std::optional<DateInterval> published = std::nullopt) {
        ReadOptions o;
        o.name = "report.txt";
        o.published = published;
        auto r = ReadReport(text, o, ref_);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? std::move(*r) : Reading{};
    }
    // The one draft of a one-figure text.
    Claim One(std::string_view text) {
        Reading r = Read(text, DateInterval::Exact(D(2020, April, 10)));
        EXPECT_EQ(r.claims.size(), 1U) << text;
        return r.claims.empty() ? Claim{} : r.claims.front().claim;
    }
    // The draft records of a text read on 10 April 2020, as "label kind provider -> recipient".
    std::vector<std::string> Drafts(std::string_view text,
                                    std::optional<std::vector<PartyName>> parties = std::nullopt) {
        ReadOptions o;
        o.name = "report.txt";
        o.published = DateInterval::Exact(D(2020, April, 10));
        o.parties = std::move(parties);
        auto r = ReadReport(text, o, ref_);
        EXPECT_TRUE(r.ok());
        std::vector<std::string> out;
        if (!r.ok()) return out;
        last_ = std::move(*r);
        for (const DraftRecord& d : last_.records) {
            std::string to;
            if (const auto* g = std::get_if<Donation>(&d.record))
                to = g->provider + " -> " + g->recipient;
            if (const auto* c = std::get_if<CashContribution>(&d.record))
                to = c->provider + " -> " + c->recipient;
            if (const auto* m = std::get_if<Commitment>(&d.record))
                to = m->by + " -> " + m->to.front();
            if (const auto* t = std::get_if<TeamDeployment>(&d.record))
                to = t->provider + " -> " + t->host;
            out.push_back(d.label + " " + std::string(EnumName(KindOf(d.record))) + " " + to);
        }
        return out;
    }
    ReferenceData ref_;
    Reading last_;
};

TEST_F(ReadTest, BadInputIsRefusedNamingTheInput) {
    ReadOptions o;
    o.name = "empty.txt";
    auto empty = ReadReport("", o, ref_);
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().field, "empty.txt");
    EXPECT_NE(empty.error().message.find("empty"), std::string::npos);
    auto big = ReadReport(std::string(kMaxReportBytes + 1, 'a'), o, ref_);
    ASSERT_FALSE(big.ok());
    EXPECT_NE(big.error().message.find("larger than"), std::string::npos);
    auto binary = ReadReport("caf\xC3 sent 3 teams", o, ref_);
    ASSERT_FALSE(binary.ok());
    EXPECT_NE(binary.error().message.find("not UTF-8"), std::string::npos);
    auto blank = ReadReport(" \n\t\n", o, ref_);
    ASSERT_FALSE(blank.ok());
    auto no_text = ReadReport("<html><body><script>x()</script></body></html>", o, ref_);
    ASSERT_FALSE(no_text.ok());
    EXPECT_NE(no_text.error().message.find("HTML"), std::string::npos);
}

TEST_F(ReadTest, NumbersInDigitsWordsAndScales) {
    EXPECT_EQ(One("China sent four medical teams to Italy.").value, 4);
    EXPECT_EQ(One("China sent twenty-one medical teams abroad.").value, 21);
    EXPECT_EQ(One("China exported 3.86 billion masks.").value, 3'860'000'000);
    EXPECT_EQ(One("China exported 16,000 ventilators.").value, 16'000);
    EXPECT_EQ(One("China exported 37.52 million protective gears.").value, 37'520'000);
}

TEST_F(ReadTest, MoneyInMinorUnitsWithItsCurrency) {
    Claim rmb = One("China exported RMB 10.2 billion worth of anti-epidemic supplies.");
    EXPECT_EQ(rmb.metric, "exports.value");
    EXPECT_EQ(rmb.value, 1'020'000'000'000);
    EXPECT_EQ(rmb.keys.at("currency"), "CNY");
    Claim usd = One("China donated $20 million to the WHO.");
    EXPECT_EQ(usd.metric, "cash.total");
    EXPECT_EQ(usd.value, 2'000'000'000);
    EXPECT_EQ(usd.keys.at("currency"), "USD");
    EXPECT_EQ(usd.keys.at("recipient"), "who");
    Claim yuan = One("China exported 10.2 billion yuan of supplies.");
    EXPECT_EQ(yuan.value, 1'020'000'000'000);
    Claim country = One("Japan donated 5 million euros to Italy.");
    EXPECT_EQ(country.keys.at("recipient"), "it");
    EXPECT_EQ(country.keys.at("currency"), "EUR");
}

TEST_F(ReadTest, Qualifiers) {
    EXPECT_EQ(One("China held over 70 video conferences.").qualifier, Qualifier::kAtLeast);
    EXPECT_EQ(One("China held more than 70 video conferences.").qualifier, Qualifier::kAtLeast);
    EXPECT_EQ(One("China held nearly 20 video conferences.").qualifier, Qualifier::kAbout);
    EXPECT_EQ(One("China held about 20 video conferences.").qualifier, Qualifier::kAbout);
    EXPECT_EQ(One("China held up to 20 video conferences.").qualifier, Qualifier::kAtMost);
    EXPECT_EQ(One("China held 20 video conferences.").qualifier, Qualifier::kExact);
}

TEST_F(ReadTest, TheWordsAroundACountOfCountriesGiveItsMetric) {
    Reading r = Read(
        "China sent 13 medical teams to 11 countries.\n"
        "It provided medical support to 127 countries and four international organizations.\n"
        "It held 70 video conferences with experts from 150 countries and international "
        "organizations.\n"
        "As of April 8, 58 countries and regions have signed contracts with Chinese businesses, "
        "and another 71 countries are in talks.\n",
        DateInterval::Exact(D(2020, April, 10)));
    std::vector<std::string> metrics;
    for (const auto& d : r.claims) metrics.push_back(d.claim.metric);
    EXPECT_EQ(metrics, (std::vector<std::string>{
                           "teams.sent", "teams.host_countries", "supplies.recipients.countries",
                           "supplies.recipients.organisations", "exchanges.events",
                           "exchanges.participants.all", "contracts.signed.countries",
                           "contracts.in_talks.countries"}));
    EXPECT_EQ(r.claims[6].claim.provider.kinds, std::vector<PartyKind>{PartyKind::kEnterprise});
    EXPECT_EQ(r.claims[6].claim.as_of, D(2020, April, 8));
    EXPECT_EQ(r.claims[0].claim.provider.country, "CN");
}

TEST_F(ReadTest, ProvidersOtherThanTheGovernmentAreNamed) {
    Claim c = One(
        "Localities, enterprises and civil groups in China donated medical supplies to more than "
        "100 countries, regions and international organizations.");
    EXPECT_EQ(c.metric, "supplies.recipients.all");
    EXPECT_EQ(c.provider.kinds,
              (std::vector<PartyKind>{PartyKind::kLocalGovernment, PartyKind::kEnterprise,
                                      PartyKind::kCivilSociety}));
}

TEST_F(ReadTest, TeamsToANamedCountryAndListsOfHosts) {
    Claim third = One("China sends third team of medical experts to Italy");
    EXPECT_EQ(third.metric, "teams.sent");
    EXPECT_EQ(third.value, 3);
    EXPECT_EQ(third.keys.at("host_country"), "it");
    Claim list = One("China also sent medical teams to Iran, Iraq, Italy, Serbia and Cambodia.");
    EXPECT_EQ(list.metric, "teams.host_countries");
    EXPECT_EQ(list.value, 5);
    // "a medical team" is a record to draft, not a figure.
    EXPECT_TRUE(Read("On February 27, China sent a medical team to Iran.",
                     DateInterval::Exact(D(2020, March, 26)))
                    .claims.empty());
}

TEST_F(ReadTest, MissingNumbersGiveDraftsWithNoValue) {
    Reading r = Read("China sent  teams of medical experts to  countries.",
                     DateInterval::Exact(D(2020, April, 10)));
    ASSERT_EQ(r.claims.size(), 2U);
    EXPECT_FALSE(r.claims[0].claim.value.has_value());
    EXPECT_EQ(r.claims[1].claim.metric, "teams.host_countries");
    EXPECT_FALSE(r.claims[1].claim.value.has_value());
    // A stripped number inside a name is no figure.
    EXPECT_TRUE(Read("coordination with the Group of  member countries including Mexico.",
                     DateInterval::Exact(D(2020, April, 10)))
                    .claims.empty());
}

TEST_F(ReadTest, NamesWithNumbersAreNotFigures) {
    EXPECT_TRUE(Read("The G20 summit on COVID-19 was held on 26-Mar-2020 with 19 speakers.",
                     DateInterval::Exact(D(2020, March, 26)))
                    .claims.empty());
}

TEST_F(ReadTest, DatesResolvedAgainstTheReport) {
    Date friday = D(2020, April, 10);
    EXPECT_EQ(FindStatementDate("Zhao Lijian said on Thursday that", friday), D(2020, April, 9));
    EXPECT_EQ(FindStatementDate("said at a daily news briefing on Friday", D(2020, April, 11)),
              friday);
    EXPECT_EQ(FindStatementDate("nothing dated here", friday), std::nullopt);
    auto range = FindFigureDates("from March 1 to April 4, China exported", friday);
    ASSERT_TRUE(range.period.has_value());
    EXPECT_EQ(range.period->from, D(2020, March, 1));
    EXPECT_EQ(range.as_of, D(2020, April, 4));
    EXPECT_EQ(FindFigureDates("As of Wednesday, 58 countries", friday).as_of, D(2020, April, 8));
    EXPECT_EQ(FindFigureDates("As of April 8, 58 countries", friday).as_of, D(2020, April, 8));
    EXPECT_EQ(FindFigureDates("As of now, 12 teams", friday).as_of, std::nullopt);
    // A day after the statement is last year's.
    EXPECT_EQ(FindFigureDates("as of December 30, 5 teams", friday).as_of,
              D(2019, std::chrono::December, 30));
    EXPECT_EQ(FindDateWithYear("BEIJING, (APP - 9th Apr, 2020 ) :"), D(2020, April, 9));
    EXPECT_EQ(FindDateWithYear("Updated 15:47, 26-Mar-2020"), D(2020, March, 26));
    EXPECT_EQ(FindDateWithYear("2020/4/11 7:28"), D(2020, April, 11));
    EXPECT_EQ(FindDateWithYear("April 9, 2020"), D(2020, April, 9));
}

TEST_F(ReadTest, UndatedReportsSayWhatIsMissing) {
    Reading r = Read("China sent 13 medical teams to 11 countries.");
    EXPECT_FALSE(r.dated);
    ASSERT_FALSE(r.notes.empty());
    EXPECT_NE(r.notes.front().find("no publication date"), std::string::npos);
}

// docs/reading.md "Stripped numbers": a value is proposed only from another source's claim of
// the same figure, and only when such claims agree; taking it keeps both citations.
TEST_F(ReadTest, TwinsProposeValuesOnlyWhenTheyAgree) {
    Reading r = Read("China sent  medical teams abroad.", DateInterval::Exact(D(2020, April, 10)));
    ASSERT_EQ(r.claims.size(), 1U);
    Claim twin = r.claims[0].claim;
    twin.id = "other-c1";
    twin.value = 13;
    twin.sources = {{"other", "sent 13 medical teams"}};
    auto p = ProposeFromTwins(r, {twin});
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].value, 13);
    Claim taken = WithProposal(r.claims[0].claim, p[0]);
    EXPECT_EQ(taken.value, 13);
    ASSERT_EQ(taken.sources.size(), 2U);
    EXPECT_EQ(taken.sources[1].source, "other");
    Claim disagrees = twin;
    disagrees.value = 14;
    EXPECT_TRUE(ProposeFromTwins(r, {twin, disagrees}).empty());
    Claim other_day = twin;
    other_day.stated_on = D(2020, April, 9);
    EXPECT_TRUE(ProposeFromTwins(r, {other_day}).empty());
    Claim same_source = twin;
    same_source.sources = {{r.source.id, "x"}};
    EXPECT_TRUE(ProposeFromTwins(r, {same_source}).empty());
}

// read.h kMaxSentenceBytes, kMaxDrafts: a 1 MiB input made of figures is read in bounded
// time and output (one long sentence is skipped; many short ones stop at kMaxDrafts).
TEST_F(ReadTest, InputsMadeOfFiguresAreReadInBoundedWork) {
    std::string one_sentence = "China provided supplies to ";
    while (one_sentence.size() + 16 < kMaxReportBytes) one_sentence += "5 countries and ";
    Reading long_sentence = Read(one_sentence, DateInterval::Exact(D(2020, April, 10)));
    EXPECT_TRUE(long_sentence.claims.empty());
    ASSERT_FALSE(long_sentence.notes.empty());
    EXPECT_NE(long_sentence.notes.front().find("not read for figures"), std::string::npos);
    std::string many;
    while (many.size() + 40 < kMaxReportBytes) many += "China sent 5 medical teams to Italy.\n";
    Reading capped = Read(many, DateInterval::Exact(D(2020, April, 10)));
    EXPECT_EQ(capped.claims.size(), kMaxDrafts);
    EXPECT_NE(capped.notes.front().find("only the first ones"), std::string::npos);
}

// docs/reading.md "Beyond the seeds": nine sentences written after the rules, in other
// outlets' phrasing (tests/data/read/after-seeds.txt). The first reading found 4 of the 11
// figures right; these are the 11 drafts the rules give now.
TEST_F(ReadTest, SentencesWrittenAfterTheSeeds) {
    const char* dir = std::getenv("AIDLEDGER_SOURCE_DIR");
    std::ifstream in(std::filesystem::path(dir != nullptr ? dir : ".") / "tests" / "data" / "read" /
                     "after-seeds.txt");
    std::stringstream text;
    text << in.rdbuf();
    Reading r = Read(text.str());
    ASSERT_TRUE(r.dated);
    std::vector<std::string> got;
    for (const auto& d : r.claims) {
        Claim c = d.claim;
        c.sources.clear();
        c.id.clear();
        got.push_back(json::WriteRecord(c));
    }
    std::vector<std::string> want = {
        R"({"id":"","metric":"teams.sent","provider":{"country":"CN","kinds":["central_government"]},"value":15,"qualifier":"exact","stated_on":"2020-04-21","as_of":"2020-04-15"})",
        R"({"id":"","metric":"teams.host_countries","provider":{"country":"CN","kinds":["central_government"]},"value":13,"qualifier":"exact","stated_on":"2020-04-21","as_of":"2020-04-15"})",
        R"({"id":"","metric":"cash.total","keys":{"currency":"USD","recipient":"who"},"provider":{"country":"CN","kinds":["central_government"]},"value":3000000000,"qualifier":"exact","stated_on":"2020-04-21"})",
        R"({"id":"","metric":"exports.quantity","keys":{"product":"masks"},"provider":{"country":"CN"},"value":21100000000,"qualifier":"exact","stated_on":"2020-04-21","as_of":"2020-04-20","period":"2020-03-01/2020-04-20"})",
        R"({"id":"","metric":"exports.value","keys":{"currency":"CNY"},"provider":{"country":"CN"},"value":2650000000000,"qualifier":"exact","stated_on":"2020-04-21","as_of":"2020-04-20","period":"2020-03-01/2020-04-20"})",
        R"({"id":"","metric":"teams.members","keys":{"host_country":"rs"},"provider":{"country":"CN","kinds":["central_government"]},"value":12,"qualifier":"exact","stated_on":"2020-04-21"})",
        R"({"id":"","metric":"exchanges.events","provider":{"country":"CN","kinds":["central_government"]},"value":100,"qualifier":"at_least","stated_on":"2020-04-21"})",
        R"({"id":"","metric":"exchanges.participants.all","provider":{"country":"CN","kinds":["central_government"]},"value":150,"qualifier":"at_least","stated_on":"2020-04-21"})",
        R"({"id":"","metric":"supplies.recipients.all","provider":{"country":"CN","kinds":["central_government"]},"value":164,"qualifier":"exact","stated_on":"2020-04-21"})",
        R"({"id":"","metric":"contracts.signed.countries","provider":{"country":"CN","kinds":["enterprise"]},"value":77,"qualifier":"exact","stated_on":"2020-04-21"})",
        R"({"id":"","metric":"contracts.signed.organisations","provider":{"country":"CN","kinds":["enterprise"]},"value":8,"qualifier":"exact","stated_on":"2020-04-21"})",
    };
    EXPECT_EQ(got, want);
}

// docs/reading.md "Draft records": one team to one named country on a named day; teams in the
// plural, a list of hosts or no day give no record.
TEST_F(ReadTest, TeamRecordsOnlyWhereOneTeamGoesToOneCountryOnADay) {
    auto teams = [&](std::string_view text) {
        std::vector<TeamDeployment> out;
        for (const DraftRecord& d : Read(text, DateInterval::Exact(D(2020, April, 10))).records) {
            if (const auto* t = std::get_if<TeamDeployment>(&d.record)) out.push_back(*t);
        }
        return out;
    };
    auto one = teams("On Tuesday, China sent a medical team to Serbia.");
    ASSERT_EQ(one.size(), 1U);
    EXPECT_EQ(one[0].host, "rs");
    EXPECT_EQ(one[0].sent, DateInterval::Exact(D(2020, April, 7)));
    auto arrived = teams("On April 2, 12 Chinese medical experts arrived in Italy.");
    ASSERT_EQ(arrived.size(), 1U);
    EXPECT_EQ(arrived[0].size, 12);
    EXPECT_EQ(arrived[0].arrived, DateInterval::Exact(D(2020, April, 2)));
    EXPECT_TRUE(teams("On Tuesday, China sent medical teams to Serbia.").empty());
    EXPECT_TRUE(teams("On Tuesday, China sent a medical team to Serbia and Iran.").empty());
    EXPECT_TRUE(teams("China sent a medical team to Serbia.").empty());
    EXPECT_TRUE(Read("On Tuesday, China sent a medical team to Serbia.").records.empty());
}

// docs/reading.md "Draft records": supplies or money one named giver gave one named recipient.
TEST_F(ReadTest, GiftsToOneNamedRecipientAreDonationsOrCash) {
    using V = std::vector<std::string>;
    EXPECT_EQ(Drafts("China donated $20 million to the WHO."), V{"m1 cash cn -> who"});
    const auto& cash = std::get<CashContribution>(last_.records.at(0).record);
    EXPECT_EQ(cash.pledged, (Money{2'000'000'000, "USD"}));
    // No day given: from the reader's earliest day to the statement, and the note says so.
    EXPECT_EQ(cash.pledged_on, (DateInterval{kEarliestEvent, D(2020, April, 10)}));
    EXPECT_NE(cash.notes->find("gives no day"), std::string::npos);
    EXPECT_EQ(cash.id, last_.source.id + "-m1");
    EXPECT_EQ(Drafts("On Tuesday, Italy sent medical supplies including masks to Serbia."),
              V{"d1 donation it -> rs"});
    const auto& donation = std::get<Donation>(last_.records.at(0).record);
    EXPECT_EQ(donation.history.front().status, DonationStatus::kShipped);
    EXPECT_EQ(donation.history.front().on, DateInterval::Exact(D(2020, April, 7)));
    EXPECT_EQ(Drafts("The Red Cross Society of China handed over 10,000 masks to Iran."),
              V{"d1 donation cn-redcross -> ir"});
    EXPECT_EQ(std::get<Donation>(last_.records.at(0).record).history.front().status,
              DonationStatus::kDelivered);
    // A recipient the reader does not know by name, a list of recipients, no named giver, or
    // no recipient named: no draft.
    EXPECT_EQ(Drafts("China has sent medical supplies to the Vatican Pharmacy."), V{});
    EXPECT_EQ(Drafts("China has sent medical supplies to the Vatican Pharmacy.",
                     std::vector<PartyName>{{"va-pharmacy", "Vatican Pharmacy"}}),
              V{"d1 donation cn -> va-pharmacy"});
    // Read into a ledger, a party it lacks gives no draft, and a note names it.
    EXPECT_EQ(Drafts("China donated $20 million to the WHO.", std::vector<PartyName>{}), V{});
    EXPECT_EQ(last_.notes.back(),
              "no draft for 'donated $20 million': who is not a party of the ledger (add it, "
              "then read again)");
    EXPECT_EQ(Drafts("China donated $20 million to the WHO.",
                     std::vector<PartyName>{{"who", "World Health Organization"}}),
              V{"m1 cash cn -> who"});
    EXPECT_EQ(Drafts("China donated masks to Iran, Iraq and Italy."), V{});
    EXPECT_EQ(Drafts("Chinese companies donated medical materials to the country."), V{});
    EXPECT_EQ(Drafts("China donated medical supplies to more than 100 countries."), V{});
    EXPECT_EQ(Drafts("China sent 13 medical teams to 11 countries."), V{});
}

// A leader's call or message, and the promise the report says the provider made to that
// country: one commitment, citing both sentences.
TEST_F(ReadTest, ALeadersCallWithAPromiseIsACommitment) {
    using V = std::vector<std::string>;
    std::string text =
        "China will help. Xi held phone conversations with Venezuelan President Nicolas Maduro "
        "and Mexican President Andres Manuel Lopez Obrador on Friday night. He has also "
        "exchanged messages with Argentinas President Alberto Fernandez recently. China will "
        "strengthen cooperation with Venezuela, Xi said. Mexico will remain committed to "
        "cooperation with China.";
    EXPECT_EQ(Drafts(text), (V{"p1 commitment cn -> ve"}));
    const auto& m = std::get<Commitment>(last_.records.at(0).record);
    EXPECT_EQ(m.form, CommitmentForm::kCall);
    EXPECT_EQ(m.made_on, DateInterval::Exact(D(2020, April, 10)));
    EXPECT_EQ(m.promise, "China will strengthen cooperation with Venezuela");
    ASSERT_EQ(m.sources.size(), 2U);
    EXPECT_NE(m.sources[0].excerpt.find("phone conversations"), std::string::npos);
    // The message to Argentina with a promise to Argentina: a message, dated by bounds.
    EXPECT_EQ(Drafts(text + " He said China will step up exchanges with Argentina."),
              (V{"p1 commitment cn -> ve", "p2 commitment cn -> ar"}));
    const auto& ar = std::get<Commitment>(last_.records.at(1).record);
    EXPECT_EQ(ar.form, CommitmentForm::kMessage);
    EXPECT_EQ(ar.made_on, (DateInterval{kEarliestEvent, D(2020, April, 10)}));
    // A promise naming two countries is no promise to either.
    EXPECT_EQ(Drafts("Xi held a phone call with Italian Prime Minister Conte on Friday. China "
                     "will help Italy and Spain."),
              V{});
}

// docs/reading.md "Stripped numbers": the months of a period whose days a copy lost, and none
// for a whole period or a month range as written.
TEST(StrippedPeriod, TheMonthsOfAPeriodWhoseDaysWereLost) {
    auto span = [](std::string_view s) {
        auto m = FindStrippedPeriod(s);
        return m ? std::to_string(m->from) + "-" + std::to_string(m->to) : std::string("none");
    };
    EXPECT_EQ(span("From March  to April , China exported . billion yuan."), "3-4");
    EXPECT_EQ(span("between January  and March  it sent  teams"), "1-3");
    EXPECT_EQ(span("from March 1 to April 4, China exported RMB 10.2 billion"), "none");
    EXPECT_EQ(span("from March to April China exported more"), "none");
    EXPECT_EQ(span("no period here"), "none");
}

TEST_F(ReadTest, HtmlIsStrippedAndItsMetadataRead) {
    Reading r = Read(
        "<!DOCTYPE html><html><head><title>Aid &amp; teams</title>"
        "<meta property=\"og:site_name\" content=\"CGTN\">"
        "<meta property=\"article:published_time\" content=\"2020-04-10T08:00:00+08:00\">"
        "<style>p{color:red}</style><script>var n = 5;</script></head><body>"
        "<h1>China&#8217;s aid</h1><p>China sent 13 medical&nbsp;teams to 11 countries.</p>"
        "<!-- 99 teams --><p>It donated &#x24;20 million to the WHO.</p></body></html>");
    EXPECT_TRUE(r.html);
    EXPECT_EQ(r.source.outlet, "CGTN");
    EXPECT_EQ(r.source.title, "Aid & teams");
    ASSERT_TRUE(r.dated);
    EXPECT_EQ(r.source.published, DateInterval::Exact(D(2020, April, 10)));
    EXPECT_EQ(r.source.text,
              "China\xE2\x80\x99s aid\n\nChina sent 13 medical teams to 11 countries.\n\n"
              "It donated $20 million to the WHO.");
    ASSERT_EQ(r.claims.size(), 3U);
    EXPECT_EQ(r.claims[2].claim.metric, "cash.total");
}

TEST_F(ReadTest, LineEndsAndControlCharactersAreWhatTheLedgerStores) {
    Reading r = Read("Title line\r\nChina sent 4 medical teams\x01 abroad.\r\n",
                     DateInterval::Exact(D(2020, April, 10)));
    EXPECT_EQ(r.source.text, "Title line\nChina sent 4 medical teams  abroad.\n");
    EXPECT_EQ(r.claims.size(), 1U);
}

TEST_F(ReadTest, SentencesEndAtFullStopsBeforeCapitalsAndAtLineBreaks) {
    std::string_view text = "Some U.S. politicians spoke. He said 3.86 billion.\nNext line";
    auto s = SplitSentences(text);
    ASSERT_EQ(s.size(), 3U);
    EXPECT_EQ(text.substr(s[0].begin, s[0].end - s[0].begin), "Some U.S. politicians spoke.");
}

}  // namespace
}  // namespace aidledger::read
