// Issue 10: one export of the ledger to bytes for `aidledger export` and GET /export/{format};
// docs/formats.md "Export": --kind applies to hxl and csv, --as-of to iati and xlsx; an IATI
// export with no activity is refused.
#include "aidledger/app/export.h"

#include <gtest/gtest.h>

#include "aidledger/io/json_bundle.h"
#include "app_test_support.h"

namespace aidledger::app {
namespace {

using testing::T;

ExportRequest Request(ExportFormat format, Params params = {}) {
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
    for (auto f : {ExportFormat::kHxl, ExportFormat::kCsv, ExportFormat::kJson, ExportFormat::kIati,
                   ExportFormat::kXlsx}) {
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
         "applies to hxl and csv only"},
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
    EXPECT_EQ(file->records, 1u);
    EXPECT_NE(file->bytes.find("team-cn-it"), std::string::npos);
    EXPECT_NE(file->bytes.find("#org"), std::string::npos);

    auto parties = ExportTable(l.store(), l.ref(), Request(ExportFormat::kCsv), Kind::kParty);
    ASSERT_TRUE(parties.ok());
    EXPECT_EQ(parties->file_name, "party.csv");
    EXPECT_EQ(parties->records, 2u);

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
    EXPECT_EQ(file->records, 0u);
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
    EXPECT_EQ(iati->bytes.rfind("<?xml", 0), 0u);
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
    EXPECT_EQ(xlsx->bytes.rfind("PK", 0), 0u);  // a zip file
}

}  // namespace
}  // namespace aidledger::app
