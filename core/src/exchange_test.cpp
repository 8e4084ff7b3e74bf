// Issue 16 item 5: exchange rates are records with sources; money figures can be asked in a
// reporting currency, showing the rate, its date and its source; a missing rate makes the
// figure unknown, never zero, and says which rate is missing.
#include "aidledger/core/exchange.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "aidledger/core/validate.h"

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }

ReferenceData Ref() {
    ReferenceData r;
    r.currencies = {"USD", "CNY", "EUR", "JPY", "KWD"};
    r.minor_unit_exponent = {{"JPY", 0}, {"KWD", 3}};
    return r;
}

ExchangeRate Rate(const char* id, const char* from, const char* to, const char* rate,
                  const char* first, const char* last, std::int64_t per = 1) {
    ExchangeRate r;
    r.id = id;
    r.from = from;
    r.to = to;
    r.rate = rate;
    if (per != 1) r.per = per;
    r.period = Period{D(first), D(last)};
    r.sources.push_back(Citation{std::string("src-") + id, "excerpt"});
    return r;
}

LedgerView ViewOf(std::vector<ExchangeRate> rates) {
    std::vector<StoredRecord> records;
    for (ExchangeRate& r : rates) records.push_back(StoredRecord{std::move(r), VersionMeta{}});
    return LedgerView(std::move(records));
}

Figure Money(const char* metric, const char* currency, std::int64_t certain, std::int64_t possible,
             const char* recipient = "who") {
    Figure f;
    f.metric = metric;
    f.keys = {{"currency", currency}, {"recipient", recipient}};
    f.certain = certain;
    f.possible = possible;
    f.records = {RecordRef{Kind::kCash, std::string("cash-") + currency}};
    f.sources = {std::string("seed-") + currency};
    return f;
}

TEST(ParseRate, ReadsTheDecimalAsPublishedAndRefusesWhatIsNotARate) {
    auto r = ParseRate("703.54", 100);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->digits, 70354);
    EXPECT_EQ(r->scale, 2);
    EXPECT_EQ(r->per, 100);
    EXPECT_EQ(ParseRate("0.000123")->digits, 123);
    EXPECT_EQ(ParseRate("7")->scale, 0);
    for (const char* bad : {"", "-1", "1,000.5", "7.", ".5", "1e3", "0", "0.000", "abc",
                            "1.1234567890123", "1234567890123456"}) {
        auto p = ParseRate(bad);
        EXPECT_FALSE(p) << bad;
    }
    EXPECT_FALSE(ParseRate("7", 0)) << "per is 1 or more";
}

TEST(ConvertMinor, IsExactAndRoundsHalvesAwayFromZeroAcrossExponents) {
    // USD 20,000,000.00 at USD 100 = CNY 703.54: CNY 140,708,000.00.
    EXPECT_EQ(ConvertMinor(2000000000, 2, 2, *ParseRate("703.54", 100)), 14070800000);
    // The inverse: CNY 10,200,000,000.00 at USD 100 = CNY 707.71 is USD 1,441,268,316.12.
    EXPECT_EQ(ConvertMinor(1020000000000, 2, 2, *ParseRate("707.71", 100), true), 144126831612);
    // Exponents differ: USD 1.00 at 108.5 JPY is JPY 109 (108.5 rounds away from zero).
    EXPECT_EQ(ConvertMinor(100, 2, 0, *ParseRate("108.5")), 109);
    // JPY 1 at 0.3 KWD per 100 JPY is KWD 0.003.
    EXPECT_EQ(ConvertMinor(1, 0, 3, *ParseRate("0.3", 100)), 3);
    // A half below zero rounds away from zero too.
    EXPECT_EQ(ConvertMinor(-1, 2, 2, *ParseRate("0.5")), -1);
    EXPECT_EQ(ConvertMinor(1, 2, 2, *ParseRate("0.4")), 0);
    // Beyond int64: none, never a wrapped number.
    EXPECT_FALSE(ConvertMinor(INT64_MAX, 2, 2, *ParseRate("2")));
}

TEST(ConvertMinor, AgreesWithARationalRecountOnRandomAmounts) {
    // A fixed sequence (splitmix64): core reads no random source, even in tests.
    std::uint64_t state = 16;
    auto rng = [&state] {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31U);
    };
    for (int i = 0; i < 2000; ++i) {
        std::int64_t minor = static_cast<std::int64_t>(rng() % 100000000000ULL);
        std::int64_t digits = static_cast<std::int64_t>(1 + rng() % 9999999);
        int scale = static_cast<int>(rng() % 7);
        std::int64_t per = (rng() % 2) != 0 ? 1 : 100;
        RateValue rate{digits, scale, per};
        // minor * digits / (10^scale * per), recounted in long double (64-bit mantissa):
        // within half a unit, plus the recount's own rounding.
        long double exact = static_cast<long double>(minor) * static_cast<long double>(digits) /
                            (static_cast<long double>(per) * std::pow(10.0L, scale));
        auto got = ConvertMinor(minor, 2, 2, rate);
        ASSERT_TRUE(got);
        EXPECT_LE(std::fabs(static_cast<long double>(*got) - exact), 0.5L + exact * 1e-15L)
            << minor << " * " << digits << "e-" << scale << " / " << per;
    }
}

TEST(ChooseRate, TheRateOfTheDayThenTheShortestPeriodThenTheLatestWithinAWeek) {
    LedgerView view = ViewOf({
        Rate("usd-cny-0401", "USD", "CNY", "707.71", "2020-04-01", "2020-04-01", 100),
        Rate("usd-cny-0410", "USD", "CNY", "703.54", "2020-04-10", "2020-04-10", 100),
        Rate("usd-cny-april", "USD", "CNY", "7.05", "2020-04-01", "2020-04-30"),
    });
    // The daily rate of the day before the monthly average that also holds it.
    auto on_10 = ChooseRate(view, "USD", "CNY", D("2020-04-10"));
    ASSERT_TRUE(on_10);
    EXPECT_EQ(on_10->record->id, "usd-cny-0410");
    EXPECT_FALSE(on_10->inverse);
    // A day with no daily rate: the monthly average holds it.
    EXPECT_EQ(ChooseRate(view, "USD", "CNY", D("2020-04-04"))->record->id, "usd-cny-april");
    // Quoted the other way round: the same record, inverse.
    auto back = ChooseRate(view, "CNY", "USD", D("2020-04-10"));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->record->id, "usd-cny-0410");
    EXPECT_TRUE(back->inverse);
    // After every period: the latest one within kRateStaleDays, then none.
    EXPECT_EQ(ChooseRate(view, "USD", "CNY", D("2020-05-07"))->record->id, "usd-cny-april");
    EXPECT_FALSE(ChooseRate(view, "USD", "CNY", D("2020-05-08")));
    // Before every period, and another pair: none.
    EXPECT_FALSE(ChooseRate(view, "USD", "CNY", D("2020-03-31")));
    EXPECT_FALSE(ChooseRate(view, "USD", "EUR", D("2020-04-10")));
}

TEST(ChooseRate, AWeekendUsesTheLastRateBeforeIt) {
    LedgerView view = ViewOf({
        Rate("fri", "USD", "CNY", "7.0354", "2020-04-10", "2020-04-10"),
        Rate("thu", "USD", "CNY", "7.0401", "2020-04-09", "2020-04-09"),
    });
    EXPECT_EQ(ChooseRate(view, "USD", "CNY", D("2020-04-12"))->record->id, "fri");
}

TEST(ConvertFigures, PartsInSeveralCurrenciesBecomeOneFigureThatNamesEachRate) {
    LedgerView view = ViewOf({
        Rate("usd-cny", "USD", "CNY", "703.54", "2020-04-10", "2020-04-10", 100),
    });
    std::vector<Figure> figures;
    Figure teams;
    teams.metric = "teams.sent";
    teams.certain = teams.possible = 13;
    figures.push_back(teams);
    figures.push_back(Money("cash.total", "CNY", 100000, 150000));
    figures.push_back(Money("cash.total", "USD", 2000000000, 2000000000));
    figures.push_back(Money("cash.total", "USD", 100, 100, "ng"));
    ConvertFigures(figures, view, "CNY", D("2020-04-10"), Ref());
    ASSERT_EQ(figures.size(), 3U);
    EXPECT_EQ(figures[0].metric, "teams.sent") << "figures that are not money stay";
    const Figure& who = figures[1];
    EXPECT_EQ(who.keys.at("currency"), "CNY");
    EXPECT_EQ(who.keys.at("recipient"), "who");
    // CNY 1,000.00-1,500.00 as it is, plus USD 20,000,000.00 at 7.0354.
    EXPECT_EQ(who.certain, 100000 + 14070800000);
    EXPECT_EQ(who.possible, 150000 + 14070800000);
    EXPECT_EQ(who.records.size(), 2U);
    EXPECT_EQ(who.sources, (std::vector<std::string>{"seed-CNY", "seed-USD"}));
    ASSERT_EQ(who.conversions.size(), 1U) << "only the part in another currency";
    const Conversion& c = who.conversions[0];
    EXPECT_EQ(c.from, "USD");
    EXPECT_EQ(c.rate_id, "usd-cny");
    EXPECT_EQ(c.rate, "703.54");
    EXPECT_EQ(c.per, 100);
    EXPECT_EQ(c.on, D("2020-04-10"));
    EXPECT_EQ(c.sources, (std::vector<std::string>{"src-usd-cny"}));
    EXPECT_EQ(c.certain, 2000000000) << "the part as recorded";
    EXPECT_FALSE(who.RateMissing());
    EXPECT_EQ(ConversionWords(c), "USD 100 = CNY 703.54 (usd-cny, 2020-04-10)");
    EXPECT_EQ(figures[2].keys.at("recipient"), "ng");
    EXPECT_EQ(figures[2].certain, 704);  // USD 1.00 = CNY 7.0354 -> 7.04
}

TEST(ConvertFigures, AMissingRateMakesTheFigureUnknownAndSaysWhichRate) {
    LedgerView view = ViewOf({
        Rate("usd-cny", "USD", "CNY", "7.0354", "2020-04-10", "2020-04-10"),
    });
    std::vector<Figure> figures{Money("cash.total", "CNY", 100000, 100000),
                                Money("cash.total", "EUR", 500, 500)};
    ConvertFigures(figures, view, "CNY", D("2020-04-10"), Ref());
    ASSERT_EQ(figures.size(), 1U);
    const Figure& f = figures[0];
    EXPECT_TRUE(f.RateMissing());
    EXPECT_FALSE(f.exact());
    EXPECT_EQ(f.certain, 0);  // meaningless: renderers say unknown (json: null)
    ASSERT_EQ(f.conversions.size(), 1U);
    EXPECT_TRUE(f.conversions[0].missing());
    EXPECT_EQ(ConversionWords(f.conversions[0]), "no EUR to CNY rate for 2020-04-10");
}

TEST(ConvertFigures, ExportsConvertOnTheLastDayOfTheirPeriod) {
    LedgerView view = ViewOf({
        Rate("0401", "USD", "CNY", "707.71", "2020-04-01", "2020-04-01", 100),
        Rate("0410", "USD", "CNY", "703.54", "2020-04-10", "2020-04-10", 100),
    });
    Figure value;
    value.metric = "exports.value";
    value.keys = {{"currency", "CNY"}};
    value.certain = value.possible = 1020000000000;
    value.period = Period{D("2020-03-01"), D("2020-04-04")};
    value.basis = "published";
    std::vector<Figure> figures{value};
    ConvertFigures(figures, view, "USD", D("2020-04-10"), Ref());
    ASSERT_EQ(figures[0].conversions.size(), 1U);
    EXPECT_EQ(figures[0].conversions[0].on, D("2020-04-04"));
    EXPECT_EQ(figures[0].conversions[0].rate_id, "0401") << "the latest rate before 4 April";
    EXPECT_EQ(figures[0].certain, 144126831612);
    EXPECT_EQ(figures[0].basis, "published");
    EXPECT_EQ(figures[0].period, value.period);
    EXPECT_EQ(ConversionWords(figures[0].conversions[0]),
              "USD 100 = CNY 707.71 (0401, 2020-04-01, the latest rate before 2020-04-04)");
}

TEST(ValidateRate, NamesEachBadField) {
    ExchangeRate r = Rate("r-1", "usd", "USD", "7,05", "2020-04-10", "2020-04-01");
    r.sources.clear();
    r.per = 0;
    Record record = r;
    auto problems =
        NormaliseAndValidate(record, Ref(), [](Kind, std::string_view) { return true; });
    std::vector<std::string> fields;
    for (const auto& p : problems) fields.push_back(p.field + ": " + p.message);
    auto has = [&](const std::string& prefix) {
        return std::any_of(fields.begin(), fields.end(),
                           [&](const std::string& f) { return f.starts_with(prefix); });
    };
    EXPECT_TRUE(has("to: is the currency converted from")) << testing::PrintToString(fields);
    EXPECT_TRUE(has("rate: expected a rate such as 7.0354")) << testing::PrintToString(fields);
    EXPECT_TRUE(has("period: ")) << testing::PrintToString(fields);
    EXPECT_TRUE(has("per: must be 1 or more")) << testing::PrintToString(fields);
    EXPECT_TRUE(has("sources: required")) << testing::PrintToString(fields);
    ExchangeRate bad_code = Rate("r-2", "XXY", "CNY", "7.05", "2020-04-10", "2020-04-10");
    Record second = bad_code;
    auto more = NormaliseAndValidate(second, Ref(), [](Kind, std::string_view) { return true; });
    ASSERT_FALSE(more.empty());
    EXPECT_EQ(more[0].field, "from");
    // A good one: codes in any case are normalised.
    Record good = Rate("r-3", "usd", "cny", "703.54", "2020-04-10", "2020-04-10", 100);
    EXPECT_TRUE(
        NormaliseAndValidate(good, Ref(), [](Kind, std::string_view) { return true; }).empty());
    EXPECT_EQ(std::get<ExchangeRate>(good).from, "USD");
}

}  // namespace
}  // namespace aidledger
