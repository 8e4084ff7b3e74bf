#include "aidledger/core/claims.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "aidledger/core/money.h"
#include "figures/engine.h"

namespace aidledger {

std::pair<std::int64_t, std::optional<std::int64_t>> WidenClaim(std::int64_t value, Qualifier q) {
    switch (q) {
        case Qualifier::kExact:
            return {value, value};
        case Qualifier::kAtLeast:
            return {value, std::nullopt};
        case Qualifier::kAtMost:
            return {0, value};
        case Qualifier::kAbout: {
            std::int64_t margin = std::max<std::int64_t>(1, value / 10);
            return {std::max<std::int64_t>(0, value - margin), value + margin};
        }
    }
    return {value, value};
}

namespace {

// The figures claims are judged against, counted one metric group at a time and kept for the
// next claims: claims come in statement-date order, so neighbours share dates and scopes.
class FigureCache {
  public:
    // `counting`: the bulk declarations to count in exports.* (its `declared` and
    // `declared_synthetic`; none: the records only).
    FigureCache(const LedgerView& view, const FigureFacts& facts, const FigureQuery* counting)
        : view_(view), facts_(facts) {
        if (counting != nullptr) {
            declared_ = counting->declared;
            declared_synthetic_ = counting->declared_synthetic;
        }
    }

    // Figures already counted for some groups of `query`, whose period is set; the caller
    // keeps them while the cache lives.
    void Seed(const FigureQuery& query, const engine::Computed& computed) {
        entries_.push_back(Entry{query.as_of, query.provider, *query.period, nullptr, &computed});
        seeded_ = true;
    }

    // FindFigure(ComputeFigures(view, {d, scope, period}), metric, keys).
    Figure Find(Date d, const ProviderScope& scope, const std::optional<Period>& period,
                const std::string& metric, const std::map<std::string, std::string>& keys) {
        auto group = engine::GroupOf(metric);
        if (!group) return FindFigure({}, metric, keys);
        FigureQuery query{d, scope, period};
        query.declared = declared_;
        query.declared_synthetic = declared_synthetic_;
        // Only export figures depend on the period, and only through ExportPeriod.
        Period export_period = ExportPeriod(view_, query);
        bool exports = *group == MetricGroup::kExports;
        for (const Entry& e : entries_) {
            if ((e.computed->groups() & MaskOf(*group)) == 0) continue;
            if (e.as_of != d || !(e.scope == scope)) continue;
            if (exports && !(e.export_period == export_period)) continue;
            return e.computed->Find(metric, keys);
        }
        if (entries_.size() >= kKeep) entries_.erase(entries_.begin() + (seeded_ ? 1 : 0));
        auto computed = std::make_unique<engine::Computed>(view_, facts_, query, MaskOf(*group));
        const engine::Computed* found = computed.get();
        entries_.push_back(Entry{d, scope, export_period, std::move(computed), found});
        return found->Find(metric, keys);
    }

  private:
    static constexpr std::size_t kKeep = 8;
    struct Entry {
        Date as_of;
        ProviderScope scope;
        Period export_period;
        std::unique_ptr<engine::Computed> owned;  // null for the seed
        const engine::Computed* computed;
    };
    const LedgerView& view_;
    const FigureFacts& facts_;
    std::shared_ptr<const DeclaredExports> declared_;
    std::optional<bool> declared_synthetic_;
    std::vector<Entry> entries_;
    bool seeded_ = false;  // entries_[0] is the seed, kept to the end
};

ClaimCheck Check(const Claim& claim, FigureCache& cache) {
    ClaimCheck out;
    out.claim = &claim;
    out.certain_on = claim.as_of ? *claim.as_of : AddDays(claim.stated_on, -1);
    out.possible_on = claim.as_of ? *claim.as_of : claim.stated_on;
    Figure low = cache.Find(out.certain_on, claim.provider, claim.period, claim.metric, claim.keys);
    Figure high =
        cache.Find(out.possible_on, claim.provider, claim.period, claim.metric, claim.keys);
    out.ledger_certain = low.certain;
    out.ledger_possible = high.possible;
    // Records that may count by possible_on but do not surely count by certain_on.
    std::size_t surely = low.records.size() - low.uncertain.size();
    out.uncertain_records = high.records.size() > surely ? high.records.size() - surely : 0;
    out.records = std::move(high.records);
    out.ledger_lower_bound = !high.unknown_values.empty();
    // An overflowing sum says nothing the claim could be judged against.
    if (!claim.value || low.overflow || high.overflow) {
        out.verdict = Verdict::kUnknown;
        return out;
    }
    auto [lo, hi] = WidenClaim(*claim.value, claim.qualifier);
    out.claim_low = lo;
    out.claim_high = hi;
    if (hi && *hi < out.ledger_certain) {
        out.verdict = Verdict::kDisagrees;
    } else if (lo > out.ledger_possible) {
        out.verdict = Verdict::kLedgerIncomplete;
    } else {
        out.verdict = Verdict::kAgrees;
        out.within_range = out.ledger_certain != out.ledger_possible || out.ledger_lower_bound;
        out.weak = WideRange(out.ledger_certain, out.ledger_possible);
    }
    return out;
}

// The claims CheckClaims judges, in its order.
std::vector<const Claim*> ClaimsStated(const LedgerView& view, std::optional<Date> stated_on) {
    std::vector<const Claim*> claims;
    for (const auto& c : view.All<Claim>()) {
        if (!stated_on || c.stated_on == *stated_on) claims.push_back(&c);
    }
    std::sort(claims.begin(), claims.end(), [](const Claim* a, const Claim* b) {
        return std::tie(a->stated_on, a->id) < std::tie(b->stated_on, b->id);
    });
    return claims;
}

std::string Amount(std::int64_t value, const Claim& claim, const ReferenceData& ref) {
    auto currency = claim.keys.find("currency");
    if (currency == claim.keys.end()) return GroupThousands(value);
    return FormatMoneyForPeople(value, currency->second, ref.Exponent(currency->second));
}

std::string Day(Date d) {
    std::string out = FormatLongDate(d);
    return out.substr(0, out.rfind(' '));  // "9 April": the year is the claim's own
}

}  // namespace

bool WideRange(std::int64_t certain, std::int64_t possible) {
    return possible > 0 && (certain == 0 || possible - certain > possible / 4);
}

std::string ExplainVerdict(const ClaimCheck& c, const ReferenceData& ref) {
    const Claim& claim = *c.claim;
    if (!claim.value) {
        return "The number is missing from the source, so the claim cannot be judged until "
               "someone supplies it.";
    }
    std::string range = Amount(c.ledger_certain, claim, ref);
    if (c.ledger_possible != c.ledger_certain) {
        range += " to " + Amount(c.ledger_possible, claim, ref);
    }
    if (c.ledger_lower_bound) range += " or more (some values are unknown)";
    std::string out;
    if (claim.as_of) {
        out = "Stated on " + Day(claim.stated_on) + " as of " + Day(*claim.as_of) +
              ", so judged against the ledger on " + Day(*claim.as_of) + ": " + range + ". ";
    } else {
        out = "Stated on " + Day(claim.stated_on) + ", so judged against what surely happened by " +
              Day(c.certain_on) + " and what may have happened by " + Day(c.possible_on) + ": " +
              range + ". ";
    }
    std::string value = Amount(*claim.value, claim, ref);
    switch (claim.qualifier) {
        case Qualifier::kExact:
            break;
        case Qualifier::kAtLeast:
            value = "\"over " + value + "\"";
            break;
        case Qualifier::kAtMost:
            value = "\"at most " + value + "\"";
            break;
        case Qualifier::kAbout:
            value = "\"about " + value + "\"";
            break;
    }
    switch (c.verdict) {
        case Verdict::kAgrees:
            if (!c.within_range) return out + "The claim's " + value + " matches it.";
            out += "The claim's " + value + " falls within that range.";
            if (c.weak) {
                std::size_t n = c.uncertain_records;
                out += " The range is wide";
                if (n > 0) {
                    out += " (" + std::to_string(n) + " record" + (n == 1 ? " has" : "s have") +
                           " uncertain dates)";
                }
                out += ", so the ledger neither confirms nor rules out the number.";
            }
            return out;
        case Verdict::kDisagrees:
            return out + "The claim's " + value + " is below what the ledger surely holds.";
        case Verdict::kLedgerIncomplete:
            return out + "The claim's " + value +
                   " is more than the ledger can back: the ledger does not itemise it.";
        case Verdict::kUnknown:
            break;
    }
    return out;
}

ClaimCheck CheckClaim(const LedgerView& view, const Claim& claim) {
    FigureCache cache(view, FactsOf(view), nullptr);
    return Check(claim, cache);
}

std::vector<ClaimCheck> CheckClaims(const LedgerView& view, std::optional<Date> stated_on) {
    return CheckClaims(view, FactsOf(view), stated_on);
}

std::vector<ClaimCheck> CheckClaims(const LedgerView& view, const FigureFacts& facts,
                                    std::optional<Date> stated_on) {
    return CheckClaims(view, facts, stated_on, FigureQuery{});
}

std::vector<ClaimCheck> CheckClaims(const LedgerView& view, const FigureFacts& facts,
                                    std::optional<Date> stated_on, const FigureQuery& counting) {
    std::vector<const Claim*> claims = ClaimsStated(view, stated_on);
    FigureCache cache(view, facts, &counting);
    std::vector<ClaimCheck> out;
    out.reserve(claims.size());
    for (const Claim* c : claims) out.push_back(Check(*c, cache));
    return out;
}

namespace engine {

std::vector<ClaimCheck> CheckClaimsOfDay(const LedgerView& view, const FigureFacts& facts,
                                         const FigureQuery& query, const Computed& computed) {
    FigureCache cache(view, facts, &query);
    cache.Seed(query, computed);
    std::vector<ClaimCheck> out;
    for (const Claim* c : ClaimsStated(view, query.as_of)) {
        if (!query.provider.country.empty() && c->provider.country != query.provider.country) {
            continue;
        }
        out.push_back(Check(*c, cache));
    }
    return out;
}

std::vector<ClaimCheck> LatestClaims(const LedgerView& view, const FigureFacts& facts,
                                     const FigureQuery& query, const Computed& computed) {
    // The latest claim with a number per metric and keys: the same scope first, then any scope
    // of the query's country (every country when the query names none).
    using Key = std::pair<std::string_view, const std::map<std::string, std::string>*>;
    auto key_less = [](const Key& a, const Key& b) {
        if (a.first != b.first) return a.first < b.first;
        return *a.second < *b.second;
    };
    std::map<Key, const Claim*, decltype(key_less)> best(key_less);
    auto rank = [&](const Claim& c) {
        return std::make_tuple(c.provider == query.provider, c.stated_on, std::string_view(c.id));
    };
    for (const auto& c : view.All<Claim>()) {
        if (!c.value || c.stated_on > query.as_of) continue;
        if (!query.provider.country.empty() && c.provider.country != query.provider.country) {
            continue;
        }
        auto [it, inserted] = best.try_emplace(Key{c.metric, &c.keys}, &c);
        if (!inserted && rank(*it->second) < rank(c)) it->second = &c;
    }
    std::vector<const Claim*> chosen;
    chosen.reserve(best.size());
    for (const auto& [key, claim] : best) chosen.push_back(claim);
    // In the metric table's order, then by keys.
    std::sort(chosen.begin(), chosen.end(), [](const Claim* a, const Claim* b) {
        auto pa = MetricPosition(a->metric).value_or(kMetricTable.size());
        auto pb = MetricPosition(b->metric).value_or(kMetricTable.size());
        return std::tie(pa, a->keys) < std::tie(pb, b->keys);
    });
    FigureCache cache(view, facts, &query);
    cache.Seed(query, computed);
    std::vector<ClaimCheck> out;
    out.reserve(chosen.size());
    for (const Claim* c : chosen) out.push_back(Check(*c, cache));
    return out;
}

}  // namespace engine

}  // namespace aidledger
