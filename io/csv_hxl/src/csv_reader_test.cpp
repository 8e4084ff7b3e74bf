// The CSV tokenizer (issue 4, item 2): RFC 4180 quoting, LF/CRLF/CR line ends, and the exact
// line:column of every cell, including after a quoted cell that spans lines.
#include "csv_reader.h"

#include <gtest/gtest.h>

#include <random>

namespace aidledger::csv {
namespace {

std::vector<Row> ReadAll(std::string_view text) {
    CsvReader reader(text);
    std::vector<Row> rows;
    Row row;
    for (;;) {
        auto status = reader.Next(row);
        if (status != CsvReader::Status::kRow) {
            EXPECT_EQ(status, CsvReader::Status::kEnd) << reader.error();
            return rows;
        }
        rows.push_back(row);
    }
}

std::vector<std::string> Texts(const Row& row) {
    std::vector<std::string> out;
    for (const auto& c : row.cells) out.push_back(c.text);
    return out;
}

TEST(CsvReader, SplitsCellsAndRows) {
    auto rows = ReadAll("a,b,c\n1,,3\n");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(Texts(rows[0]), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(Texts(rows[1]), (std::vector<std::string>{"1", "", "3"}));
}

TEST(CsvReader, QuotedCellsHoldCommasQuotesAndLineBreaks) {
    auto rows = ReadAll("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nx,y,z");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(Texts(rows[0]), (std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines"}));
    EXPECT_TRUE(rows[0].cells[0].quoted);
    EXPECT_EQ(Texts(rows[1]), (std::vector<std::string>{"x", "y", "z"}));
}

TEST(CsvReader, CrlfAndCrEndRowsAndCrlfInsideAQuotedCellIsALineBreak) {
    auto rows = ReadAll("a,b\r\n\"1\r\n2\",3\r4,5\r\n");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(Texts(rows[1]), (std::vector<std::string>{"1\n2", "3"}));
    EXPECT_EQ(Texts(rows[2]), (std::vector<std::string>{"4", "5"}));
    EXPECT_EQ(rows[2].at, (Position{4, 1}));
}

TEST(CsvReader, PositionsAreRightAfterAMultiLineQuotedCell) {
    //            1234567 8
    auto rows = ReadAll("id,note,n\nd1,\"first\nsecond, still\",7\nd2,x,8\n");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[1].cells[0].at, (Position{2, 1}));
    EXPECT_EQ(rows[1].cells[1].at, (Position{2, 4}));
    // The cell after the quoted one starts on the quoted cell's last line.
    EXPECT_EQ(rows[1].cells[2].at, (Position{3, 16}));
    EXPECT_EQ(rows[2].at, (Position{4, 1}));
    EXPECT_EQ(rows[2].cells[2].at, (Position{4, 6}));
}

TEST(CsvReader, ColumnsCountCharactersNotBytes) {
    auto rows = ReadAll("Côte d'Ivoire,中国,x\n");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].cells[1].at, (Position{1, 15}));
    EXPECT_EQ(rows[0].cells[2].at, (Position{1, 18}));
}

TEST(CsvReader, SpacesBeforeAnOpeningQuoteAreTolerated) {
    auto rows = ReadAll("a, \"b, c\" ,d\n");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(Texts(rows[0]), (std::vector<std::string>{"a", "b, c", "d"}));
    EXPECT_EQ(rows[0].cells[1].at, (Position{1, 4}));
}

TEST(CsvReader, AStrayQuoteInsideAnUnquotedCellIsText) {
    auto rows = ReadAll("5\" screen,x\n");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(Texts(rows[0]), (std::vector<std::string>{"5\" screen", "x"}));
}

TEST(CsvReader, BlankLinesAreBlankRowsAndNoRowFollowsTheLastLineEnd) {
    auto rows = ReadAll("a\n\n,,\nb\n\n\n");
    ASSERT_EQ(rows.size(), 6u);
    EXPECT_FALSE(rows[0].blank());
    EXPECT_TRUE(rows[1].blank());
    EXPECT_TRUE(rows[2].blank());
    EXPECT_FALSE(rows[3].blank());
    EXPECT_TRUE(rows[5].blank());
    auto quoted_empty = ReadAll("\"\"\n");
    ASSERT_EQ(quoted_empty.size(), 1u);
    EXPECT_FALSE(quoted_empty[0].blank());
}

TEST(CsvReader, AnUnclosedQuoteIsAnErrorAtTheOpeningQuote) {
    CsvReader reader("a,b\nc,\"never\nclosed\n");
    Row row;
    EXPECT_EQ(reader.Next(row), CsvReader::Status::kRow);
    EXPECT_EQ(reader.Next(row), CsvReader::Status::kError);
    EXPECT_EQ(reader.error_at(), (Position{2, 3}));
    EXPECT_NE(reader.error().find("never closed"), std::string::npos);
    EXPECT_EQ(reader.Next(row), CsvReader::Status::kError);
}

TEST(CsvReader, TextAfterAClosingQuoteIsAnError) {
    CsvReader reader("\"ab\"c,d\n");
    Row row;
    EXPECT_EQ(reader.Next(row), CsvReader::Status::kError);
    EXPECT_EQ(reader.error_at(), (Position{1, 5}));
}

TEST(CsvReader, ReadingResumesFromARowsOffsetAndPosition) {
    std::string_view text = "h\n\"x\ny\",1\nz,2\n";
    auto rows = ReadAll(text);
    ASSERT_EQ(rows.size(), 3u);
    CsvReader again(text, rows[2].offset, rows[2].at);
    Row row;
    ASSERT_EQ(again.Next(row), CsvReader::Status::kRow);
    EXPECT_EQ(Texts(row), (std::vector<std::string>{"z", "2"}));
    EXPECT_EQ(row.cells[1].at, (Position{4, 3}));
}

// Any bytes at all: the reader ends (or fails) without reading past its input.
TEST(CsvReader, ArbitraryBytesNeverCrashOrHang) {
    std::mt19937 random(4);
    const char alphabet[] = {'a', ',', '"', '\n', '\r', ' ', '\xC3', '\xA9', '\0', '\''};
    for (int round = 0; round < 2000; ++round) {
        std::string text(random() % 40, 'x');
        for (char& c : text) c = alphabet[random() % sizeof alphabet];
        CsvReader reader(text);
        Row row;
        std::size_t steps = 0;
        while (reader.Next(row) == CsvReader::Status::kRow) {
            ASSERT_LT(++steps, text.size() + 2) << "no progress";
        }
        EXPECT_LE(reader.offset(), text.size());
    }
}

}  // namespace
}  // namespace aidledger::csv
