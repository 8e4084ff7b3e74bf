// HXL tags (docs/formats.md, issue 4 item 1): every column of every kind has a tag, no two
// columns of a kind share one, tags match case-insensitively in any attribute order, and the
// documentation lists every tag of every kind.
#include "hxl_tags.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "flat_record.h"

namespace aidledger::csv {
namespace {

TEST(HxlTags, EveryColumnHasOneTagOfItsOwnInCanonicalForm) {
    for (std::size_t k = 0; k < kKindCount; ++k) {
        auto kind = static_cast<Kind>(k);
        std::set<std::string> seen;
        for (const ColumnInfo& column : ColumnsOf(kind)) {
            std::string_view tag = HxlTag(kind, column.path);
            ASSERT_FALSE(tag.empty()) << EnumName(kind) << " " << column.path;
            auto spec = ParseTagSpec(tag);
            ASSERT_TRUE(spec.has_value()) << tag;
            // Attributes are written sorted, as a matching tag prints.
            EXPECT_EQ(spec->ToString(), tag);
            EXPECT_TRUE(seen.insert(std::string(tag)).second)
                << EnumName(kind) << ": " << tag << " twice";
        }
    }
}

TEST(HxlTags, MatchCaseInsensitivelyInAnyAttributeOrder) {
    auto a = ParseTagSpec("#org +funder +id");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(ParseTagSpec("#ORG +Id +FUNDER"), a);
    EXPECT_EQ(ParseTagSpec("  #org+id+funder "), a);
    EXPECT_EQ(ParseTagSpec("#org +funder +id +id"), a);
    EXPECT_NE(ParseTagSpec("#org +funder"), a);
    EXPECT_EQ(ParseTagSpec("#date +as_of")->ToString(), "#date +as_of");
    for (const char* bad : {"", "org", "#", "#1org", "#org +", "#org funder", "#org +f-x",
                            "#org;#meta", "Provider"}) {
        EXPECT_FALSE(ParseTagSpec(bad).has_value()) << bad;
    }
}

std::string ReadDocs() {
    const char* root = std::getenv("AIDLEDGER_SOURCE_DIR");
    // ctest sets the variable; run by hand, the test finds the tree from its own source path.
    std::filesystem::path dir = root != nullptr
                                    ? std::filesystem::path(root)
                                    : std::filesystem::path(__FILE__).parent_path() / "../../..";
    std::ifstream in(dir / "docs" / "formats.md");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(HxlTags, TheFormatsDocumentListsEveryColumnOfEveryKind) {
    std::string docs = ReadDocs();
    ASSERT_FALSE(docs.empty()) << "docs/formats.md not found";
    for (std::size_t k = 0; k < kKindCount; ++k) {
        auto kind = static_cast<Kind>(k);
        std::string section = "### " + std::string(EnumName(kind));
        auto begin = docs.find(section);
        ASSERT_NE(begin, std::string::npos) << section;
        auto end = docs.find("\n### ", begin + 1);
        std::string body = docs.substr(begin, end == std::string::npos ? end : end - begin);
        for (const ColumnInfo& column : ColumnsOf(kind)) {
            if (column.list == "sources" || column.path == "notes" || column.path == "synthetic" ||
                column.path == "id") {
                continue;  // listed once, for every kind
            }
            std::string row =
                "| `" + column.path + "` | `" + std::string(HxlTag(kind, column.path)) + "` |";
            EXPECT_NE(body.find(row), std::string::npos) << section << ": " << row;
        }
    }
}

}  // namespace
}  // namespace aidledger::csv
