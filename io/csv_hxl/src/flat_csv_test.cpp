// The analysis CSV (docs/formats.md "The analysis CSV", aidledger/io/flat_csv.h): RFC 4180 with
// a byte-order mark and CRLF, one row per record, formula-leading text neutralised as the
// dashboard's downloads do, numbers as they are, unknown values empty; and the importer
// refuses it rather than read it as an import table.
#include "aidledger/io/flat_csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aidledger/io/csv_hxl.h"
#include "import_rows.h"

namespace aidledger::csv {
namespace {

Date D(const char* text) { return *ParseDate(text, "test"); }

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find("\r\n", at);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(at, end - at));
        at = end + 2;
    }
    return out;
}

class FlatCsvTest : public ::testing::Test {
  protected:
    void SetUp() override {
        Party cn;
        cn.id = "cn";
        cn.name = "China";
        Party it;
        it.id = "it";
        it.name = "Italy, \"the\" Republic";
        std::vector<StoredRecord> parties;
        parties.push_back({Record(cn), {}});
        parties.push_back({Record(it), {}});
        view_ = LedgerView(std::move(parties));
    }

    static StoredRecord Stored(Record record, std::int64_t version, bool retired = false) {
        VersionMeta meta;
        meta.kind = KindOf(record);
        meta.id = IdOf(record);
        meta.version = version;
        meta.retired = retired;
        meta.recorded_at = *ParseLedgerTime("2026-01-01T00:00:00Z", "test");
        return {std::move(record), meta};
    }

    ReferenceData ref_;
    LedgerView view_;
};

TEST_F(FlatCsvTest, ATeamIsOneRowAfterAByteOrderMarkWithCrlfLineEnds) {
    TeamDeployment t;
    t.id = "team-1";
    t.provider = "cn";
    t.host = "it";
    t.team_kind = TeamKind::kMedicalExperts;
    t.size = 12;
    t.specialties = {"respiratory", "ICU"};
    t.sent = {D("2020-03-27"), D("2020-04-09")};
    t.sources = {{"seed-002", "a team of 12, \"experts\""}};
    std::string csv = WriteFlatTable(Kind::kTeam, {Stored(Record(t), 3)}, ref_, &view_);
    ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0U);
    EXPECT_TRUE(csv.ends_with("\r\n"));
    auto lines = Lines(csv.substr(3));
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0],
              "id,sources,source_count,notes,synthetic,provider,provider_name,host,host_name,"
              "team_kind,size,specialties,sent,sent_earliest,sent_latest,arrived,"
              "arrived_earliest,arrived_latest,left,left_earliest,left_latest,planned_days,"
              "activities,version,recorded_at,retired");
    EXPECT_EQ(lines[1], R"(team-1,"seed-002: ""a team of 12, ""experts""""",1,,false,cn,China,it,)"
                        R"("Italy, ""the"" Republic",medical_experts,12,respiratory; ICU,)"
                        "2020-03-27/2020-04-09,2020-03-27,2020-04-09,,,,,,,,,3,"
                        "2026-01-01T00:00:00.000000Z,false");
    EXPECT_EQ(FlatColumns(Kind::kTeam).size(), 26U);
}

TEST_F(FlatCsvTest, MoneyIsExactMajorUnitsAndUnknownAmountsAreEmpty) {
    CashContribution c;
    c.id = "cash-1";
    c.provider = "cn";
    c.recipient = "it";
    c.pledged = Money{2000000000, "USD"};
    c.pledged_on = DateInterval::Exact(D("2020-03-11"));
    c.paid = Money{-125, "USD"};  // a correction: numbers are written as they are
    std::string csv = WriteFlatTable(Kind::kCash, {Stored(Record(c), 1)}, ref_, &view_);
    auto lines = Lines(csv.substr(3));
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_NE(lines[0].find(",pledged,pledged_minor,pledged_currency,pledged_on,"),
              std::string::npos);
    EXPECT_NE(lines[1].find(",20000000.00,2000000000,USD,2020-03-11,2020-03-11,2020-03-11,"
                            "-1.25,-125,USD,,,,1,"),
              std::string::npos)
        << lines[1];
}

TEST_F(FlatCsvTest, FormulaLeadingTextGetsAnApostropheAsInTheDashboardsDownloads) {
    TeamDeployment t;
    t.id = "team-1";
    t.provider = "cn";
    t.host = "it";
    t.sent = DateInterval::Exact(D("2020-03-01"));
    t.notes = "=HYPERLINK(\"http://example.org\")";
    auto row = [&](std::vector<std::string> activities) {
        t.activities = std::move(activities);
        auto lines = Lines(WriteFlatTable(Kind::kTeam, {Stored(Record(t), 1)}, ref_, &view_));
        return lines.at(1);
    };
    std::string line = row({"+training"});
    EXPECT_NE(line.find(R"x(,"'=HYPERLINK(""http://example.org"")",)x"), std::string::npos) << line;
    EXPECT_NE(line.find(",'+training,1,"), std::string::npos) << line;
    EXPECT_NE(row({"-"}).find(",'-,1,"), std::string::npos);
    EXPECT_NE(row({"@home"}).find(",'@home,1,"), std::string::npos);
    EXPECT_NE(row({"\t=cmd"}).find(",'\t=cmd,1,"), std::string::npos);
    EXPECT_NE(row({"'=quoted"}).find(",''=quoted,1,"), std::string::npos);
    EXPECT_NE(row({"'s-Hertogenbosch"}).find(",'s-Hertogenbosch,1,"), std::string::npos);
    EXPECT_NE(row({"Masks = 3"}).find(",Masks = 3,1,"), std::string::npos);
}

TEST_F(FlatCsvTest, ARetiredVersionSaysSo) {
    Party p;
    p.id = "old";
    p.name = "Old party";
    std::string csv = WriteFlatTable(Kind::kParty, {Stored(Record(p), 4, true)}, ref_, &view_);
    auto lines = Lines(csv.substr(3));
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_TRUE(lines[1].ends_with(",4,2026-01-01T00:00:00.000000Z,true")) << lines[1];
    EXPECT_EQ(FlatFileName(Kind::kParty), "party.flat.csv");
}

TEST_F(FlatCsvTest, AnEmptyKindIsTheHeaderAlone) {
    std::string csv = WriteFlatTable(Kind::kClaim, {}, ref_, nullptr);
    EXPECT_EQ(Lines(csv.substr(3)).size(), 1U);
}

TEST_F(FlatCsvTest, TheImporterRefusesAnAnalysisTableNamingTheExportToUse) {
    TeamDeployment t;
    t.id = "team-1";
    t.provider = "cn";
    t.host = "it";
    t.sent = DateInterval::Exact(D("2020-03-01"));
    std::string csv = WriteFlatTable(Kind::kTeam, {Stored(Record(t), 1)}, ref_, &view_);
    InputFile in{"team.flat.csv", csv, Kind::kTeam};
    auto begin = CheckEncoding(in);
    ASSERT_TRUE(begin.ok());
    auto layout = ReadLayout(in, *begin, Kind::kTeam);
    ASSERT_FALSE(layout.ok());
    EXPECT_EQ(layout.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(layout.error().message.find("is an analysis table (export --format flat-csv)"),
              std::string::npos)
        << layout.error().message;
    EXPECT_NE(layout.error().message.find("--format csv or hxl"), std::string::npos);
}

}  // namespace
}  // namespace aidledger::csv
