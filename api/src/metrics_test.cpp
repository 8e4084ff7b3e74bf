// Issue 17, metrics.h: labels come from fixed sets, so made-up methods do not grow /metrics.
#include "metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace aidledger::api {
namespace {

TEST(Metrics, MadeUpMethodsShareOneLabelAndDoNotGrowTheText) {
    Metrics m;
    m.Record("/api/v1/health", "GET", HttpStatus::kOk, std::chrono::milliseconds(1));
    m.Record("-", "FOO0", HttpStatus::kNotFound, std::chrono::milliseconds(1));
    std::size_t one = m.Render({}).size();
    for (int i = 1; i < 3000; ++i) {
        m.Record("-", "FOO" + std::to_string(i) + "\"\n", HttpStatus::kNotFound,
                 std::chrono::milliseconds(1));
    }
    std::string text = m.Render({});
    EXPECT_LE(text.size(), one + 64) << "only the counts grow";
    EXPECT_NE(text.find(R"(route="-",method="other",status="404"} 3000)"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("FOO"), std::string::npos);
    EXPECT_NE(text.find(R"(method="GET")"), std::string::npos);
}

}  // namespace
}  // namespace aidledger::api
