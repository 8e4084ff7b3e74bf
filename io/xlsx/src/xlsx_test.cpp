// The XLSX export's cell rules and file handling (issue 4, item 3: text cells starting with
// = + - @ are neutralised; io/xlsx/include/aidledger/io/xlsx.h: sheet names, Excel's limits,
// kUnavailable for a file that cannot be written, no half-written file left behind). What
// LibreOffice reads back from a whole workbook is checked in tests/formats/.
#include "aidledger/io/xlsx.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "xlsx_cells.h"

namespace aidledger::xlsx {
namespace {

namespace fs = std::filesystem;

TEST(XlsxCells, TextThatCouldRunAsAFormulaGetsALeadingApostrophe) {
    EXPECT_EQ(Neutralise("=1+1"), "'=1+1");
    EXPECT_EQ(Neutralise("+33 1 23"), "'+33 1 23");
    EXPECT_EQ(Neutralise("-2"), "'-2");
    EXPECT_EQ(Neutralise("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(Neutralise("\t=cmd"), "'\t=cmd");
    EXPECT_EQ(Neutralise("\r=cmd"), "'\r=cmd");
    EXPECT_EQ(Neutralise("Masks = 3"), "Masks = 3");
    EXPECT_EQ(Neutralise("'quoted"), "'quoted");
    EXPECT_EQ(Neutralise(""), "");
}

TEST(XlsxCells, OverlongTextIsCutAtACharacterBoundaryAndSaysSo) {
    EXPECT_EQ(FitCell("short"), "short");
    std::string exact(kMaxCellBytes, 'a');
    EXPECT_EQ(FitCell(exact), exact);
    // Two-byte characters all the way: the cut must not split one.
    std::string text;
    while (text.size() <= kMaxCellBytes) text += "\xC3\xA9";  // é
    std::string cut = FitCell(text);
    EXPECT_LE(cut.size(), kMaxCellBytes);
    ASSERT_TRUE(cut.ends_with(" [truncated]"));
    std::string kept = cut.substr(0, cut.size() - std::string(" [truncated]").size());
    EXPECT_EQ(kept.size() % 2, 0U);
    EXPECT_EQ(kept, text.substr(0, kept.size()));
}

TEST(XlsxCells, SheetNamesFitExcelsLimitAndNumberTheirContinuations) {
    EXPECT_EQ(SheetName("declaration", 1), "declaration");
    EXPECT_EQ(SheetName("declaration", 2), "declaration_2");
    EXPECT_EQ(SheetName("manufacturer_certificates", 1), "manufacturer_certificates");
    std::string long_name(40, 'x');
    EXPECT_EQ(SheetName(long_name, 1).size(), kMaxSheetName);
    EXPECT_EQ(SheetName(long_name, 12), std::string(28, 'x') + "_12");
}

class XlsxFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("aidledger-xlsx-test-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        Party it;
        it.id = "it";
        it.name = "Italy";
        it.kind = PartyKind::kCountry;
        it.iso_code = "IT";
        TeamDeployment team;
        team.id = "team-1";
        team.provider = "it";
        team.host = "it";
        team.sent = DateInterval::Exact(*ParseDate("2020-03-12", "test"));
        std::vector<StoredRecord> records;
        records.push_back({Record(it), {}});
        records.push_back({Record(team), {}});
        view_ = LedgerView(std::move(records));
        query_.as_of = *ParseDate("2020-04-01", "test");
        figures_ = ComputeFigures(view_, query_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    static std::string Head(const fs::path& p, std::size_t n) {
        std::ifstream in(p, std::ios::binary);
        std::string out(n, '\0');
        in.read(out.data(), static_cast<std::streamsize>(n));
        out.resize(static_cast<std::size_t>(in.gcount()));
        return out;
    }

    fs::path dir_;
    LedgerView view_;
    FigureQuery query_;
    std::vector<Figure> figures_;
};

TEST_F(XlsxFileTest, WritesAZipWorkbookAndReplacesAnEarlierFile) {
    fs::path path = dir_ / "ledger.xlsx";
    std::ofstream(path) << "an older file";
    auto written = WriteWorkbook(view_, query_, figures_, ReferenceData{}, path.string());
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_EQ(Head(path, 2), "PK");
    EXPECT_FALSE(fs::exists(dir_ / "ledger.xlsx.partial"));
}

TEST_F(XlsxFileTest, AnUnwritablePathIsUnavailableAndLeavesNothing) {
    fs::path path = dir_ / "no-such-folder" / "ledger.xlsx";
    auto written = WriteWorkbook(view_, query_, figures_, ReferenceData{}, path.string());
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(written.error().message.find(path.string()), std::string::npos);
    EXPECT_FALSE(fs::exists(path));
    EXPECT_TRUE(fs::is_empty(dir_));
}

}  // namespace
}  // namespace aidledger::xlsx
