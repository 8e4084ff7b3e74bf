#include "aidledger/core/claims.h"

#include <algorithm>
#include <map>
#include <tuple>

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

// Figures for one (date, scope, period) are computed once per CheckClaims call.
class FigureCache {
  public:
    explicit FigureCache(const LedgerView& view) : view_(view) {}
    const std::vector<Figure>& At(Date d, const ProviderScope& scope,
                                  const std::optional<Period>& period) {
        std::string key = FormatDate(d) + "|" + scope.country + "|";
        for (PartyKind k : scope.kinds) key += std::string(EnumName(k)) + ",";
        key += "|" + (period ? FormatPeriod(*period) : std::string());
        auto it = cache_.find(key);
        if (it == cache_.end()) {
            it = cache_.emplace(key, ComputeFigures(view_, FigureQuery{d, scope, period})).first;
        }
        return it->second;
    }

  private:
    const LedgerView& view_;
    std::map<std::string, std::vector<Figure>> cache_;
};

ClaimCheck Check(const Claim& claim, FigureCache& cache) {
    ClaimCheck out;
    out.claim = &claim;
    out.certain_on = claim.as_of ? *claim.as_of : AddDays(claim.stated_on, -1);
    out.possible_on = claim.as_of ? *claim.as_of : claim.stated_on;
    Figure low = FindFigure(cache.At(out.certain_on, claim.provider, claim.period), claim.metric,
                            claim.keys);
    Figure high = FindFigure(cache.At(out.possible_on, claim.provider, claim.period),
                             claim.metric, claim.keys);
    out.ledger_certain = low.certain;
    out.ledger_possible = high.possible;
    out.records = high.records;
    out.ledger_lower_bound = !high.unknown_values.empty();
    if (!claim.value) {
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
    }
    return out;
}

}  // namespace

ClaimCheck CheckClaim(const LedgerView& view, const Claim& claim) {
    FigureCache cache(view);
    return Check(claim, cache);
}

std::vector<ClaimCheck> CheckClaims(const LedgerView& view, std::optional<Date> stated_on) {
    std::vector<const Claim*> claims;
    for (const auto& c : view.All<Claim>()) {
        if (!stated_on || c.stated_on == *stated_on) claims.push_back(&c);
    }
    std::sort(claims.begin(), claims.end(), [](const Claim* a, const Claim* b) {
        return std::tie(a->stated_on, a->id) < std::tie(b->stated_on, b->id);
    });
    FigureCache cache(view);
    std::vector<ClaimCheck> out;
    out.reserve(claims.size());
    for (const Claim* c : claims) out.push_back(Check(*c, cache));
    return out;
}

}  // namespace aidledger
