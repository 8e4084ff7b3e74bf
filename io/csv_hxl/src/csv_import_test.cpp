// CSV/HXL import (issue 4 item 2, docs/formats.md): tag rows found under header rows, tags
// matched in any case and order, rows grouped into records by #meta +id, all-or-nothing with
// every bad cell reported at its line:column (also after multi-line quoted cells), repeated
// problems grouped, counts that add up to the rows, a dry run that reports the same and writes
// nothing, re-import without duplicates, and export -> import round trips.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "aidledger/io/csv_hxl.h"

namespace aidledger::csv {
namespace {

// A store just big enough for these tests (the real ones live in storage/, which io/ may not
// depend on): versions in memory, reads of the current state only.
class ListStore final : public LedgerStore {
  public:
    Result<std::vector<VersionMeta>> Apply(const std::vector<Mutation>& mutations,
                                           const WriteContext& context) override {
        std::vector<VersionMeta> out;
        for (const Mutation& m : mutations) {
            auto& versions = records_[{m.kind, m.id}];
            VersionMeta meta{m.kind,
                             m.id,
                             static_cast<std::int64_t>(versions.size()) + 1,
                             ++seq_,
                             context.now,
                             context.author,
                             context.reason,
                             m.op == Mutation::Op::kRetire};
            Record body = m.record ? *m.record : versions.back().record;
            versions.push_back(StoredRecord{std::move(body), meta});
            out.push_back(meta);
        }
        ++applies_;
        return out;
    }
    Result<std::optional<StoredRecord>> Get(Kind kind, std::string_view id,
                                            std::optional<LedgerTime>) override {
        auto it = records_.find({kind, std::string(id)});
        if (it == records_.end()) return std::optional<StoredRecord>();
        return std::optional<StoredRecord>(it->second.back());
    }
    Result<std::vector<StoredRecord>> Scan(const ScanQuery& query) override {
        std::vector<StoredRecord> out;
        for (const auto& [key, versions] : records_) {
            if (query.kind && key.first != *query.kind) continue;
            if (versions.back().meta.retired && !query.include_retired) continue;
            out.push_back(versions.back());
        }
        return out;
    }
    Result<std::vector<StoredRecord>> History(Kind kind, std::string_view id) override {
        auto it = records_.find({kind, std::string(id)});
        return it == records_.end() ? std::vector<StoredRecord>() : it->second;
    }
    Result<Stats> GetStats() override { return Stats{seq_, 0, std::nullopt, seq_}; }
    Result<std::vector<StoredRecord>> VersionsSince(std::int64_t, std::size_t) override {
        return Error::Invalid("", "not in this test store");
    }
    Result<std::vector<std::string>> CheckIntegrity() override {
        return std::vector<std::string>();
    }
    Result<void> ImportHistory(const std::vector<StoredRecord>&,
                               const std::optional<RestoreAudit>&) override {
        return Error::Invalid("", "not in this test store");
    }

    int applies() const { return applies_; }

  private:
    std::map<std::pair<Kind, std::string>, std::vector<StoredRecord>> records_;
    std::int64_t seq_ = 0;
    int applies_ = 0;
};

ReferenceData Ref() {
    ReferenceData ref;
    ref.country_names = {{"CN", "China"}, {"IT", "Italy"}, {"NG", "Nigeria"}};
    ref.alpha3_to_alpha2 = {{"CHN", "CN"}, {"ITA", "IT"}, {"NGA", "NG"}};
    ref.currencies = {"USD", "CNY"};
    return ref;
}

Party Country(const char* id, const char* iso, const char* name) {
    Party p;
    p.id = id;
    p.name = name;
    p.kind = PartyKind::kCountry;
    p.iso_code = iso;
    return p;
}

CatalogueItem Item(const char* id) {
    CatalogueItem item;
    item.id = id;
    item.name = id;
    item.hs_code = "6307.90";
    item.unit = "piece";
    return item;
}

class ImportTest : public ::testing::Test {
  protected:
    ImportTest() : ref_(Ref()), ledger_(store_, ref_) {
        Party who;
        who.id = "who";
        who.name = "World Health Organization";
        who.kind = PartyKind::kInternationalOrganisation;
        Source seed;
        seed.id = "seed-1";
        seed.published = *ParseInterval("2020-04-09", "x");
        seed.text = "China sent masks.";
        std::vector<Mutation> base;
        for (Record r : std::vector<Record>{
                 Country("cn", "CN", "China"), Country("it", "IT", "Italy"),
                 Country("ng", "NG", "Nigeria"), who, Item("masks"), Item("suits"), seed}) {
            base.push_back(Mutation{Mutation::Op::kCreate, KindOf(r), IdOf(r), r, {}});
        }
        auto written = ledger_.Write(std::move(base), Context());
        EXPECT_TRUE(written.ok()) << written.error().message;
    }

    static WriteContext Context() {
        return WriteContext{"tester", "import test", *ParseLedgerTime("2026-01-01", "t")};
    }

    Result<ImportReport> Run(std::vector<InputFile> files, bool dry_run = false) {
        ImportOptions options;
        options.dry_run = dry_run;
        return Import(ledger_, files, options, Context());
    }

    ImportReport MustRun(const std::string& name, std::string_view text, bool dry_run = false) {
        auto report = Run({InputFile{name, text, std::nullopt}}, dry_run);
        EXPECT_TRUE(report.ok()) << report.error().field << ": " << report.error().message;
        return report.ok() ? *report : ImportReport{};
    }

    template <class T>
    T Stored(Kind kind, const char* id) {
        auto got = store_.Get(kind, id, std::nullopt);
        EXPECT_TRUE(got.ok() && got->has_value()) << id;
        return std::get<T>((*got)->record);
    }

    ListStore store_;
    ReferenceData ref_;
    Ledger ledger_;
};

TEST_F(ImportTest, FindsTheTagRowUnderHeaderRowsAndMatchesTagsInAnyCaseAndOrder) {
    std::string text =
        "\xEF\xBB\xBF"
        "Team deployments reported by partners\r\n"
        "ID,Who,Where,Kind,Sent,Comment\r\n"
        "#meta +id,#ORG +Id +Funder,#country+dest+code,#activity +type,#date +start,\r\n"
        "t1,cn,ITA,medical_experts,2020-03-12,first team\r\n"
        "t2,cn,it,Technical,2020-03-18/2020-03-20,\r\n"
        "\r\n\r\n";
    ImportReport report = MustRun("teams.csv", text);
    EXPECT_TRUE(report.ok()) << FormatReport(report);
    ASSERT_EQ(report.files.size(), 1u);
    EXPECT_EQ(report.files[0].dialect, Dialect::kHxl);
    EXPECT_EQ(report.files[0].header_line, 3);
    EXPECT_EQ(report.files[0].rows, 2);
    EXPECT_TRUE(report.files[0].ignored_columns.empty());  // untagged columns are ignored
    EXPECT_EQ(report.rows.created, 2);
    auto t1 = Stored<TeamDeployment>(Kind::kTeam, "t1");
    EXPECT_EQ(t1.host, "it");
    EXPECT_EQ(t1.provider, "cn");
    EXPECT_EQ(Stored<TeamDeployment>(Kind::kTeam, "t2").team_kind, TeamKind::kTechnical);
}

TEST_F(ImportTest, ExcelsSepLineIsSkipped) {
    ImportReport report = MustRun("teams.csv",
                                  "sep=,\nid,provider,host,team_kind,sent\n"
                                  "t1,cn,it,technical,2020-03-01\n");
    EXPECT_TRUE(report.ok()) << FormatReport(report);
    EXPECT_EQ(report.files[0].header_line, 2);
    EXPECT_EQ(report.rows.created, 1);
}

TEST_F(ImportTest, UnknownTagsAreIgnoredAndListed) {
    ImportReport report = MustRun("teams.csv",
                                  "#meta +id,#org +funder +id,#country +code +dest,#activity "
                                  "+type,#date +start,#org +funder +name,#x_note\n"
                                  "t1,cn,it,technical,2020-03-12,China,hello\n");
    EXPECT_TRUE(report.ok());
    EXPECT_EQ(report.files[0].ignored_columns,
              (std::vector<std::string>{"#org +funder +name (column 6)", "#x_note (column 7)"}));
}

TEST_F(ImportTest, ADonationTakesOneRowPerLineGroupedById) {
    std::string text =
        "id,provider,recipient,lines.item,lines.quantity,lines.value,lines.value.currency,"
        "history.status,history.on\n"
        "d1,cn,it,masks,1000,2500.50,USD,pledged,2020-03-01\n"
        "d1,cn,it,suits,20,,,shipped,2020-03-05\n"
        "d2,CHN,NGA,masks,,,,shipped,2020-03-05\n";
    ImportReport report = MustRun("donations.csv", text);
    EXPECT_TRUE(report.ok()) << FormatReport(report);
    EXPECT_EQ(report.rows.created, 3);
    EXPECT_EQ(report.records.created, 2);
    auto d1 = Stored<Donation>(Kind::kDonation, "d1");
    ASSERT_EQ(d1.lines.size(), 2u);
    EXPECT_EQ(d1.lines[0].value, (Money{250050, "USD"}));
    EXPECT_EQ(d1.lines[1].quantity, 20);
    EXPECT_FALSE(d1.lines[1].value.has_value());
    ASSERT_EQ(d1.history.size(), 2u);
    EXPECT_EQ(d1.history[1].status, DonationStatus::kShipped);
    auto d2 = Stored<Donation>(Kind::kDonation, "d2");
    EXPECT_EQ(d2.recipient, "ng");
    EXPECT_FALSE(d2.lines[0].quantity.has_value());  // unknown, never 0
}

TEST_F(ImportTest, BadRowsWriteNothingAndEachProblemHasItsLineAndColumn) {
    std::string text =
        "id,provider,host,team_kind,sent,notes\n"
        "t1,cn,it,technical,2020-03-01,\"a note\n"
        "over two lines, with a comma\"\n"
        "t2,cn,xx,technical,2020-03-01,\n"
        "t3,cn,xx,technical,01/02/2020,\n"
        "t4,cn,it,surgeons,2020-03-01,\n";
    int applies = store_.applies();
    ImportReport report = MustRun("teams.csv", text);
    EXPECT_EQ(store_.applies(), applies);  // nothing written
    ASSERT_EQ(report.problems.size(), 4u) << FormatReport(report);
    auto at = [&](std::size_t i) {
        return std::make_pair(report.problems[i].at.line, report.problems[i].at.column);
    };
    EXPECT_EQ(at(0), std::make_pair(int64_t{4}, int64_t{7}));
    EXPECT_EQ(report.problems[0].field, "host");
    EXPECT_EQ(report.problems[0].message, "no party \"xx\" in the ledger");
    EXPECT_EQ(at(1), std::make_pair(int64_t{5}, int64_t{7}));
    EXPECT_EQ(at(2), std::make_pair(int64_t{5}, int64_t{20}));
    EXPECT_NE(report.problems[2].message.find("ambiguous"), std::string::npos);
    EXPECT_EQ(at(3), std::make_pair(int64_t{6}, int64_t{10}));
    EXPECT_EQ(report.rows.total(), 4);
    EXPECT_EQ(report.rows.rejected, 3);
    EXPECT_EQ(report.rows.created, 1);
    EXPECT_EQ(report.records.total(), 4);

    std::string text_report = FormatReport(report);
    EXPECT_NE(text_report.find("teams.csv:4:7: host: no party \"xx\" in the ledger (2 times; "
                               "also at 5:7)\n"),
              std::string::npos)
        << text_report;
    EXPECT_NE(text_report.find("rows: 4 (1 created, 0 updated, 0 unchanged, 3 rejected)\n"),
              std::string::npos);
    EXPECT_NE(text_report.find("nothing written: 3 rows rejected"), std::string::npos);
}

TEST_F(ImportTest, ACellAfterAMultiLineCellInTheSameRowIsPlacedOnItsOwnLine) {
    std::string text =
        "id,notes,provider,host,team_kind,sent\n"
        "t1,\"two\nlines, here\",cn,it,technical,2020-13-01\n";
    ImportReport report = MustRun("teams.csv", text);
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].at, (Position{3, 30}));
    EXPECT_EQ(report.problems[0].field, "sent");
}

TEST_F(ImportTest, ADryRunReportsTheSameAndWritesNothing) {
    std::string text = "id,provider,host,team_kind,sent\nt1,cn,it,technical,2020-03-01\n";
    int applies = store_.applies();
    ImportReport dry = MustRun("teams.csv", text, true);
    EXPECT_EQ(store_.applies(), applies);
    EXPECT_FALSE(store_.Get(Kind::kTeam, "t1", std::nullopt)->has_value());
    ImportReport real = MustRun("teams.csv", text);
    EXPECT_EQ(store_.applies(), applies + 1);
    EXPECT_EQ(FormatReport(dry), FormatReport(real));
    EXPECT_EQ(real.rows.created, 1);
}

TEST_F(ImportTest, ReimportingCreatesNoDuplicatesAndAChangedRowIsAnUpdate) {
    std::string text =
        "id,provider,host,team_kind,sent\nt1,cn,it,technical,2020-03-01\n"
        "t2,cn,it,technical,2020-03-02\n";
    EXPECT_EQ(MustRun("teams.csv", text).rows.created, 2);
    int applies = store_.applies();
    ImportReport again = MustRun("teams.csv", text);
    EXPECT_EQ(again.rows.unchanged, 2);
    EXPECT_EQ(store_.applies(), applies);  // nothing to write
    ImportReport changed = MustRun("teams.csv",
                                   "id,provider,host,team_kind,sent,size\n"
                                   "t1,cn,it,technical,2020-03-01,12\n"
                                   "t2,cn,it,technical,2020-03-02,\n");
    EXPECT_EQ(changed.rows.updated, 1);
    EXPECT_EQ(changed.rows.unchanged, 1);
    EXPECT_EQ(Stored<TeamDeployment>(Kind::kTeam, "t1").size, 12);
}

TEST_F(ImportTest, TheRowsOfARecordStayTogether) {
    ImportReport report = MustRun("donations.csv",
                                  "id,provider,recipient,history.status,history.on\n"
                                  "d1,cn,it,pledged,2020-03-01\n"
                                  "d2,cn,it,pledged,2020-03-01\n"
                                  "d1,cn,it,shipped,2020-03-05\n");
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].at, (Position{4, 1}));
    EXPECT_NE(report.problems[0].message.find("line 2"), std::string::npos);
    EXPECT_EQ(report.rows.rejected, 1);
    EXPECT_EQ(report.rows.total(), 3);
}

TEST_F(ImportTest, RowsOfOneRecordMustAgreeOnItsFields) {
    ImportReport report = MustRun("donations.csv",
                                  "id,provider,recipient,history.status,history.on\n"
                                  "d1,cn,it,pledged,2020-03-01\n"
                                  "d1,cn,ng,shipped,2020-03-05\n");
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].at, (Position{3, 7}));
    EXPECT_NE(report.problems[0].message.find("differs from line 2"), std::string::npos);
    EXPECT_EQ(report.rows.rejected, 2);
}

TEST_F(ImportTest, ARowWithMoreCellsThanTheHeaderIsRejected) {
    ImportReport report = MustRun("teams.csv",
                                  "id,provider,host,team_kind,sent\n"
                                  "t1,cn,it,technical,2020-03-01,oops\n");
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].at, (Position{2, 31}));
}

TEST_F(ImportTest, ARowWithoutAnIdIsRejected) {
    ImportReport report = MustRun("teams.csv",
                                  "id,provider,host,team_kind,sent\n"
                                  ",cn,it,technical,2020-03-01\n"
                                  "t2,cn,it,technical,2020-03-01\n");
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].at, (Position{2, 1}));
    EXPECT_EQ(report.rows.rejected, 1);
    EXPECT_EQ(report.rows.created, 1);
}

TEST_F(ImportTest, OneRecordInTwoFilesIsRejected) {
    std::string a = "id,provider,host,team_kind,sent\nt1,cn,it,technical,2020-03-01\n";
    auto report = Run({InputFile{"a.csv", a, Kind::kTeam}, InputFile{"b.csv", a, Kind::kTeam}});
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->problems.size(), 1u);
    EXPECT_EQ(report->problems[0].file, "b.csv");
    EXPECT_NE(report->problems[0].message.find("also in a.csv"), std::string::npos);
}

TEST_F(ImportTest, FilesAreOneBatchSoTheyMayReferToEachOther) {
    std::string parties = "id,name,kind,parent\nacme,Acme,enterprise,cn\n";
    std::string teams = "id,provider,host,team_kind,sent\nt1,acme,it,technical,2020-03-01\n";
    auto report = Run({InputFile{"teams.csv", teams, std::nullopt},
                       InputFile{"parties.csv", parties, std::nullopt}});
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(report->ok()) << FormatReport(*report);
    EXPECT_EQ(report->records.created, 2);
}

TEST_F(ImportTest, ARetiredIdIsNotReused) {
    ASSERT_TRUE(
        ledger_.Write({Mutation{Mutation::Op::kRetire, Kind::kItem, "suits", {}, {}}}, Context())
            .ok());
    ImportReport report = MustRun("items.csv", "id,name,hs_code,unit\nsuits,Suits,6210.10,piece\n");
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].at, (Position{2, 1}));
    EXPECT_NE(report.problems[0].message.find("retired"), std::string::npos);
}

TEST_F(ImportTest, ASecondPartyForACountryIsRejectedAsTheWriteWould) {
    ImportReport report = MustRun("parties.csv", "id,name,kind,iso_code\nitaly,Italy,country,IT\n");
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].at, (Position{2, 21}));
    EXPECT_NE(report.problems[0].message.find("already party it"), std::string::npos);
}

struct BadFile {
    const char* text;
    const char* field;    // Error::field
    const char* message;  // part of the message
};

TEST_F(ImportTest, BadFilesGetOneClearErrorAndWriteNothing) {
    using namespace std::string_view_literals;
    const std::vector<std::pair<std::string_view, BadFile>> cases = {
        {""sv, {"", "teams.csv", "is empty"}},
        {" \r\n\n\t\n"sv, {"", "teams.csv", "is empty"}},
        {"id,provider,host,team_kind,sent\n\n\n"sv,
         {"", "teams.csv:1:1", "header row but no data rows"}},
        {"Teams\n#meta +id,#org +funder +id,#country +code +dest,#activity +type,#date +start\n"sv,
         {"", "teams.csv:2:1", "HXL tags but no data rows"}},
        {"id;provider;host\nt1;cn;it\n"sv, {"", "teams.csv:1:1", "semicolon-separated"}},
        {"id\tprovider\nt1\tcn\n"sv, {"", "teams.csv:1:1", "tab-separated"}},
        {"\xFF\xFEi\0d\0"sv, {"", "teams.csv", "UTF-16"}},
        {"\xFE\xFF\0i\0d"sv, {"", "teams.csv", "UTF-16"}},
        {"i\0d\0,\0"sv, {"", "teams.csv:1:2", "NUL"}},
        {"id,provider\nt\xE9,cn\n"sv, {"", "teams.csv:2:2", "not valid UTF-8"}},
        {"id,provider,host,team_kind,sent\nt1,\"cn,it\n"sv, {"", "teams.csv:2:4", "never closed"}},
        {"id,provider,host\nt1,cn,it\n"sv, {"", "teams.csv:1:1", "no column for team_kind, sent"}},
        {"id,provider,provider,host,team_kind,sent\n"sv, {"", "teams.csv:1:13", "appears twice"}},
        {"[{\"id\": \"t1\"}]"sv, {"", "teams.csv", "is JSON, not a CSV table"}},
        {"sep=;\nid;provider\n"sv, {"", "teams.csv:1:1", "semicolon-separated"}},
    };
    int applies = store_.applies();
    for (const auto& [text, bad] : cases) {
        auto report = Run({InputFile{"teams.csv", text, std::nullopt}});
        ASSERT_FALSE(report.ok()) << bad.message;
        EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(report.error().field, bad.field) << bad.message;
        EXPECT_NE(report.error().message.find(bad.message), std::string::npos)
            << report.error().message;
    }
    auto unnamed = Run({InputFile{"data.csv", "id\nx\n", std::nullopt}});
    ASSERT_FALSE(unnamed.ok());
    EXPECT_NE(unnamed.error().message.find("--kind"), std::string::npos);
    EXPECT_EQ(store_.applies(), applies);
}

// A file of the source tree: ctest gives its root; run by hand, the test finds it from its own
// source path.
std::string SourceFile(const std::string& relative) {
    const char* root = std::getenv("AIDLEDGER_SOURCE_DIR");
    std::filesystem::path dir = root != nullptr
                                    ? std::filesystem::path(root)
                                    : std::filesystem::path(__FILE__).parent_path() / "../../..";
    std::ifstream in(dir / relative, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST_F(ImportTest, APartnersHxlFileWithHeadersBomAndCrlfImports) {
    std::string text = SourceFile("tests/data/formats/partner_donations.hxl.csv");
    ASSERT_FALSE(text.empty());
    ImportReport report = MustRun("partner_donations.hxl.csv", text);
    EXPECT_TRUE(report.ok()) << FormatReport(report);
    EXPECT_EQ(report.files[0].header_line, 3);
    EXPECT_EQ(report.rows.created, 4);
    EXPECT_EQ(report.records.created, 2);
    auto first = Stored<Donation>(Kind::kDonation, "don-partner-1");
    EXPECT_EQ(first.provider, "cn");
    EXPECT_EQ(first.recipient, "it");
    ASSERT_EQ(first.lines.size(), 2u);
    EXPECT_EQ(first.lines[0].quantity, 100000);
    EXPECT_EQ(first.lines[1].value, (Money{1500000, "USD"}));
    ASSERT_EQ(first.history.size(), 1u);
    auto second = Stored<Donation>(Kind::kDonation, "don-partner-2");
    ASSERT_EQ(second.history.size(), 2u);
    EXPECT_EQ(second.history[1].status, DonationStatus::kDelivered);
}

TEST_F(ImportTest, TheBadTeamsSampleGivesTheDocumentedReport) {
    std::string text = SourceFile("tests/data/formats/bad_teams.csv");
    std::string expected = SourceFile("tests/data/formats/bad_teams.report");
    ASSERT_FALSE(text.empty());
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(FormatReport(MustRun("bad_teams.csv", text)), expected);
    EXPECT_NE(SourceFile("docs/formats.md").find(expected), std::string::npos)
        << "docs/formats.md no longer shows the report of bad_teams.csv";
}

TEST(KindFromFileName, ReadsTheKindOutOfTheName) {
    EXPECT_EQ(KindFromFileName("donations.csv"), Kind::kDonation);
    EXPECT_EQ(KindFromFileName("out/party.csv"), Kind::kParty);
    EXPECT_EQ(KindFromFileName("partner-parties.hxl.csv"), Kind::kParty);
    EXPECT_EQ(KindFromFileName("2020-cash.csv"), Kind::kCash);
    EXPECT_EQ(KindFromFileName("Teams_April.CSV"), Kind::kTeam);
    EXPECT_EQ(KindFromFileName("statistics.csv"), Kind::kStatistic);
    EXPECT_FALSE(KindFromFileName("data.csv").has_value());
}

TEST_F(ImportTest, FormulaCellsAreNeutralisedOnExportAndRestoredOnImport) {
    TeamDeployment team;
    team.id = "t1";
    team.provider = "cn";
    team.host = "it";
    team.sent = *ParseInterval("2020-03-01", "x");
    team.notes = "=HYPERLINK(\"http://x\")";
    team.specialties = {"+intensive care", "-", "@home", "'=quoted", "'s-Hertogenbosch", "''"};
    std::string table = ExportTable(Kind::kTeam, {team}, Dialect::kHxl, ref_);
    EXPECT_NE(table.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos) << table;
    EXPECT_NE(table.find(",'+intensive care,"), std::string::npos) << table;
    EXPECT_NE(table.find(",'-,"), std::string::npos) << table;
    EXPECT_NE(table.find(",'@home,"), std::string::npos) << table;
    EXPECT_NE(table.find(",''=quoted,"), std::string::npos) << table;
    EXPECT_NE(table.find(",'s-Hertogenbosch,"), std::string::npos) << table;
    EXPECT_NE(table.find(",''',"), std::string::npos) << table;
    ImportReport report = MustRun("teams.csv", table);
    EXPECT_TRUE(report.ok()) << FormatReport(report);
    EXPECT_EQ(Stored<TeamDeployment>(Kind::kTeam, "t1"), team);
}

TEST_F(ImportTest, ExportThenImportGivesTheSameRecords) {
    Donation donation;
    donation.id = "don-1";
    donation.provider = "cn";
    donation.recipient = "it";
    donation.lines = {ItemLine{"masks", 1000000, "piece", Money{250000, "USD"}},
                      ItemLine{"suits", std::nullopt, std::nullopt, std::nullopt},
                      ItemLine{"masks", 5, std::nullopt, Money{1, "CNY"}}};
    donation.history = {{DonationStatus::kPledged, *ParseInterval("2020-03-01", "x")},
                        {DonationStatus::kShipped, *ParseInterval("2020-03-05/2020-03-09", "x")}};
    donation.sources = {Citation{"seed-1", "China sent masks."}};
    donation.notes = "  leading and trailing spaces, a \"quote\",\nand lines  ";

    CashContribution cash;
    cash.id = "cash-1";
    cash.provider = "cn";
    cash.recipient = "who";
    cash.pledged = Money{2000000000, "USD"};
    cash.pledged_on = *ParseInterval("2020-03-11", "x");

    Claim claim;
    claim.id = "claim-1";
    claim.metric = "teams.sent";
    claim.keys = {{"host_country", "it"}};
    claim.provider = ProviderScope{"CN", {PartyKind::kCentralGovernment}};
    claim.value = 3;
    claim.stated_on = *ParseDate("2020-04-09", "x");
    claim.sources = {Citation{"seed-1", "China sent masks."}};

    for (Dialect dialect : {Dialect::kHxl, Dialect::kPlain}) {
        ListStore fresh;
        Ledger ledger(fresh, ref_);
        auto base = store_.Scan(ScanQuery{});
        std::vector<Mutation> seed;
        for (auto& s : *base) {
            seed.push_back(Mutation{Mutation::Op::kCreate, s.meta.kind, s.meta.id, s.record, {}});
        }
        ASSERT_TRUE(ledger.Write(std::move(seed), Context()).ok());
        std::vector<std::string> tables = {ExportTable(Kind::kDonation, {donation}, dialect, ref_),
                                           ExportTable(Kind::kCash, {cash}, dialect, ref_),
                                           ExportTable(Kind::kClaim, {claim}, dialect, ref_)};
        std::vector<InputFile> files = {InputFile{"donation.csv", tables[0], std::nullopt},
                                        InputFile{"cash.csv", tables[1], std::nullopt},
                                        InputFile{"claim.csv", tables[2], std::nullopt}};
        auto report = Import(ledger, files, ImportOptions{}, Context());
        ASSERT_TRUE(report.ok()) << report.error().message;
        ASSERT_TRUE(report->ok()) << FormatReport(*report);
        EXPECT_EQ(report->rows.created, 5);  // three lines of the donation, cash, claim
        EXPECT_EQ((*fresh.Get(Kind::kDonation, "don-1", std::nullopt))->record, Record(donation));
        EXPECT_EQ((*fresh.Get(Kind::kCash, "cash-1", std::nullopt))->record, Record(cash));
        EXPECT_EQ((*fresh.Get(Kind::kClaim, "claim-1", std::nullopt))->record, Record(claim));
    }
}

}  // namespace
}  // namespace aidledger::csv
