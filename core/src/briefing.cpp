#include "aidledger/core/briefing.h"

#include <algorithm>
#include <set>

namespace aidledger {

std::vector<std::string> SourcesOf(const LedgerView& view, const std::vector<RecordRef>& records) {
    std::vector<std::string> out;
    std::set<std::string> seen;
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
    Briefing b;
    b.query = query;
    b.at = view.at();
    b.export_period = ExportPeriod(view, query);
    FigureQuery q = query;
    q.period = b.export_period;
    b.figures = ComputeFigures(view, q);
    for (auto& check : CheckClaims(view, query.as_of)) {
        if (!query.provider.country.empty() &&
            check.claim->provider.country != query.provider.country) {
            continue;
        }
        b.claims.push_back(std::move(check));
    }
    std::vector<RecordRef> all;
    for (const auto& f : b.figures) all.insert(all.end(), f.records.begin(), f.records.end());
    for (const auto& c : b.claims) all.push_back(RecordRef{Kind::kClaim, c.claim->id});
    b.sources = SourcesOf(view, all);
    return b;
}

}  // namespace aidledger
