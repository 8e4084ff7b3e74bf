// Issue 10: one import for `aidledger import` and POST /import; docs/formats.md "Import": an
// import is all-or-nothing, a dry run writes nothing, a JSON bundle is imported on its own into
// an empty ledger and holds every kind.
#include "aidledger/app/import.h"

#include <gtest/gtest.h>

#include "aidledger/app/export.h"
#include "aidledger/storage/memory_store.h"
#include "app_test_support.h"

namespace aidledger::app {
namespace {

using testing::T;

const char* kTeams =
    "id,provider,host,team_kind,sent\n"
    "team-cn-it-2,cn,it,technical,2020-03-18\n";

const char* kMoreTeams =
    "id,provider,host,team_kind,sent\n"
    "team-cn-it-3,cn,it,technical,2020-03-20\n";

WriteContext Context() { return WriteContext{"tester", "import", T("2020-05-01T00:00:00Z")}; }

std::size_t Teams(Ledger& ledger) {
    auto view = ledger.View();
    EXPECT_TRUE(view.ok());
    return view->All<TeamDeployment>().size();
}

TEST(Import, TablesAreWrittenUnlessADryRun) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    ImportRequest request;
    request.files = {csv::InputFile{"teams.csv", kTeams, std::nullopt}};
    request.dry_run = true;
    ASSERT_FALSE(*IsBundle(request));
    auto dry = ImportTables(l.ledger(), request, Context());
    ASSERT_TRUE(dry.ok()) << dry.error().message;
    EXPECT_TRUE(dry->ok());
    EXPECT_EQ(dry->rows.created, 1);
    EXPECT_EQ(Teams(l.ledger()), 1u);

    request.dry_run = false;
    auto real = ImportTables(l.ledger(), request, Context());
    ASSERT_TRUE(real.ok());
    EXPECT_EQ(real->rows.created, 1);
    EXPECT_EQ(Teams(l.ledger()), 2u);
}

TEST(Import, TheRequestsKindAppliesToEveryFile) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    ImportRequest request;
    request.files = {csv::InputFile{"upload", kTeams, std::nullopt}};
    request.kind = Kind::kTeam;
    auto report = ImportTables(l.ledger(), request, Context());
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->rows.created, 1);
}

TEST(Import, ABadRowRejectsTheWholeImport) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    std::string bad = std::string(kTeams) + "team-x,cn,nowhere,technical,2020-03-18\n";
    ImportRequest request;
    request.files = {csv::InputFile{"teams.csv", bad, std::nullopt},
                     csv::InputFile{"more_teams.csv", kMoreTeams, Kind::kTeam}};
    auto report = ImportTables(l.ledger(), request, Context());
    ASSERT_TRUE(report.ok());
    EXPECT_FALSE(report->ok());
    EXPECT_EQ(RejectedMessage(*report), "1 row rejected; nothing written");
    EXPECT_EQ(FileNames(request), "teams.csv, more_teams.csv");
    EXPECT_EQ(Teams(l.ledger()), 1u);
}

TEST(Import, ABundleComesAloneAndWithoutAKind) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    ExportRequest out;
    out.format = ExportFormat::kJson;
    out.now = T("2020-06-01T00:00:00Z");
    auto bundle = ExportLedger(l.store(), l.ref(), out);
    ASSERT_TRUE(bundle.ok());

    ImportRequest request;
    request.files = {csv::InputFile{"bundle.json", bundle->bytes, std::nullopt}};
    ASSERT_TRUE(*IsBundle(request));
    request.kind = Kind::kTeam;
    for (auto spelling : {Spelling::kFlag, Spelling::kQuery}) {
        request.spelling = spelling;
        auto with_kind = IsBundle(request);
        ASSERT_FALSE(with_kind.ok());
        EXPECT_EQ(with_kind.error().field, spelling == Spelling::kFlag ? "--kind" : "kind");
        EXPECT_EQ(with_kind.error().message,
                  "a bundle holds every kind; " + with_kind.error().field + " does not apply");
    }
    request.kind.reset();
    request.files.push_back(csv::InputFile{"teams.csv", kTeams, std::nullopt});
    auto several = IsBundle(request);
    ASSERT_FALSE(several.ok());
    EXPECT_EQ(several.error().field, "FILE");
    // Declared JSON is a bundle whatever it holds.
    ImportRequest declared;
    declared.files = {csv::InputFile{"body", "[]", std::nullopt}};
    declared.json_declared = true;
    EXPECT_TRUE(*IsBundle(declared));
}

TEST(Import, ABundleRestoresIntoAnEmptyStoreOnly) {
    testing::SmallLedger l;
    ASSERT_TRUE(l.ok());
    ExportRequest out;
    out.format = ExportFormat::kJson;
    out.now = T("2020-06-01T00:00:00Z");
    auto bundle = ExportLedger(l.store(), l.ref(), out);
    ASSERT_TRUE(bundle.ok());
    ImportRequest request;
    request.files = {csv::InputFile{"bundle.json", bundle->bytes, std::nullopt}};

    auto into_full = RestoreBundle(request, l.ref(), &l.store(), "the ledger", std::nullopt);
    ASSERT_FALSE(into_full.ok());
    EXPECT_EQ(into_full.error().code, ErrorCode::kConflict);

    request.dry_run = true;
    auto checked = RestoreBundle(request, l.ref(), nullptr, "the ledger", std::nullopt);
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(checked->records, 3);

    request.dry_run = false;
    auto empty = MakeMemoryStore();
    auto restored = RestoreBundle(request, l.ref(), empty.get(), "the ledger", std::nullopt);
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    EXPECT_EQ(restored->live, 3);
    Ledger copy(*empty, l.ref());
    EXPECT_EQ(Teams(copy), 1u);
}

}  // namespace
}  // namespace aidledger::app
