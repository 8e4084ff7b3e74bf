// docs/formats.md: money is written in major units with the currency's decimals ("1250.50"), no
// thousands separators, and kept as integer minor units (SPEC.md: money is minor units).
#include "aidledger/core/money.h"

#include <gtest/gtest.h>

namespace aidledger {
namespace {

TEST(Money, AmountsUseTheCurrencysExponent) {
    EXPECT_EQ(FormatAmount(2000000000, 2), "20000000.00");
    EXPECT_EQ(FormatAmount(5, 2), "0.05");
    EXPECT_EQ(FormatAmount(150, 0), "150");
    EXPECT_EQ(FormatAmount(1234, 3), "1.234");
    EXPECT_EQ(FormatAmount(-5, 2), "-0.05");
    EXPECT_EQ(*ParseAmount("20000000", 2), 2000000000);
    EXPECT_EQ(*ParseAmount("0.5", 2), 50);
    EXPECT_EQ(*ParseAmount("150", 0), 150);
    EXPECT_EQ(*ParseAmount("1.234", 3), 1234);
    EXPECT_EQ(*ParseAmount("-1.25", 2), -125);
}

TEST(Money, RefusesWhatIsNotAPlainAmount) {
    for (const char* bad : {"1,000", "", "-", ".5", "5.", "1e6", "USD 5", "1 000", "+5", "--1"}) {
        auto r = ParseAmount(bad, 2);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(r.error().message.find("no thousands separators"), std::string::npos) << bad;
    }
    auto decimals = ParseAmount("1.234", 2);
    ASSERT_FALSE(decimals.ok());
    EXPECT_EQ(decimals.error().message, "more decimals than the currency has (2): \"1.234\"");
    EXPECT_FALSE(ParseAmount("1.5", 0).ok());
    auto big = ParseAmount("99999999999999999999", 2);
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error().message, "amount too large: \"99999999999999999999\"");
}

TEST(Money, FormatAndParseRoundTrip) {
    for (std::int64_t minor : {0LL, 1LL, -1LL, 99LL, 100LL, 123456789LL, -123456789LL}) {
        for (int exponent : {0, 2, 3}) {
            EXPECT_EQ(*ParseAmount(FormatAmount(minor, exponent), exponent), minor);
        }
    }
}

}  // namespace
}  // namespace aidledger
