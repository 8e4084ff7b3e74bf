#include "aidledger/core/claims.h"

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>
#include <utility>

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
    FigureCache(const LedgerView& view, const FigureFacts& facts) : view_(view), facts_(facts) {}

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

}  // namespace

ClaimCheck CheckClaim(const LedgerView& view, const Claim& claim) {
    FigureCache cache(view, FactsOf(view));
    return Check(claim, cache);
}

std::vector<ClaimCheck> CheckClaims(const LedgerView& view, std::optional<Date> stated_on) {
    return CheckClaims(view, FactsOf(view), stated_on);
}

std::vector<ClaimCheck> CheckClaims(const LedgerView& view, const FigureFacts& facts,
                                    std::optional<Date> stated_on) {
    std::vector<const Claim*> claims = ClaimsStated(view, stated_on);
    FigureCache cache(view, facts);
    std::vector<ClaimCheck> out;
    out.reserve(claims.size());
    for (const Claim* c : claims) out.push_back(Check(*c, cache));
    return out;
}

namespace engine {

std::vector<ClaimCheck> CheckClaimsOfDay(const LedgerView& view, const FigureFacts& facts,
                                         const FigureQuery& query, const Computed& computed) {
    FigureCache cache(view, facts);
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

}  // namespace engine

}  // namespace aidledger
