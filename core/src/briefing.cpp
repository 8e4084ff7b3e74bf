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
    // The sources of the figures' records, in first-seen order, are each figure's own sources
    // in figure order without repeats: no second pass over the records.
    std::unordered_set<std::string_view> seen;  // the ids stay in b.figures and the view
    auto cite = [&](std::string_view source) {
        if (seen.insert(source).second) b.sources.emplace_back(source);
    };
    for (const Figure& f : b.figures) {
        for (const auto& source : f.sources) cite(source);
    }
    for (const auto& c : b.claims) {
        const auto* citations = view.CitationsOf(RecordRef{Kind::kClaim, c.claim->id});
        if (citations == nullptr) continue;
        for (const auto& citation : *citations) cite(citation.source);
    }
    return b;
}

}  // namespace aidledger
