#include "aidledger/core/exchange.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "aidledger/core/money.h"

namespace aidledger {
namespace {

__extension__ using Wide = __int128;

constexpr std::size_t kQuotedChars = 40;

std::string Quoted(std::string_view text) {
    std::string out = "\"";
    out.append(text.substr(0, kQuotedChars));
    if (text.size() > kQuotedChars) out += "...";
    return out + "\"";
}

// 10^n as a wide integer; n is small (exponents and rate scales).
Wide Pow10(int n) {
    Wide out = 1;
    for (int i = 0; i < n; ++i) out *= 10;
    return out;
}

bool MulOverflows(Wide a, Wide b, Wide& out) { return __builtin_mul_overflow(a, b, &out); }

// a / b rounded to nearest, halves away from zero; b > 0.
Wide DivideRounded(Wide a, Wide b) {
    Wide q = a / b;
    Wide r = a % b;
    if (r < 0) r = -r;
    if (2 * r >= b) q += a < 0 ? -1 : 1;
    return q;
}

// How specific and recent a candidate rate is, for ChooseRate's ties: smaller is better.
using RateRank = std::tuple<std::int64_t, std::int64_t, bool, std::string_view>;

std::int64_t DayNumber(Date d) { return std::chrono::sys_days(d).time_since_epoch().count(); }

std::int64_t SpanDays(const Period& p) { return DayNumber(p.to) - DayNumber(p.from); }

}  // namespace

Result<RateValue> ParseRate(std::string_view text, std::int64_t per) {
    auto invalid = [&](const std::string& why) -> Result<RateValue> {
        return Error::Invalid("", why + ", got " + Quoted(text));
    };
    if (per <= 0) return Error::Invalid("", "per must be 1 or more");
    auto dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    auto digits_only = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || !digits_only(whole) || !digits_only(fraction) ||
        (dot != std::string_view::npos && fraction.empty())) {
        return invalid("expected a rate such as 7.0354 (digits and one dot, no separators)");
    }
    if (fraction.size() > static_cast<std::size_t>(kMaxRateDecimals)) {
        return invalid("more than " + std::to_string(kMaxRateDecimals) + " decimals");
    }
    std::string digits(whole);
    digits.append(fraction);
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
    if (digits.empty()) return invalid("a rate must be more than 0");
    if (digits.size() > static_cast<std::size_t>(kMaxRateDigits)) {
        return invalid("more than " + std::to_string(kMaxRateDigits) + " significant digits");
    }
    RateValue out;
    for (char c : digits) out.digits = out.digits * 10 + (c - '0');
    out.scale = static_cast<int>(fraction.size());
    out.per = per;
    return out;
}

std::optional<std::int64_t> ConvertMinor(std::int64_t minor, int from_exponent, int to_exponent,
                                         const RateValue& rate, bool inverse) {
    // value in `to` minor units = minor / 10^from_exp * rate * 10^to_exp, where rate =
    // digits / (10^scale * per); the inverse divides by the rate instead.
    Wide rate_top = rate.digits;
    Wide rate_bottom = Pow10(rate.scale) * rate.per;
    if (inverse) std::swap(rate_top, rate_bottom);
    Wide top = 0;
    Wide bottom = 0;
    if (MulOverflows(Wide{minor}, rate_top, top) ||
        MulOverflows(top, Pow10(std::max(to_exponent, 0)), top) ||
        MulOverflows(rate_bottom, Pow10(std::max(from_exponent, 0)), bottom)) {
        return std::nullopt;
    }
    Wide out = DivideRounded(top, bottom);
    if (out > std::numeric_limits<std::int64_t>::max() ||
        out < std::numeric_limits<std::int64_t>::min()) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(out);
}

namespace {

// ChooseRate's rule over the candidate rates (any order: the choice is the least rank).
std::optional<RateChoice> ChooseAmong(const std::vector<const ExchangeRate*>& rates,
                                      std::string_view from, std::string_view to, Date on) {
    std::optional<RateChoice> covering;
    RateRank covering_rank;
    std::optional<RateChoice> recent;
    std::pair<std::int64_t, RateRank> recent_rank;
    for (const ExchangeRate* r : rates) {
        bool direct = r->from == from && r->to == to;
        bool inverse = r->from == to && r->to == from;
        if (!direct && !inverse) continue;
        auto value = ParseRate(r->rate, r->per.value_or(1));
        if (!value) continue;
        // The shortest period, the latest start, quoted the asked way, the smallest id.
        RateRank rank{SpanDays(r->period), -DayNumber(r->period.from), inverse, r->id};
        RateChoice choice{r, *value, inverse};
        if (r->period.Contains(on)) {
            if (!covering || rank < covering_rank) {
                covering = choice;
                covering_rank = rank;
            }
            continue;
        }
        std::int64_t days_since = DayNumber(on) - DayNumber(r->period.to);
        if (days_since <= 0 || days_since > kRateStaleDays) continue;
        std::pair<std::int64_t, RateRank> key{days_since, rank};
        if (!recent || key < recent_rank) {
            recent = choice;
            recent_rank = key;
        }
    }
    return covering ? covering : recent;
}

// The view's rates by the pair they are quoted in, built once per conversion.
class RatesByPair {
  public:
    explicit RatesByPair(const LedgerView& view) {
        for (const ExchangeRate& r : view.All<ExchangeRate>()) pairs_[{r.from, r.to}].push_back(&r);
    }
    // The rates of the pair quoted either way round.
    std::vector<const ExchangeRate*> Of(const std::string& from, const std::string& to) const {
        std::vector<const ExchangeRate*> out;
        for (const auto& key : {std::pair{from, to}, std::pair{to, from}}) {
            if (auto it = pairs_.find(key); it != pairs_.end()) {
                out.insert(out.end(), it->second.begin(), it->second.end());
            }
        }
        return out;
    }

  private:
    std::map<std::pair<std::string, std::string>, std::vector<const ExchangeRate*>> pairs_;
};

}  // namespace

std::optional<RateChoice> ChooseRate(const LedgerView& view, std::string_view from,
                                     std::string_view to, Date on) {
    return ChooseAmong(RatesByPair(view).Of(std::string(from), std::string(to)), from, to, on);
}

Date ConversionDay(const Figure& figure, Date as_of) {
    if (figure.period) return std::min(figure.period->to, as_of);
    return as_of;
}

namespace {

template <class T>
void AddUnique(std::vector<T>& into, const std::vector<T>& more) {
    into.insert(into.end(), more.begin(), more.end());
    std::sort(into.begin(), into.end());
    into.erase(std::unique(into.begin(), into.end()), into.end());
}

void AddFirstSeen(std::vector<std::string>& into, const std::vector<std::string>& more) {
    for (const auto& s : more) {
        if (std::find(into.begin(), into.end(), s) == into.end()) into.push_back(s);
    }
}

bool Add(std::int64_t& into, std::int64_t more) {
    return __builtin_add_overflow(into, more, &into);
}

// One money figure of the group in the reporting currency, with its part in `combined`.
// The rate record a conversion used: its id, the rate as published and its sources.
void NameRate(Conversion& c, const ExchangeRate& r) {
    c.rate_id = r.id;
    c.rate = r.rate;
    c.rate_from = r.from;
    c.rate_to = r.to;
    c.per = r.per.value_or(1);
    c.rate_period = r.period;
    for (const auto& citation : r.sources) {
        if (std::find(c.sources.begin(), c.sources.end(), citation.source) == c.sources.end()) {
            c.sources.push_back(citation.source);
        }
    }
}

void AddPart(Figure& combined, const Figure& part, const RatesByPair& rates,
             const std::string& currency, Date as_of, const ReferenceData& ref) {
    const std::string& from = part.keys.at("currency");
    std::int64_t certain = part.certain;
    std::int64_t possible = part.possible;
    if (from != currency) {
        Conversion c;
        c.from = from;
        c.to = currency;
        c.on = ConversionDay(part, as_of);
        c.certain = part.certain;
        c.possible = part.possible;
        if (auto rate = ChooseAmong(rates.Of(from, currency), from, currency, c.on)) {
            NameRate(c, *rate->record);
            int from_exponent = ref.Exponent(from);
            int to_exponent = ref.Exponent(currency);
            auto low =
                ConvertMinor(part.certain, from_exponent, to_exponent, rate->value, rate->inverse);
            auto high =
                ConvertMinor(part.possible, from_exponent, to_exponent, rate->value, rate->inverse);
            if (!low || !high) {
                combined.overflow = true;
            } else {
                certain = *low;
                possible = *high;
            }
        }
        if (c.missing()) certain = possible = 0;
        combined.conversions.push_back(std::move(c));
    }
    combined.overflow = part.overflow || combined.overflow;
    combined.overflow = Add(combined.certain, certain) || combined.overflow;
    combined.overflow = Add(combined.possible, possible) || combined.overflow;
    AddUnique(combined.records, part.records);
    AddUnique(combined.uncertain, part.uncertain);
    AddUnique(combined.unknown_values, part.unknown_values);
    AddUnique(combined.unsourced, part.unsourced);
    AddFirstSeen(combined.sources, part.sources);
    combined.declarations += part.declarations;
    for (const Period& p : part.uncovered) {
        if (std::find(combined.uncovered.begin(), combined.uncovered.end(), p) ==
            combined.uncovered.end()) {
            combined.uncovered.push_back(p);
        }
    }
    std::sort(combined.uncovered.begin(), combined.uncovered.end(),
              [](const Period& a, const Period& b) {
                  return std::tie(a.from, a.to) < std::tie(b.from, b.to);
              });
    if (part.basis) {
        if (!combined.basis) {
            combined.basis = part.basis;
        } else if (*combined.basis != *part.basis) {
            // Parts counted from different bases: the combined figure names both, in one order.
            std::set<std::string> bases;
            for (std::string_view b :
                 {std::string_view(*combined.basis), std::string_view(*part.basis)}) {
                std::size_t start = 0;
                while (start <= b.size()) {
                    auto plus = b.find('+', start);
                    bases.emplace(b.substr(start, plus == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : plus - start));
                    if (plus == std::string_view::npos) break;
                    start = plus + 1;
                }
            }
            std::string joined;
            for (const auto& b : bases) joined += (joined.empty() ? "" : "+") + b;
            combined.basis = joined;
        }
    }
    if (!combined.period) combined.period = part.period;
}

}  // namespace

void ConvertFigures(std::vector<Figure>& figures, const LedgerView& view,
                    const std::string& currency, Date as_of, const ReferenceData& ref) {
    // Groups: the money figures of one metric whose keys but the currency are equal, in the
    // order of their first figure.
    using GroupKey = std::pair<std::string, std::map<std::string, std::string>>;
    std::map<GroupKey, std::size_t> group_of;
    const RatesByPair rates(view);  // looked up per part, not scanned
    std::vector<Figure> out;
    out.reserve(figures.size());
    for (Figure& f : figures) {
        auto cur = f.keys.find("currency");
        if (cur == f.keys.end()) {
            out.push_back(std::move(f));
            continue;
        }
        GroupKey key{f.metric, f.keys};
        key.second.erase("currency");
        auto [it, fresh] = group_of.try_emplace(std::move(key), out.size());
        if (fresh) {
            Figure combined;
            combined.metric = f.metric;
            combined.keys = f.keys;
            combined.keys["currency"] = currency;
            out.push_back(std::move(combined));
        }
        AddPart(out[it->second], f, rates, currency, as_of, ref);
    }
    for (Figure& f : out) {
        if (f.RateMissing()) f.certain = f.possible = 0;
    }
    figures = std::move(out);
}

Converted ConvertAmount(std::int64_t minor, const std::string& from, const std::string& to, Date on,
                        const LedgerView& view, const ReferenceData& ref) {
    Converted out;
    out.conversion.from = from;
    out.conversion.to = to;
    out.conversion.on = on;
    out.conversion.certain = out.conversion.possible = minor;
    if (from == to) {
        out.minor = minor;
        return out;
    }
    auto rate = ChooseRate(view, from, to, on);
    if (!rate) return out;
    NameRate(out.conversion, *rate->record);
    out.minor =
        ConvertMinor(minor, ref.Exponent(from), ref.Exponent(to), rate->value, rate->inverse);
    out.overflow = !out.minor;
    return out;
}

std::string ConversionWords(const Conversion& c) {
    if (c.missing()) {
        return "no " + c.from + " to " + c.to + " rate for " + FormatDate(c.on);
    }
    std::string per = c.per == 1 ? "1" : GroupThousands(c.per);
    std::string when = c.rate_period.from == c.rate_period.to ? FormatDate(c.rate_period.from)
                                                              : FormatPeriod(c.rate_period);
    std::string out =
        c.rate_from + " " + per + " = " + c.rate_to + " " + c.rate + " (" + c.rate_id + ", " + when;
    if (!(c.rate_period.Contains(c.on))) out += ", the latest rate before " + FormatDate(c.on);
    out += ")";
    return out;
}

}  // namespace aidledger
