// app/record_query.h: the filters of a list, checked the same for the CLI and the API.
#include "aidledger/app/record_query.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace aidledger::app {
namespace {

TEST(RecordQueryTest, FieldNamesAreTheKindsJsonFields) {
    auto names = FieldNamesOf(Kind::kTeam);
    ASSERT_FALSE(names.empty());
    EXPECT_EQ(names.front(), "id");
    EXPECT_NE(std::find(names.begin(), names.end(), "host"), names.end());
    EXPECT_EQ(std::find(names.begin(), names.end(), "recipient"), names.end());
}

TEST(RecordQueryTest, KnownFieldsBecomeFilters) {
    auto f = ParseFilters(Kind::kTeam, {"host=it", "team_kind=medical_experts"}, Spelling::kFlag);
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_EQ(*f, (Filters{{"host", "it"}, {"team_kind", "medical_experts"}}));
    auto empty_value = ParseFilters(Kind::kTeam, {"notes="}, Spelling::kFlag);
    ASSERT_TRUE(empty_value.ok());
    EXPECT_EQ(*empty_value, (Filters{{"notes", ""}}));
}

// An unknown field was a silent empty list (exit 0): it is refused, naming the valid ones.
TEST(RecordQueryTest, UnknownFieldsAreRefusedWithTheValidOnes) {
    auto f = ParseFilters(Kind::kTeam, {"hots=it"}, Spelling::kQuery);
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().field, "filter");
    EXPECT_NE(f.error().message.find("unknown field \"hots\" of team: FIELD one of id,"),
              std::string::npos)
        << f.error().message;
    EXPECT_NE(f.error().message.find("host"), std::string::npos);
    auto flag = ParseFilters(Kind::kTeam, {"host"}, Spelling::kFlag);
    ASSERT_FALSE(flag.ok());
    EXPECT_EQ(flag.error().field, "--filter");
    EXPECT_EQ(ParseFilters(Kind::kTeam, {"=it"}, Spelling::kFlag).ok(), false);
}

}  // namespace
}  // namespace aidledger::app
