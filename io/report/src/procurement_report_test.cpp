// Needs in words (docs/figures.md "Needs"): a range says "between", an unknown quantity makes a
// sum "at least" or "unknown", never zero; a gap with no upper bound is "at least".
#include "aidledger/io/procurement_report.h"

#include <gtest/gtest.h>

namespace aidledger::report {
namespace {

QuantityRange Q(std::int64_t certain, std::int64_t possible, std::size_t unknown = 0) {
    QuantityRange q;
    q.certain = certain;
    q.possible = possible;
    for (std::size_t i = 0; i < unknown; ++i) {
        q.unknown.push_back(RecordRef{Kind::kDonation, "d" + std::to_string(i)});
    }
    return q;
}

TEST(ProcurementReport, QuantitiesSayRangesAndUnknownsNeverZero) {
    EXPECT_EQ(FormatQuantity(Q(0, 0)), "0");
    EXPECT_EQ(FormatQuantity(Q(1200000, 1200000)), "1,200,000");
    EXPECT_EQ(FormatQuantity(Q(100, 300)), "between 100 and 300");
    EXPECT_EQ(FormatQuantity(Q(100, 100, 1)), "at least 100 (1 record with an unknown quantity)");
    EXPECT_EQ(FormatQuantity(Q(100, 300, 2)), "at least 100 (2 records with an unknown quantity)");
    EXPECT_EQ(FormatQuantity(Q(0, 0, 1)), "unknown (1 record with an unknown quantity)");
}

TEST(ProcurementReport, GapsSayTheirBounds) {
    EXPECT_EQ(FormatGap(GapRange{500, std::int64_t{500}}), "500");
    EXPECT_EQ(FormatGap(GapRange{0, std::int64_t{500}}), "between 0 and 500");
    EXPECT_EQ(FormatGap(GapRange{200, std::nullopt}), "at least 200");
    EXPECT_EQ(FormatGap(GapRange{0, std::nullopt}), "unknown");
}

}  // namespace
}  // namespace aidledger::report
