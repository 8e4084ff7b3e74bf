// Reading IATI activity XML (io/iati/include/aidledger/io/iati_import.h; docs/formats.md "IATI
// activity files"): transactions grouped into cash per flow, in-kind into donations, D01/D02
// into teams and exchanges, 1.0x codes, COVID-19 markers and --only-covid, problems with
// file:line:column and the element path, and nothing skipped silently (issue 18).
#include "aidledger/io/iati_import.h"

#include <gtest/gtest.h>

#include <string>

namespace aidledger::iati {
namespace {

ReferenceData Ref() {
    ReferenceData ref;
    ref.country_names = {{"CN", "China"}, {"IT", "Italy"}, {"CF", "Central African Republic"}};
    ref.alpha3_to_alpha2 = {{"CHN", "CN"}, {"ITA", "IT"}, {"CAF", "CF"}};
    ref.currencies = {"USD", "EUR", "JPY"};
    ref.minor_unit_exponent = {{"JPY", 0}};
    return ref;
}

foreign::ReadOptions Options(const ReferenceData& ref, bool only_covid = false) {
    foreign::ReadOptions o;
    o.only_covid = only_covid;
    o.today = *ParseDate("2020-12-31", "today");
    o.reference = &ref;
    return o;
}

constexpr std::string_view kFile = R"(<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2020-06-01T00:00:00Z">
 <iati-activity default-currency="USD" humanitarian="1">
  <iati-identifier>XM-DAC-41114-COVID-1</iati-identifier>
  <reporting-org ref="XM-DAC-41114" type="40"><narrative>UNDP</narrative></reporting-org>
  <title><narrative>COVID-19 response</narrative></title>
  <participating-org ref="GB-GOV-1" role="1" type="10"><narrative>FCDO</narrative></participating-org>
  <activity-date type="2" iso-date="2020-03-01"/>
  <recipient-country code="IT"/>
  <humanitarian-scope type="1" vocabulary="1-2" code="EP-2020-000012-001"/>
  <transaction ref="t1">
   <transaction-type code="2"/>
   <transaction-date iso-date="2020-03-10"/>
   <value value-date="2020-03-10">1000.50</value>
   <receiver-org ref="IT-GOV" type="10"><narrative>Italy Civil Protection</narrative></receiver-org>
  </transaction>
  <transaction ref="t2">
   <transaction-type code="3"/>
   <transaction-date iso-date="2020-04-02"/>
   <value currency="USD" value-date="2020-04-01">400</value>
   <receiver-org ref="IT-GOV" type="10"><narrative>Italy Civil Protection</narrative></receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2020-04-05"/>
   <value currency="USD" value-date="2020-04-05">250</value>
   <receiver-org ref="IT-GOV" type="10"><narrative>Italy Civil Protection</narrative></receiver-org>
   <disbursement-channel code="4"/>
   <description><narrative>Masks (1000 piece)</narrative></description>
  </transaction>
  <transaction>
   <transaction-type code="4"/>
   <transaction-date iso-date="2020-04-05"/>
   <value>99</value>
  </transaction>
 </iati-activity>
 <iati-activity>
  <iati-identifier>CN-GOV-TEAM-1</iati-identifier>
  <reporting-org ref="CN-GOV" type="10"><narrative>Government of China</narrative></reporting-org>
  <title><narrative>Team of medical experts to Italy</narrative></title>
  <activity-date type="2" iso-date="2020-03-12"/>
  <activity-date type="4" iso-date="2020-04-09"/>
  <recipient-country code="IT"/>
  <sector vocabulary="1" code="12264"/>
  <default-aid-type code="D01"/>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XX-NOT-COVID</iati-identifier>
  <reporting-org ref="XX-1" type="21"><narrative>Someone</narrative></reporting-org>
  <recipient-country code="CN"/>
  <transaction>
   <transaction-type code="12"/>
   <transaction-date iso-date="2019-01-01"/>
   <value currency="JPY">1000</value>
  </transaction>
 </iati-activity>
</iati-activities>
)";

TEST(IatiImport, FinancialTransactionsBecomeOneCashRecordPerFlow) {
    ReferenceData ref = Ref();
    auto file = ReadActivities(kFile, "covid.xml", Options(ref));
    ASSERT_TRUE(file.ok()) << file.error().message;
    EXPECT_TRUE(file->problems.empty()) << file->problems.front().message;
    EXPECT_EQ(file->format, "IATI 2.03");
    EXPECT_EQ(file->units, 3);
    // The COVID-19 markers are kept in the records' notes.
    EXPECT_EQ(BaseOf(file->items[0].record).notes,
              "COVID-19 response [COVID-19: humanitarian-scope EP-2020-000012-001]");
    ASSERT_EQ(file->items.size(), 4U);  // cash, donation, team, cash (pledge)
    const auto& cash = std::get<CashContribution>(file->items[0].record);
    ASSERT_TRUE(cash.pledged);
    EXPECT_EQ(cash.pledged->minor, 100050);  // the activity's default currency, in cents
    EXPECT_EQ(cash.pledged->currency, "USD");
    EXPECT_EQ(FormatInterval(cash.pledged_on), "2020-03-10");
    ASSERT_TRUE(cash.paid);
    EXPECT_EQ(cash.paid->minor, 40000);
    // The transaction's date, not the value date (the day of the exchange rate).
    EXPECT_EQ(FormatInterval(*cash.paid_on), "2020-04-02");
    ASSERT_EQ(cash.sources.size(), 2U);
    EXPECT_NE(cash.sources[0].excerpt.find("<transaction ref=\"t1\">"), std::string::npos);
    // The provider is the reporting organisation for outgoing transactions.
    EXPECT_EQ(file->items[0].parties[0].org.ref, "XM-DAC-41114");
    EXPECT_EQ(file->items[0].parties[0].org.kind, PartyKind::kInternationalOrganisation);
    EXPECT_EQ(file->items[0].parties[1].org.name, "Italy Civil Protection");
    // Every excerpt is in the source's text.
    for (const auto& item : file->items) {
        for (const Citation& c : BaseOf(item.record).sources) {
            bool found = false;
            for (const Source& s : file->sources) {
                if (s.id == c.source) found = s.text.find(c.excerpt) != std::string::npos;
            }
            EXPECT_TRUE(found) << c.excerpt;
        }
    }
    EXPECT_NE(file->sources[0].file->find("SHA-256 "), std::string::npos);
}

TEST(IatiImport, InKindPersonnelAndSkippedTransactions) {
    ReferenceData ref = Ref();
    auto file = ReadActivities(kFile, "covid.xml", Options(ref));
    ASSERT_TRUE(file.ok());
    const auto& donation = std::get<Donation>(file->items[1].record);
    ASSERT_EQ(donation.lines.size(), 1U);
    EXPECT_EQ(donation.lines[0].quantity, 1000);
    EXPECT_EQ(donation.lines[0].value->minor, 25000);
    EXPECT_EQ(file->items[1].line_items[0], "Masks");
    EXPECT_EQ(donation.history.back().status, DonationStatus::kShipped);

    const auto& team = std::get<TeamDeployment>(file->items[2].record);
    EXPECT_EQ(FormatInterval(team.sent), "2020-03-12");
    EXPECT_EQ(FormatInterval(*team.left), "2020-04-09");
    EXPECT_EQ(file->items[2].parties[1].org.country, "IT");

    // The expenditure is listed with its place, never dropped silently.
    ASSERT_EQ(file->skipped.size(), 1U);
    EXPECT_EQ(file->skipped[0].at.line, 31);
    EXPECT_EQ(file->skipped[0].at.column, 3);
    EXPECT_EQ(file->skipped[0].at.path, "iati-activities/iati-activity[1]/transaction[4]");
    EXPECT_NE(file->skipped[0].message.find("expenditure"), std::string::npos);
}

TEST(IatiImport, OnlyCovidKeepsTheMarkedActivities) {
    ReferenceData ref = Ref();
    auto file = ReadActivities(kFile, "covid.xml", Options(ref, true));
    ASSERT_TRUE(file.ok());
    EXPECT_EQ(file->not_covid, 1);
    EXPECT_EQ(file->items.size(), 3U);  // scope-marked and sector-marked activities only
}

TEST(IatiImport, StableIdsSurviveANewerFile) {
    ReferenceData ref = Ref();
    auto a = ReadActivities(kFile, "a.xml", Options(ref));
    std::string newer(kFile);
    newer.replace(newer.find("1000.50"), 7, "2000.00");
    auto b = ReadActivities(newer, "b.xml", Options(ref));
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->items.size(), b->items.size());
    for (std::size_t i = 0; i < a->items.size(); ++i) {
        EXPECT_EQ(IdOf(a->items[i].record), IdOf(b->items[i].record));
        EXPECT_TRUE(IsValidId(IdOf(a->items[i].record))) << IdOf(a->items[i].record);
    }
}

TEST(IatiImport, ProblemsNameFileLineColumnAndElement) {
    ReferenceData ref = Ref();
    std::string bad = R"(<iati-activities version="2.02">
 <iati-activity>
  <iati-identifier>A-1</iati-identifier>
  <reporting-org ref="A" type="10"><narrative>A</narrative></reporting-org>
  <recipient-country code="IT"/>
  <transaction>
   <transaction-type code="3"/>
   <value currency="USD" value-date="2020-02-30">1,000</value>
  </transaction>
  <transaction>
   <transaction-type code="3"/>
   <value currency="XYZ" value-date="2020-02-01">10</value>
  </transaction>
 </iati-activity>
 <iati-activity>
  <iati-identifier>A-2</iati-identifier>
  <title>unclosed
 </iati-activity>
</iati-activities>)";
    auto file = ReadActivities(bad, "bad.xml", Options(ref));
    ASSERT_TRUE(file.ok());
    ASSERT_EQ(file->problems.size(), 3U);
    EXPECT_EQ(file->problems[0].at.line, 8);
    EXPECT_EQ(file->problems[0].at.path, "iati-activities/iati-activity[1]/transaction[1]/value");
    EXPECT_NE(file->problems[0].message.find("1,000"), std::string::npos);
    EXPECT_NE(file->problems[1].message.find("XYZ"), std::string::npos);
    EXPECT_EQ(file->problems[2].at.path, "iati-activities/iati-activity[2]");
    EXPECT_NE(file->problems[2].message.find("XML"), std::string::npos);
    EXPECT_TRUE(file->items.empty());
}

TEST(IatiImport, Version1CodesAreRead) {
    ReferenceData ref = Ref();
    const char* const v1 = R"(<iati-activities version="1.03">
<iati-activity default-currency="EUR">
<iati-identifier>NL-1-X</iati-identifier>
<reporting-org ref="NL-1" type="10">Netherlands MFA</reporting-org>
<participating-org role="Implementing" type="22">A local NGO</participating-org>
<activity-date type="start-actual" iso-date="2012-01-01"/>
<transaction><transaction-type code="C"/><transaction-date iso-date="2012-02-01"/><value>500</value></transaction>
<transaction><transaction-type code="D"/><value value-date="2012-03-01">200</value></transaction>
</iati-activity>
</iati-activities>)";
    auto file = ReadActivities(v1, "v1.xml", Options(ref));
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE(file->problems.empty()) << file->problems.front().message;
    EXPECT_EQ(file->format, "IATI 1.03");
    ASSERT_EQ(file->items.size(), 1U);
    const auto& cash = std::get<CashContribution>(file->items[0].record);
    EXPECT_EQ(cash.pledged->minor, 50000);
    EXPECT_EQ(cash.paid->minor, 20000);
    EXPECT_EQ(file->items[0].parties[0].org.name, "Netherlands MFA");
    EXPECT_EQ(file->items[0].parties[1].org.name, "A local NGO");
}

TEST(IatiImport, NotIatiIsAnError) {
    ReferenceData ref = Ref();
    EXPECT_FALSE(ReadActivities("<html></html>", "x.xml", Options(ref)).ok());
    EXPECT_FALSE(LooksLikeActivities("id,provider\n"));
    EXPECT_TRUE(LooksLikeActivities("<?xml version=\"1.0\"?>\n<iati-activities version=\"2.03\">"));
}

}  // namespace
}  // namespace aidledger::iati
