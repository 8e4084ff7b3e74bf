// Issue 17, the text rule of core/validate.h: well-formed UTF-8 without control characters
// (line feeds and tabs allowed in multi-line text only), applied to every field of a record and
// to a restored history's authors and reasons.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"

namespace aidledger {
namespace {

TEST(TextRule, AcceptsUtf8WithoutControlCharacters) {
    EXPECT_FALSE(TextProblem("", TextLines::kOne));
    EXPECT_FALSE(TextProblem("Médecins — 医生 \xF0\x9F\x98\xB7", TextLines::kOne));
    EXPECT_FALSE(TextProblem("line one\n\tline two", TextLines::kMany));
}

TEST(TextRule, RefusesMalformedUtf8NamingTheByte) {
    EXPECT_EQ(TextProblem("ab\xff", TextLines::kOne), "invalid UTF-8 at byte 3");
    EXPECT_EQ(TextProblem("\xC0\x80", TextLines::kOne), "invalid UTF-8 at byte 1");  // overlong
    EXPECT_EQ(TextProblem("\xED\xA0\x80", TextLines::kMany), "invalid UTF-8 at byte 1");
    EXPECT_EQ(TextProblem("\xF4\x90\x80\x80", TextLines::kOne), "invalid UTF-8 at byte 1");
    EXPECT_EQ(TextProblem("a\xE2\x82", TextLines::kOne), "invalid UTF-8 at byte 2");  // cut
}

TEST(TextRule, RefusesControlCharactersOutsideMultiLineText) {
    EXPECT_EQ(TextProblem(std::string("a\0b", 3), TextLines::kMany),
              "control character U+0000 at byte 2");
    EXPECT_EQ(TextProblem("a\x1b[31m", TextLines::kMany), "control character U+001B at byte 2");
    EXPECT_EQ(TextProblem("a\r\nb", TextLines::kMany), "control character U+000D at byte 2");
    EXPECT_EQ(TextProblem("a\nb", TextLines::kOne),
              "control character U+000A at byte 2: this field is one line");
    EXPECT_EQ(TextProblem("a\tb", TextLines::kOne), "control character U+0009 at byte 2");
    EXPECT_EQ(TextProblem("\x7f", TextLines::kOne), "control character U+007F at byte 1");
    EXPECT_EQ(TextProblem("\xC2\x85", TextLines::kMany), "control character U+0085 at byte 1");
}

TEST(TextRule, EveryStringOfARecordIsChecked) {
    TeamDeployment t;
    t.id = "t1";
    t.provider = "cn\x01";
    t.host = "it";
    t.specialties = {"ok", "bad\xff"};
    t.notes = "two\nlines";
    t.sources.push_back({"seed-000", "quoted\nover lines"});
    t.sources.push_back({"seed-000", "bell\x07"});
    Record r = t;
    auto problems = TextProblems(r);
    std::vector<std::string> fields;
    fields.reserve(problems.size());
    for (const auto& p : problems) fields.push_back(p.field);
    EXPECT_EQ(fields,
              (std::vector<std::string>{"sources[1].excerpt", "provider", "specialties[1]"}));

    Claim c;
    c.id = "c1";
    c.keys = {{"recipient", "i\nt"}};
    Record claim = c;
    ASSERT_EQ(TextProblems(claim).size(), 1U);
    EXPECT_EQ(TextProblems(claim)[0].field, "keys.recipient");

    // Validation reports the text problems alone (other checks would quote the text back).
    ReferenceData ref;
    auto all = NormaliseAndValidate(r, ref, [](Kind, std::string_view) { return true; });
    EXPECT_EQ(all.size(), 3U);
}

TEST(TextRule, ARestoredHistoryWithBadTextIsRefused) {
    Party p;
    p.id = "it";
    p.name = "Italy";
    p.kind = PartyKind::kCountry;
    StoredRecord v{p, VersionMeta{}};
    v.meta.kind = Kind::kParty;
    v.meta.id = "it";
    v.meta.version = 1;
    v.meta.seq = 1;
    v.meta.author = "tester";
    v.meta.reason = "bad \xff";
    auto refused = CheckRestorableHistory({v});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().field, "party/it version 1: reason");
    v.meta.reason = "fine";
    std::get<Party>(v.record).name = "It\x1b";
    refused = CheckRestorableHistory({v});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().field, "party/it version 1: name");
    std::get<Party>(v.record).name = "Italy";
    EXPECT_TRUE(CheckRestorableHistory({v}).ok());
}

}  // namespace
}  // namespace aidledger
