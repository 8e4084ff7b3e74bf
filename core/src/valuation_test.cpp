// Issue 16 item 6: a reference price list values donations whose value was not reported,
// always marked as estimated; several lists are compared side by side for the same ledger.
#include "aidledger/core/valuation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }

ReferencePrice Price(const char* id, const char* list, const char* item, std::int64_t minor,
                     const char* currency, const char* first, const char* last,
                     std::optional<std::string> unit = std::nullopt) {
    ReferencePrice p;
    p.id = id;
    p.list = list;
    p.item = item;
    p.price = Money{minor, currency};
    p.unit = std::move(unit);
    p.period = Period{D(first), D(last)};
    p.sources.push_back(Citation{std::string("src-") + list, "price"});
    return p;
}

Donation Given(const char* id, const char* on, std::vector<ItemLine> lines,
               const char* provider = "cn-gov") {
    Donation d;
    d.id = id;
    d.provider = provider;
    d.recipient = "it";
    d.lines = std::move(lines);
    d.history.push_back({DonationStatus::kShipped, DateInterval{D(on), D(on)}});
    return d;
}

ItemLine Line(const char* item, std::optional<std::int64_t> quantity,
              std::optional<Money> value = std::nullopt) {
    ItemLine l;
    l.item = item;
    l.quantity = quantity;
    l.value = std::move(value);
    return l;
}

LedgerView ViewOf(std::vector<Record> records) {
    std::vector<StoredRecord> stored;
    CatalogueItem masks;
    masks.id = "masks";
    masks.name = "Masks";
    masks.unit = "piece";
    records.emplace_back(masks);
    for (Record& r : records) stored.push_back(StoredRecord{std::move(r), VersionMeta{}});
    return LedgerView(std::move(stored));
}

TEST(ValueDonations, ListsSideBySideEstimatesMarkedReportedValuesKept) {
    LedgerView view = ViewOf({
        Price("a-1", "list-a", "masks", 5, "USD", "2020-03-01", "2020-03-31"),
        Price("a-2", "list-a", "masks", 7, "USD", "2020-04-01", "2020-04-30"),
        Price("b-1", "list-b", "masks", 40, "CNY", "2020-01-01", "2020-12-31"),
        Given("d1", "2020-03-20", {Line("masks", 1000)}),
        Given("d2", "2020-04-02",
              {Line("masks", 10, Money{99, "EUR"}), Line("masks", std::nullopt)}),
        Given("late", "2020-05-01", {Line("masks", 1)}),
        Given("bare", "2020-03-01", {}),
    });
    Valuation v = ValueDonations(view, ValuationQuery{D("2020-04-10"), "", {}});
    EXPECT_EQ(v.lists, (std::vector<std::string>{"list-a", "list-b"})) << "every list, by id";
    ASSERT_EQ(v.lines.size(), 3U) << "a donation after the as-of date is not counted";
    EXPECT_EQ(v.unitemised, (std::vector<std::string>{"bare"})) << "no items: unknown, not 0";
    const ValuedLine& first = v.lines[0];
    ASSERT_EQ(first.estimates.size(), 2U);
    EXPECT_EQ(first.estimates[0].value, (Money{5000, "USD"})) << "the March price of list-a";
    EXPECT_EQ(first.estimates[0].price, "a-1");
    EXPECT_EQ(first.estimates[1].value, (Money{40000, "CNY"}));
    EXPECT_EQ(v.lines[1].reported, (Money{99, "EUR"}));
    EXPECT_TRUE(v.lines[1].estimates.empty()) << "a reported value is never replaced";
    EXPECT_FALSE(v.lines[2].estimates[0].value);
    EXPECT_EQ(v.lines[2].estimates[0].why, "quantity not reported");
    ASSERT_EQ(v.totals.size(), 2U);
    EXPECT_EQ(v.totals[0].estimated, (std::map<std::string, std::int64_t>{{"USD", 5000}}));
    EXPECT_EQ(v.totals[0].reported, (std::map<std::string, std::int64_t>{{"EUR", 99}}));
    EXPECT_EQ(v.totals[0].lines_estimated, 1U);
    EXPECT_EQ(v.totals[0].lines_unknown, 1U);
    EXPECT_EQ(v.sources, (std::vector<std::string>{"src-list-a", "src-list-b"}));
}

TEST(ValueDonations, NoPriceThenOrAnotherUnitLeavesTheLineUnknownAndSaysWhy) {
    LedgerView view = ViewOf({
        Price("a-1", "list-a", "masks", 5, "USD", "2020-03-01", "2020-03-31"),
        Price("box", "list-b", "masks", 400, "USD", "2020-01-01", "2020-12-31", "box"),
        Given("d1", "2020-02-10", {Line("masks", 1000)}),
        Given("d2", "2020-03-10", {Line("masks", 1000)}, "us-gov"),
    });
    Valuation v =
        ValueDonations(view, ValuationQuery{D("2020-04-10"), "", {"list-b", "list-a", "list-b"}});
    EXPECT_EQ(v.lists, (std::vector<std::string>{"list-b", "list-a"})) << "as asked, once";
    EXPECT_EQ(v.lines[0].estimates[0].why, "the price is per box, the line counts piece");
    EXPECT_EQ(v.lines[0].estimates[1].why, "no price of list-a for masks on 2020-02-10");
    EXPECT_EQ(v.lines[1].estimates[1].value, (Money{5000, "USD"}));
    EXPECT_EQ(v.totals[1].lines_unknown, 1U);
    // An unknown list values nothing, and says so.
    Valuation none = ValueDonations(view, ValuationQuery{D("2020-04-10"), "", {"list-z"}});
    ASSERT_EQ(none.lines.size(), 2U);
    EXPECT_EQ(none.lines[0].estimates[0].why, "no price of list-z for masks on 2020-02-10");
    EXPECT_TRUE(none.totals[0].estimated.empty());
}

TEST(ConvertValuation, ListsInDifferentCurrenciesCompareInOneAndAMissingRateIsUnknown) {
    ExchangeRate rate;
    rate.id = "usd-cny";
    rate.from = "USD";
    rate.to = "CNY";
    rate.rate = "7";
    rate.period = Period{D("2020-04-10"), D("2020-04-10")};
    LedgerView view = ViewOf({
        Price("a-1", "list-a", "masks", 5, "USD", "2020-03-01", "2020-03-31"),
        Price("b-1", "list-b", "masks", 70, "CNY", "2020-03-01", "2020-03-31"),
        Price("c-1", "list-c", "masks", 5, "EUR", "2020-03-01", "2020-03-31"),
        Given("d1", "2020-03-20", {Line("masks", 1000)}),
        rate,
    });
    ReferenceData ref;
    ref.currencies = {"USD", "CNY", "EUR"};
    Valuation v = ValueDonations(view, ValuationQuery{D("2020-04-10"), "", {}});
    ConvertValuation(v, view, "USD", ref);
    EXPECT_EQ(v.currency, "USD");
    ASSERT_EQ(v.totals.size(), 3U);
    EXPECT_EQ(v.totals[0].in_currency->estimated, 5000);
    EXPECT_TRUE(v.totals[0].in_currency->conversions.empty()) << "already in USD";
    EXPECT_EQ(v.totals[1].in_currency->estimated, 10000) << "CNY 700.00 at 7 = USD 100.00";
    EXPECT_EQ(v.totals[1].in_currency->conversions[0].rate_id, "usd-cny");
    EXPECT_FALSE(v.totals[2].in_currency->estimated) << "no EUR rate: unknown, never 0";
    EXPECT_TRUE(v.totals[2].in_currency->conversions[0].missing());
    EXPECT_EQ(v.totals[2].in_currency->reported, 0) << "nothing reported: an empty sum";
}

TEST(ValueDonations, AQuantityTimesPriceBeyondInt64IsAnOverflowNeverAWrappedNumber) {
    LedgerView view = ViewOf({
        Price("a-1", "list-a", "masks", 1000000000, "USD", "2020-03-01", "2020-03-31"),
        Given("d1", "2020-03-20", {Line("masks", 100000000000)}),
    });
    Valuation v = ValueDonations(view, ValuationQuery{D("2020-04-10"), "", {}});
    EXPECT_FALSE(v.lines[0].estimates[0].value);
    EXPECT_TRUE(v.totals[0].overflow);
}

}  // namespace
}  // namespace aidledger
