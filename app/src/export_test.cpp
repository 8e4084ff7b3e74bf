// Issue 10: one export of the ledger to bytes for `aidledger export` and GET /export/{format};
// docs/formats.md "Export": --kind applies to hxl, csv and flat-csv, --as-of to iati and xlsx,
// --retired to flat-csv; an IATI export with no activity is refused. Issue 14 item 6: the
// analysis CSV of one kind, with names, versions and retired records when asked.
#include "aidledger/app/export.h"

#include <gtest/gtest.h>

#include "aidledger/io/json_bundle.h"
#include "app_test_support.h"

namespace aidledger::app {
namespace {

using testing::T;

ExportRequest Request(ExportFormat format, const Params& params = {}) {
    auto r = ParseExportRequest(format, params, T("2020-06-01T00:00:00Z"), Spelling::kQuery);
    EXPECT_TRUE(r.ok()) << r.error().field << ": " << r.error().message;
    return r.ok() ? *r : ExportRequest{};
}

TEST(Export, FormatsByName) {
    EXPECT_EQ(*ParseExportFormat("iati", "format"), ExportFormat::kIati);
    auto bad = ParseExportFormat("pdf", "format");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(bad.error().field, "format");
    for (auto f : {ExportFormat::kHxl, ExportFormat::kCsv, ExportFormat::kFlatCsv,
                   ExportFormat::kJson, ExportFormat::kIati, ExportFormat::kXlsx}) {
        EXPECT_EQ(*ParseExportFormat(ExportFormatName(f), "format"), f);
    }
}

TEST(Export, EachBadParameterNamesItsField) {
    struct Case {
        ExportFormat format;
        Params params;
        const char* flag_field;
        const char* query_field;
        const char* message;
    };
    const Case cases[] = {
        {ExportFormat::kCsv, {{"kind", {"teams"}}}, "--kind", "kind", "unknown kind \"teams\""},
        {ExportFormat::kCsv,
         {{"as_of", {"2020-04-01"}}},
         "--as-of",
         "as_of",
         "applies to iati and xlsx only"},
        {ExportFormat::kJson, {{"kind", {"team"}}}, "--kind", "kind", "a bundle holds the whole"},
        {ExportFormat::kIati,
         {{"kind", {"team"}}},
         "--kind",
         "kind",
         "applies to hxl, csv and flat-csv only"},
        {ExportFormat::kFlatCsv,
         {{"as_of", {"2020-04-01"}}},
         "--as-of",
         "as_of",
         "applies to iati and xlsx only"},
        {ExportFormat::kCsv, {{"retired", {"true"}}}, "--retired", "retired", "flat-csv only"},
        {ExportFormat::kFlatCsv,
         {{"retired", {"maybe"}}},
         "--retired",
         "retired",
         "expected true or false"},
        {ExportFormat::kIati, {{"as_of", {"April"}}}, "--as-of", "as_of", "malformed date"},
        {ExportFormat::kCsv, {{"at", {"yesterday"}}}, "--at", "at", "yesterday"},
    };
    for (const auto& c : cases) {
        for (auto spelling : {Spelling::kFlag, Spelling::kQuery}) {
            auto r = ParseExportRequest(c.format, c.params, T("2020-06-01T00:00:00Z"), spelling);
            ASSERT_FALSE(r.ok()) << c.message;
            EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
            EXPECT_EQ(r.error().field, spelling == Spelling::kFlag ? c.flag_field : c.query_field);
            EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
        }
    }
}

TEST(Export, ATableOfOneKind) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    auto file = ExportLedger(l.store(), l.ref(), Request(ExportFormat::kHxl, {{"kind", {"team"}}}));
    ASSERT_TRUE(file.ok()) << file.error().message;
    EXPECT_EQ(file->file_name, "team.hxl.csv");
    EXPECT_EQ(file->content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(file->records, 1U);
    EXPECT_NE(file->bytes.find("team-cn-it"), std::string::npos);
    EXPECT_NE(file->bytes.find("#org"), std::string::npos);

    auto parties = ExportTable(l.store(), l.ref(), Request(ExportFormat::kCsv), Kind::kParty);
    ASSERT_TRUE(parties.ok());
    EXPECT_EQ(parties->file_name, "party.csv");
    EXPECT_EQ(parties->records, 2U);

    auto no_kind = ExportLedger(l.store(), l.ref(), Request(ExportFormat::kCsv));
    ASSERT_FALSE(no_kind.ok());
    EXPECT_EQ(no_kind.error().field, "kind");
}

TEST(Export, AtALedgerTimeBeforeTheFirstWriteTheTableIsEmpty) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    auto file =
        ExportTable(l.store(), l.ref(),
                    Request(ExportFormat::kCsv, {{"at", {"2020-03-01T00:00:00Z"}}}), Kind::kTeam);
    ASSERT_TRUE(file.ok());
    EXPECT_EQ(file->records, 0U);
}

TEST(Export, TheBundleIATIAndTheWorkbook) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    auto bundle = ExportLedger(l.store(), l.ref(), Request(ExportFormat::kJson));
    ASSERT_TRUE(bundle.ok());
    EXPECT_EQ(bundle->file_name, "aidledger-bundle.json");
    EXPECT_TRUE(json::LooksLikeBundle(bundle->bytes));

    auto iati = ExportLedger(l.store(), l.ref(), Request(ExportFormat::kIati));
    ASSERT_TRUE(iati.ok()) << iati.error().message;
    EXPECT_EQ(iati->bytes.rfind("<?xml", 0), 0U);
    EXPECT_NE(iati->bytes.find("iati-activity"), std::string::npos);
    // Nothing had happened by 2020-01-01: no activity, which the schema would reject.
    auto none =
        ExportLedger(l.store(), l.ref(), Request(ExportFormat::kIati, {{"as_of", {"2020-01-01"}}}));
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
    EXPECT_NE(none.error().message.find("by as_of"), std::string::npos);

    auto xlsx = ExportLedger(l.store(), l.ref(), Request(ExportFormat::kXlsx));
    ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
    EXPECT_EQ(xlsx->file_name, "aidledger.xlsx");
    EXPECT_EQ(xlsx->bytes.rfind("PK", 0), 0U);  // a zip file
}

TEST(Export, TheAnalysisTableOfOneKindNamesItsPartiesAndSaysWhichVersion) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    auto file =
        ExportLedger(l.store(), l.ref(), Request(ExportFormat::kFlatCsv, {{"kind", {"team"}}}));
    ASSERT_TRUE(file.ok()) << file.error().message;
    EXPECT_EQ(file->file_name, "team.flat.csv");
    EXPECT_EQ(file->content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(file->records, 1U);
    EXPECT_NE(file->bytes.find("\r\nteam-cn-it,,0,,false,cn,China,it,Italy,medical_experts,,,"
                               "2020-03-12,2020-03-12,2020-03-12,"),
              std::string::npos)
        << file->bytes;
    EXPECT_TRUE(file->bytes.ends_with(",1,2020-04-01T00:00:00.000000Z,false\r\n"));

    auto no_kind = ExportLedger(l.store(), l.ref(), Request(ExportFormat::kFlatCsv));
    ASSERT_FALSE(no_kind.ok());
    EXPECT_EQ(no_kind.error().field, "kind");
    EXPECT_NE(no_kind.error().message.find("party, item, donation"), std::string::npos);
}

TEST(Export, TheAnalysisTableHoldsRetiredRecordsOnlyWhenAskedAndKeepsWhatTheFilterKeeps) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    Mutation retire;
    retire.op = Mutation::Op::kRetire;
    retire.kind = Kind::kTeam;
    retire.id = "team-cn-it";
    ASSERT_TRUE(l.ledger()
                    .Write({testing::Create(testing::Team("team-2", "it", "cn")), retire},
                           WriteContext{"tester", "retire", testing::T("2020-05-01T00:00:00Z")})
                    .ok());
    auto live = ExportFlatTable(l.store(), l.ref(), Request(ExportFormat::kFlatCsv), Kind::kTeam);
    ASSERT_TRUE(live.ok());
    EXPECT_EQ(live->records, 1U);
    EXPECT_EQ(live->bytes.find("team-cn-it"), std::string::npos);

    auto all = ExportFlatTable(
        l.store(), l.ref(), Request(ExportFormat::kFlatCsv, {{"retired", {"true"}}}), Kind::kTeam);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->records, 2U);
    EXPECT_NE(all->bytes.find(",2,2020-05-01T00:00:00.000000Z,true\r\n"), std::string::npos)
        << all->bytes;

    // The ledger as it was: the first team live, at version 1.
    auto then = ExportFlatTable(
        l.store(), l.ref(), Request(ExportFormat::kFlatCsv, {{"at", {"2020-04-15"}}}), Kind::kTeam);
    ASSERT_TRUE(then.ok());
    EXPECT_EQ(then->records, 1U);
    EXPECT_NE(then->bytes.find("team-cn-it"), std::string::npos);

    auto kept = ExportFlatTable(
        l.store(), l.ref(), Request(ExportFormat::kFlatCsv, {{"retired", {"true"}}}), Kind::kTeam,
        [](const Record& r) { return std::get<TeamDeployment>(r).provider == "it"; });
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(kept->records, 1U);
    EXPECT_NE(kept->bytes.find("team-2"), std::string::npos);
}

}  // namespace
}  // namespace aidledger::app
