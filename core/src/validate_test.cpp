// Issue 2 item 2: validation returns every problem, each naming its field; codes are checked
// against ISO 3166-1 and ISO 4217; unknown stays unknown; money is minor units.
#include "aidledger/core/validate.h"

#include <gtest/gtest.h>

namespace aidledger {
namespace {

ReferenceData Ref() {
    ReferenceData r;
    r.country_names = {{"IT", "Italy"}, {"CN", "China"}};
    r.alpha3_to_alpha2 = {{"ITA", "IT"}, {"CHN", "CN"}};
    r.currencies = {"USD", "CNY"};
    return r;
}

std::vector<std::string> Fields(const std::vector<Problem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.field);
    return out;
}

const RecordExists kAll = [](Kind, std::string_view) { return true; };

TEST(Validate, ReportsEveryProblemWithItsField) {
    Donation d;
    d.id = "Bad Id";
    d.provider = "cn-gov";
    d.recipient = "";
    ItemLine line;
    line.item = "masks";
    line.quantity = -5;
    line.value = Money{100, "XYZ"};
    d.lines.push_back(line);
    d.history.push_back({DonationStatus::kShipped, *ParseInterval("2020-04-09/2020-04-01", "x")});
    Record r = d;
    auto problems = NormaliseAndValidate(r, Ref(), kAll);
    auto fields = Fields(problems);
    for (const char* f :
         {"id", "recipient", "lines[0].quantity", "lines[0].value.currency", "history[0].on"}) {
        EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
    }
}

TEST(Validate, UnknownCountryAndAlpha3Normalisation) {
    Party p;
    p.id = "x";
    p.name = "X";
    p.kind = PartyKind::kCountry;
    p.iso_code = "ita";
    Record r = p;
    EXPECT_TRUE(NormaliseAndValidate(r, Ref(), kAll).empty());
    EXPECT_EQ(std::get<Party>(r).iso_code, "IT");
    std::get<Party>(r).iso_code = "XX";
    auto problems = NormaliseAndValidate(r, Ref(), kAll);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "iso_code");
}

TEST(Validate, ACountryNeedsItsCode) {
    Party p;
    p.id = "x";
    p.name = "X";
    p.kind = PartyKind::kCountry;
    Record r = p;
    EXPECT_EQ(Fields(NormaliseAndValidate(r, Ref(), kAll)), (std::vector<std::string>{"iso_code"}));
}

TEST(Validate, ReferencesMustExist) {
    TeamDeployment t;
    t.id = "t";
    t.provider = "cn-gov";
    t.host = "atlantis";
    t.sent = *ParseInterval("2020-03-01", "x");
    Record r = t;
    auto exists = [](Kind, std::string_view id) { return id != "atlantis"; };
    auto problems = NormaliseAndValidate(r, Ref(), exists);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "host");
    EXPECT_NE(problems[0].message.find("atlantis"), std::string::npos);
}

TEST(Validate, StatusHistoryMustMoveForward) {
    Donation d;
    d.id = "d";
    d.provider = "a";
    d.recipient = "b";
    auto on = *ParseInterval("2020-03-01", "x");
    d.history = {{DonationStatus::kShipped, on}, {DonationStatus::kPledged, on}};
    Record r = d;
    EXPECT_EQ(Fields(NormaliseAndValidate(r, Ref(), kAll)),
              (std::vector<std::string>{"history[1].status"}));
    std::get<Donation>(r).history = {{DonationStatus::kShipped, on},
                                     {DonationStatus::kCancelled, on}};
    EXPECT_EQ(Fields(NormaliseAndValidate(r, Ref(), kAll)),
              (std::vector<std::string>{"history[1].status"}));
    std::get<Donation>(r).history.clear();
    EXPECT_EQ(Fields(NormaliseAndValidate(r, Ref(), kAll)), (std::vector<std::string>{"history"}));
}

TEST(Validate, ClaimKeysMustBelongToTheMetric) {
    Claim c;
    c.id = "c";
    c.metric = "teams.sent";
    c.keys = {{"currency", "USD"}};
    c.provider.country = "CN";
    c.stated_on = *ParseDate("2020-04-10", "x");
    c.sources.push_back({"seed", "quote"});
    Record r = c;
    EXPECT_EQ(Fields(NormaliseAndValidate(r, Ref(), kAll)),
              (std::vector<std::string>{"keys.currency"}));
    std::get<Claim>(r).metric = "teams.invented";
    EXPECT_EQ(Fields(NormaliseAndValidate(r, Ref(), kAll)).front(), "metric");
}

TEST(IsValidId, AcceptsSlugsOnly) {
    EXPECT_TRUE(IsValidId("team-it-3"));
    EXPECT_TRUE(IsValidId("c002.exports_value"));
    EXPECT_FALSE(IsValidId(""));
    EXPECT_FALSE(IsValidId("-x"));
    EXPECT_FALSE(IsValidId("Team"));
    EXPECT_FALSE(IsValidId(std::string(65, 'a')));
}

// docs/formats.md: a country is written as its ISO 3166-1 alpha-2 or alpha-3 code, in any case;
// one rule (ReferenceData::CountryCode) serves validation, imports, figures and customs.
TEST(CountryCode, Alpha2OrAlpha3InAnyCaseGivesTheUpperCaseAlpha2) {
    ReferenceData ref = Ref();
    for (const char* text : {"IT", "it", "It", "ITA", "ita", "iTa"}) {
        ASSERT_TRUE(ref.CountryCode(text).has_value()) << text;
        EXPECT_EQ(*ref.CountryCode(text), "IT") << text;
    }
    for (const char* text : {"", "I", "XX", "XXX", "Italy", "ITAL", " IT"}) {
        EXPECT_FALSE(ref.CountryCode(text).has_value()) << text;
    }
    EXPECT_EQ(CountryPartyId("IT"), "it");
}

TEST(CountryCode, ValidationStoresTheAlpha2Code) {
    Party p;
    p.id = "italy";
    p.name = "Italy";
    p.kind = PartyKind::kCountry;
    p.iso_code = "ita";
    Record r = p;
    EXPECT_TRUE(NormaliseAndValidate(r, Ref(), kAll).empty());
    EXPECT_EQ(std::get<Party>(r).iso_code, "IT");
}

// docs/formats.md: an HS code is four digits, then digits and dots ("6307.90.10"), at most 12.
TEST(HsCode, FourDigitsThenDigitsAndDotsNotEndingInADot) {
    for (const char* good : {"6307", "6307.90", "6307.90.10", "630790", "3004.90.0000"}) {
        EXPECT_TRUE(IsHsCode(good)) << good;
    }
    for (const char* bad :
         {"", "630", "63.07", "6307.", "6307.90.", "6307-90", "a307", "6307.90.10.123"}) {
        EXPECT_FALSE(IsHsCode(bad)) << bad;
    }
}

}  // namespace
}  // namespace aidledger
