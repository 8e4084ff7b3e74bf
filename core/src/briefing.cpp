#include "aidledger/core/briefing.h"

#include <string_view>
#include <unordered_set>
#include <utility>

#include "figures/engine.h"

namespace aidledger {

std::vector<std::string> SourcesOf(const LedgerView& view, const std::vector<RecordRef>& records) {
    std::vector<std::string> out;
    std::unordered_set<std::string_view> seen;  // the ids stay in the view
    for (const auto& ref : records) {
        const auto* citations = view.CitationsOf(ref);
        if (citations == nullptr) continue;
        for (const auto& c : *citations) {
            if (seen.insert(c.source).second) out.push_back(c.source);
        }
    }
    return out;
}

Briefing BuildBriefing(const LedgerView& view, const FigureQuery& query) {
    return BuildBriefing(view, FactsOf(view), query);
}

Briefing BuildBriefing(const LedgerView& view, const FigureFacts& facts, const FigureQuery& query) {
    Briefing b;
    b.query = query;
    b.at = view.at();
    b.export_period = ExportPeriod(view, query);
    FigureQuery q = query;
    q.period = b.export_period;
    engine::Computed computed(view, facts, q, engine::GroupsOf(q));
    b.figures = computed.Figures();
    b.claims = engine::CheckClaimsOfDay(view, facts, q, computed);
    std::vector<RecordRef> claims;
    claims.reserve(b.claims.size());
    for (const auto& c : b.claims) claims.push_back(RecordRef{Kind::kClaim, c.claim->id});
    b.sources = computed.Sources(claims);
    return b;
}

}  // namespace aidledger
