// Issue 17, json_checked.h: a number out of range and a repeated key are refused naming their
// path; a syntax error is still the parser's exception, for the caller's position.
#include "aidledger/io/json_checked.h"

#include <gtest/gtest.h>

namespace aidledger::json {
namespace {

using Json = nlohmann::json;

TEST(CheckedJson, ANumberOutOfRangeNamesItsPath) {
    auto r = ParseCheckedJson<Json>(R"({"a": {"b": [1, 2, 1e999]}})", "body");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "a.b[2]");
    EXPECT_EQ(r.error().message, "number out of range");
    auto alone = ParseCheckedJson<Json>("-1e999", "body");
    ASSERT_FALSE(alone.ok());
    EXPECT_EQ(alone.error().field, "body");
    auto after_objects = ParseCheckedJson<Json>(R"([{"x": 1}, {"y": [2]}, {"z": 1e999}])", "f");
    ASSERT_FALSE(after_objects.ok());
    EXPECT_EQ(after_objects.error().field, "[2].z");
}

TEST(CheckedJson, ARepeatedKeyIsRefusedNamingIt) {
    auto r = ParseCheckedJson<Json>(R"({"a": 1, "b": {"c": 1, "c": 2}})", "body");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "b.c");
    EXPECT_EQ(r.error().message, "duplicate key");
    // The same key in two objects is no repetition.
    EXPECT_TRUE((ParseCheckedJson<Json>(R"([{"a": 1}, {"a": 2}])", "body").ok()));
}

TEST(CheckedJson, WellFormedJsonParsesAndSyntaxErrorsThrow) {
    auto r = ParseCheckedJson<nlohmann::ordered_json>(R"({"z": 1, "a": [true, null]})", "body");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->dump(), R"({"z":1,"a":[true,null]})");
    EXPECT_THROW((void)ParseCheckedJson<Json>("{\"a\": }", "body"), Json::parse_error);
}

}  // namespace
}  // namespace aidledger::json
