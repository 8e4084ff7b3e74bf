// The line reader of bulk declarations (declarations_stream.h), fed by a `read` that gives
// fewer bytes than asked, as a pipe or a socket does: found by the fuzz target `declarations`
// (docs/reliability.md "Fuzzing"), which reads its input in pieces of 1 to 256 bytes.
#include "declarations_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

namespace aidledger::csv {
namespace {

struct Lines {
    std::vector<std::string> lines;
    std::string error;  // "field: message" of the error, when Next failed
};

// Every line of `text`, read `piece` bytes at a time.
Lines ReadAll(const std::string& text, std::size_t piece) {
    std::size_t at = 0;
    std::function<std::size_t(char*, std::size_t)> read = [&](char* out, std::size_t capacity) {
        std::size_t n = std::min({capacity, piece, text.size() - at});
        std::memcpy(out, text.data() + at, n);
        at += n;
        return n;
    };
    std::string file = "declarations.csv";
    LineReader reader(read, file);
    Lines out;
    for (;;) {
        std::string_view line;
        auto more = reader.Next(line);
        if (!more.ok()) {
            out.error = more.error().field + ": " + more.error().message;
            return out;
        }
        if (!*more) return out;
        out.lines.emplace_back(line);
    }
}

TEST(DeclarationLineReader, GivesTheSameLinesHoweverFewBytesEachReadGives) {
    const std::string text = "declared_on,hs_code\r\n2020-03-05,6307.90\n\n2020-03-06,6307.90";
    const std::vector<std::string> want = {"declared_on,hs_code", "2020-03-05,6307.90", "",
                                           "2020-03-06,6307.90"};
    for (std::size_t piece : {1, 2, 3, 5, 64, 1 << 20}) {
        SCOPED_TRACE(piece);
        Lines got = ReadAll(text, piece);
        EXPECT_EQ(got.error, "");
        EXPECT_EQ(got.lines, want);
    }
}

// Before: the byte-order mark was looked for on the first read of two bytes or more, and
// skipped only when that read had all three of its bytes.
TEST(DeclarationLineReader, SkipsTheByteOrderMarkEvenWhenReadsGiveOneByteAtATime) {
    for (std::size_t piece : {1, 2, 3, 4}) {
        SCOPED_TRACE(piece);
        Lines got = ReadAll(
            "\xEF\xBB\xBF"
            "declared_on\n1\n",
            piece);
        EXPECT_EQ(got.error, "");
        EXPECT_EQ(got.lines, (std::vector<std::string>{"declared_on", "1"}));
    }
}

TEST(DeclarationLineReader, RefusesUtf16HoweverFewBytesEachReadGives) {
    for (std::size_t piece : {1, 2, 1 << 20}) {
        SCOPED_TRACE(piece);
        Lines got = ReadAll(std::string("\xFF\xFE"
                                        "d\0e\0",
                                        6),
                            piece);
        EXPECT_NE(got.error.find("UTF-16"), std::string::npos) << got.error;
    }
}

// Before: every read grew the buffer by a whole chunk (1 MB, zero-filled) and cut it back, and
// the search for a line end started again from the line's beginning: a file given one byte at
// a time cost a megabyte per byte. 256 KB one byte at a time took minutes; now milliseconds.
TEST(DeclarationLineReader, EachReadCostsWhatItGives) {
    std::string text;
    while (text.size() < 256 * 1024) text += std::string(4000, 'x') + "\n";
    auto start = std::chrono::steady_clock::now();
    Lines got = ReadAll(text, 1);
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(got.error, "");
    EXPECT_EQ(got.lines.size(), text.size() / 4001);
    EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(DeclarationLineReader, ALineOverTheLimitIsAnErrorNamingItsLine) {
    std::string text = "a\n" + std::string(kMaxDeclarationLineBytes + 1, 'x') + "\n";
    for (std::size_t piece : {7, 1 << 20}) {
        SCOPED_TRACE(piece);
        Lines got = ReadAll(text, piece);
        EXPECT_EQ(got.lines, (std::vector<std::string>{"a"}));
        EXPECT_NE(got.error.find("line longer than"), std::string::npos) << got.error;
        EXPECT_NE(got.error.find("declarations.csv:2"), std::string::npos) << got.error;
    }
}

}  // namespace
}  // namespace aidledger::csv
