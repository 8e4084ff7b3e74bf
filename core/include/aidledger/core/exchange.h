// Exchange rates (issue 16 item 5, docs/figures.md "Reporting currency"): reading a rate as a
// source publishes it, converting an amount with it, choosing the rate a figure is converted
// at, and money figures asked in one reporting currency.
//
// Rates are records (records.h ExchangeRate) that cite their source: a conversion names the
// rate record, its date and its sources. A figure whose rate is missing is unknown, never zero
// and never the other currencies' part alone, and says which rate is missing.
//
// Standard library only: no I/O, no SQL, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/figures/query.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/time.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger {

// A rate read exactly: `per` units of the first currency are worth digits / 10^scale units of
// the second. "703.54" per 100 -> {70354, 2, 100}.
struct RateValue {
    std::int64_t digits = 0;
    int scale = 0;
    std::int64_t per = 1;
};

// The most decimals and significant digits a rate may have.
inline constexpr int kMaxRateDecimals = 12;
inline constexpr int kMaxRateDigits = 15;

// "703.54" -> {70354, 2}: digits with at most one dot (no sign, no exponent, no thousands
// separators), at most kMaxRateDecimals decimals and kMaxRateDigits significant digits, more
// than zero. kInvalidArgument with a message for people and no field (the caller names it).
[[nodiscard]] Result<RateValue> ParseRate(std::string_view text, std::int64_t per = 1);

// `minor` units of a currency with `from_exponent` decimals in the other currency (with
// `to_exponent` decimals), at `rate` (inverse: the rate is quoted the other way round, so the
// amount is divided by it), rounded to the nearest minor unit, halves away from zero. None
// when the result is beyond std::int64_t.
std::optional<std::int64_t> ConvertMinor(std::int64_t minor, int from_exponent, int to_exponent,
                                         const RateValue& rate, bool inverse = false);

// How many days a rate still converts after the last day of its period, when no rate of the
// pair covers the day asked (a daily rate over a weekend or a holiday).
inline constexpr int kRateStaleDays = 7;

// The rate of the view that converts `from` into `to` on day `on`, quoted either way round:
//   1. of the rates whose period holds `on`: the shortest period (a daily rate before a monthly
//      average), then the latest start, then one quoted from -> to before the inverse, then
//      the smallest id;
//   2. else the rate whose period ended last within the kRateStaleDays days before `on`
//      (ties as above).
// None when no rate qualifies, or when a rate's text does not parse (validation refuses it).
struct RateChoice {
    const ExchangeRate* record = nullptr;
    RateValue value;
    bool inverse = false;  // the record converts `to` into `from`
};
std::optional<RateChoice> ChooseRate(const LedgerView& view, std::string_view from,
                                     std::string_view to, Date on);

// The day a money figure is converted on: the end of its export period when it has one (but
// not after the as-of date), else the as-of date.
Date ConversionDay(const Figure& figure, Date as_of);

// The money figures of `figures` (those with a `currency` key) in `currency`: the figures of a
// metric whose other keys are equal become one figure in `currency`, each part converted at
// its own ChooseRate on ConversionDay (a part already in `currency` is added as it is); the
// rest are left as they are, in their place. The combined figure keeps every part's records,
// unknown values, uncovered days and sources, and lists its parts in `conversions`; when a rate
// is missing, `conversions` says which and the figure has no number (Figure::RateMissing).
// Sums past std::int64_t set `overflow`.
void ConvertFigures(std::vector<Figure>& figures, const LedgerView& view,
                    const std::string& currency, Date as_of, const ReferenceData& ref);

// `minor` units of `from` in `to` on day `on`, at ChooseRate: the conversion (the rate record,
// or missing) and the amount, none when the rate is missing or the result is beyond int64
// (`overflow`). An amount already in `to` is returned as it is.
struct Converted {
    Conversion conversion;
    std::optional<std::int64_t> minor;
    bool overflow = false;
};
Converted ConvertAmount(std::int64_t minor, const std::string& from, const std::string& to, Date on,
                        const LedgerView& view, const ReferenceData& ref);

// "1 CNY = 0.14213 USD" style words for a conversion: "USD 100 = CNY 703.54 (rate-...,
// 2020-04-10)".
std::string ConversionWords(const Conversion& c);

}  // namespace aidledger
