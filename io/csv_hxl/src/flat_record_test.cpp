// Records as table cells (docs/formats.md): every field of every kind has a column, values
// round-trip through their cell text, amounts are in major units by the currency's exponent,
// and problems name the field's path.
#include "flat_record.h"

#include <gtest/gtest.h>

#include <set>

namespace aidledger::csv {
namespace {

ReferenceData Ref() {
    ReferenceData ref;
    ref.country_names = {{"CN", "China"}, {"IT", "Italy"}, {"NG", "Nigeria"}};
    ref.alpha3_to_alpha2 = {{"CHN", "CN"}, {"ITA", "IT"}, {"NGA", "NG"}};
    ref.currencies = {"USD", "JPY", "CNY", "KWD"};
    ref.minor_unit_exponent = {{"JPY", 0}, {"KWD", 3}};
    return ref;
}

Date D(const char* text) { return *ParseDate(text, "test"); }
DateInterval I(const char* text) { return *ParseInterval(text, "test"); }

Donation SampleDonation() {
    Donation d;
    d.id = "don-1";
    d.provider = "cn-gov";
    d.recipient = "it";
    d.lines = {ItemLine{"masks", 1000000, "piece", Money{250000, "USD"}},
               ItemLine{"suits", std::nullopt, std::nullopt, std::nullopt}};
    d.history = {{DonationStatus::kPledged, I("2020-03-01")},
                 {DonationStatus::kShipped, I("2020-03-05/2020-03-09")}};
    d.sources = {Citation{"seed-1", "sent masks, \"many\""}};
    d.notes = "two lines,\nand a note";
    return d;
}

Record RoundTrip(const Record& record) {
    std::vector<Problem> problems;
    Record back = FromFlat(KindOf(record), ToFlat(record, Ref()), Ref(), problems);
    for (const auto& p : problems) ADD_FAILURE() << p.field << ": " << p.message;
    return back;
}

TEST(FlatRecord, ADonationWithLinesHistoryAndCitationsRoundTrips) {
    Record record = SampleDonation();
    FlatRecord flat = ToFlat(record, Ref());
    EXPECT_EQ(flat.values.at("lines[0].value"), "2500.00");
    EXPECT_EQ(flat.values.at("lines[0].value.currency"), "USD");
    EXPECT_EQ(flat.values.at("history[1].on"), "2020-03-05/2020-03-09");
    EXPECT_EQ(flat.counts.at("lines"), 2u);
    // Unknown stays unknown: no cell, never 0.
    EXPECT_FALSE(flat.values.contains("lines[1].quantity"));
    EXPECT_EQ(RoundTrip(record), record);
}

TEST(FlatRecord, EveryKindRoundTrips) {
    CashContribution cash;
    cash.id = "cash-1";
    cash.provider = "cn";
    cash.recipient = "who";
    cash.pledged = Money{2000000000, "USD"};
    cash.pledged_on = I("2020-03-11");
    cash.paid = Money{150, "JPY"};
    cash.paid_on = I("2020-03-20/2020-03-25");

    Claim claim;
    claim.id = "c1";
    claim.metric = "teams.sent";
    claim.keys = {{"host_country", "it"}, {"provider_kind", "central_government"}};
    claim.provider = ProviderScope{"CN", {PartyKind::kCentralGovernment, PartyKind::kRedCross}};
    claim.value = 13;
    claim.qualifier = Qualifier::kAtLeast;
    claim.stated_on = D("2020-04-09");
    claim.as_of = D("2020-04-08");
    claim.period = Period{D("2020-03-01"), D("2020-04-04")};

    Manufacturer maker;
    maker.id = "m1";
    maker.party = "acme";
    maker.listed_on = I("2020-03-31");
    maker.certificates = {
        Certificate{CertificateScheme::kCe, "CE-1", "masks", D("2020-01-01"), D("2021-01-01")},
        Certificate{CertificateScheme::kFdaEua, "EUA 2", "ventilators", D("2020-02-01"),
                    std::nullopt}};

    ExpertExchange exchange;
    exchange.id = "x1";
    exchange.organiser = "nhc";
    exchange.held = I("2020-03-13");
    exchange.topic = "diagnosis";
    exchange.participants = {"it", "ng", "who"};
    exchange.participant_count = 3;
    exchange.materials = {"plan, 7th edition"};

    Commitment commitment;
    commitment.id = "k1";
    commitment.by = "cn";
    commitment.to = {"ve"};
    commitment.made_on = I("2020-03-20");
    commitment.promise = "support";
    commitment.fulfilled_by = {RecordRef{Kind::kTeam, "team-ve-1"},
                               RecordRef{Kind::kDonation, "don-1"}};
    commitment.synthetic = true;

    for (const Record& record :
         std::vector<Record>{cash, claim, maker, exchange, commitment, SampleDonation()}) {
        EXPECT_EQ(RoundTrip(record), record) << EnumName(KindOf(record));
    }
}

TEST(FlatRecord, AmountsUseTheCurrencysExponent) {
    EXPECT_EQ(FormatAmount(2000000000, 2), "20000000.00");
    EXPECT_EQ(FormatAmount(5, 2), "0.05");
    EXPECT_EQ(FormatAmount(150, 0), "150");
    EXPECT_EQ(FormatAmount(1234, 3), "1.234");
    EXPECT_EQ(FormatAmount(-5, 2), "-0.05");
    EXPECT_EQ(*ParseAmount("20000000", 2), 2000000000);
    EXPECT_EQ(*ParseAmount("0.5", 2), 50);
    EXPECT_EQ(*ParseAmount("150", 0), 150);
    EXPECT_EQ(*ParseAmount("-1.25", 2), -125);
    for (const char* bad : {"1,000", "1.234", "", "-", ".5", "5.", "1e6", "USD 5", "1 000"}) {
        EXPECT_FALSE(ParseAmount(bad, 2).ok()) << bad;
    }
    EXPECT_FALSE(ParseAmount("1.5", 0).ok());
    EXPECT_FALSE(ParseAmount("99999999999999999999", 2).ok());
}

TEST(FlatRecord, UpperCaseCountryCodesNameTheCountrysParty) {
    FlatRecord flat;
    flat.values = {{"id", "t"},
                   {"provider", "CHN"},
                   {"host", "IT"},
                   {"team_kind", "technical"},
                   {"sent", "2020-03-01"}};
    std::vector<Problem> problems;
    auto team = std::get<TeamDeployment>(FromFlat(Kind::kTeam, flat, Ref(), problems));
    EXPECT_TRUE(problems.empty());
    EXPECT_EQ(team.provider, "cn");
    EXPECT_EQ(team.host, "it");
    // Ids are lower case; an upper-case word that is no country code stays as written, for
    // validation to refuse.
    flat.values["host"] = "XYZ";
    flat.values["provider"] = "cn-gov";
    team = std::get<TeamDeployment>(FromFlat(Kind::kTeam, flat, Ref(), problems));
    EXPECT_EQ(team.host, "XYZ");
    EXPECT_EQ(team.provider, "cn-gov");
}

TEST(FlatRecord, EnumsAreReadAsPeopleWriteThem) {
    FlatRecord flat;
    flat.values = {{"id", "c"},
                   {"buyer", "it"},
                   {"supplier", "acme"},
                   {"history[0].status", "In talks"},
                   {"history[0].on", "2020-04-01"}};
    flat.counts = {{"history", 1}};
    std::vector<Problem> problems;
    auto contract = std::get<ProcurementContract>(FromFlat(Kind::kContract, flat, Ref(), problems));
    EXPECT_TRUE(problems.empty());
    ASSERT_EQ(contract.history.size(), 1u);
    EXPECT_EQ(contract.history[0].status, ContractStatus::kInTalks);
}

TEST(FlatRecord, ProblemsNameTheIndexedPath) {
    FlatRecord flat;
    flat.values = {{"id", "d"},
                   {"provider", "cn"},
                   {"recipient", "it"},
                   {"lines[1].item", "masks"},
                   {"lines[1].quantity", "1,000"},
                   {"lines[1].value", "12"},
                   {"history[0].status", "sent"},
                   {"synthetic", "maybe"}};
    flat.counts = {{"lines", 2}, {"history", 1}};
    std::vector<Problem> problems;
    (void)FromFlat(Kind::kDonation, flat, Ref(), problems);
    std::set<std::string> fields;
    for (const auto& p : problems) fields.insert(p.field);
    EXPECT_EQ(fields, (std::set<std::string>{"lines[1].quantity", "lines[1].value.currency",
                                             "history[0].status", "history[0].on", "synthetic"}));
}

TEST(FlatRecord, AnAmbiguousDateIsRefusedWithAHint) {
    FlatRecord flat;
    flat.values = {{"id", "t"},
                   {"provider", "cn"},
                   {"host", "it"},
                   {"team_kind", "technical"},
                   {"sent", "01/02/2020"}};
    std::vector<Problem> problems;
    (void)FromFlat(Kind::kTeam, flat, Ref(), problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "sent");
    EXPECT_NE(problems[0].message.find("ambiguous"), std::string::npos);
    EXPECT_NE(problems[0].message.find("ISO 8601"), std::string::npos);
}

TEST(FlatRecord, ColumnsStartWithTheIdAndEndWithWhatEveryKindShares) {
    for (std::size_t k = 0; k < kKindCount; ++k) {
        const auto& columns = ColumnsOf(static_cast<Kind>(k));
        ASSERT_GE(columns.size(), 5u);
        EXPECT_EQ(columns.front().path, "id");
        EXPECT_TRUE(columns.front().required);
        EXPECT_EQ(columns.back().path, "synthetic");
        EXPECT_EQ(columns[columns.size() - 2].path, "notes");
        std::set<std::string> paths;
        for (const auto& c : columns) EXPECT_TRUE(paths.insert(c.path).second) << c.path;
    }
    const auto& donation = ColumnsOf(Kind::kDonation);
    auto find = [&](const char* path) {
        return *std::find_if(donation.begin(), donation.end(),
                             [&](const ColumnInfo& c) { return c.path == path; });
    };
    EXPECT_EQ(find("lines.quantity").list, "lines");
    EXPECT_EQ(find("lines.quantity").Indexed(2), "lines[2].quantity");
    EXPECT_TRUE(find("lines.item").required);
    EXPECT_FALSE(find("lines.quantity").required);
    EXPECT_TRUE(find("provider").required);
    EXPECT_EQ(find("provider").list, "");
    EXPECT_EQ(find("lines.value.currency").Indexed(0), "lines[0].value.currency");
}

}  // namespace
}  // namespace aidledger::csv
