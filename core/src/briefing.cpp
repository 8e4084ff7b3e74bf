#include "aidledger/core/briefing.h"

#include <algorithm>
#include <iterator>
#include <map>
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
    b.published = engine::LatestClaims(view, facts, q, computed);
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

namespace {

using FigureKey = std::pair<std::string_view, const std::map<std::string, std::string>*>;

bool KeyLess(const FigureKey& a, const FigureKey& b) {
    if (a.first != b.first) return a.first < b.first;
    return *a.second < *b.second;
}

bool SameValue(const Figure& a, const Figure& b) {
    return a.certain == b.certain && a.possible == b.possible && a.records == b.records &&
           a.unknown_values == b.unknown_values;
}

// Refs in `a` not in `b`; both sorted (Figure::records is).
std::vector<RecordRef> Minus(const std::vector<RecordRef>& a, const std::vector<RecordRef>& b) {
    std::vector<RecordRef> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

FigureChange ChangeOf(const Figure* before, const Figure* after) {
    FigureChange c;
    const Figure& some = after != nullptr ? *after : *before;
    c.metric = some.metric;
    c.keys = some.keys;
    const std::vector<RecordRef> none;
    const auto& now = after != nullptr ? after->records : none;
    const auto& then = before != nullptr ? before->records : none;
    c.added = Minus(now, then);
    c.removed = Minus(then, now);
    if (before != nullptr) c.before = *before;
    if (after != nullptr) c.after = *after;
    return c;
}

}  // namespace

std::vector<FigureChange> DiffFigures(const std::vector<Figure>& before,
                                      const std::vector<Figure>& after) {
    std::map<FigureKey, const Figure*, decltype(&KeyLess)> old(&KeyLess);
    for (const Figure& f : before) old.emplace(FigureKey{f.metric, &f.keys}, &f);
    std::vector<FigureChange> out;
    for (const Figure& f : after) {
        auto it = old.find(FigureKey{f.metric, &f.keys});
        if (it == old.end()) {
            // A figure that is new but says nothing (a breakdown with no records) is no change.
            if (!f.records.empty()) out.push_back(ChangeOf(nullptr, &f));
            continue;
        }
        if (!SameValue(*it->second, f)) out.push_back(ChangeOf(it->second, &f));
        old.erase(it);
    }
    for (const Figure& f : before) {
        if (old.contains(FigureKey{f.metric, &f.keys}) && !f.records.empty()) {
            out.push_back(ChangeOf(&f, nullptr));
        }
    }
    return out;
}

void CompareWithAsOf(Briefing& b, const LedgerView& view, const FigureFacts& facts, Date since) {
    FigureQuery q = b.query;
    q.as_of = since;
    q.period = ExportPeriod(view, q);
    engine::Computed computed(view, facts, q, engine::GroupsOf(q));
    b.baseline = BriefingBaseline{since, std::nullopt, std::nullopt};
    b.changes = DiffFigures(computed.Figures(), b.figures);
}

void CompareWithLedgerTime(Briefing& b, const LedgerView& before, const FigureFacts& before_facts,
                           LedgerTime since, const std::vector<VersionMeta>& versions) {
    FigureQuery q = b.query;
    q.period = ExportPeriod(before, q);
    engine::Computed computed(before, before_facts, q, engine::GroupsOf(q));
    b.baseline = BriefingBaseline{std::nullopt, since, b.at};
    b.changes = DiffFigures(computed.Figures(), b.figures);
    for (FigureChange& c : b.changes) {
        std::vector<RecordRef> behind;
        if (c.before) behind = c.before->records;
        if (c.after) {
            std::vector<RecordRef> merged;
            std::set_union(behind.begin(), behind.end(), c.after->records.begin(),
                           c.after->records.end(), std::back_inserter(merged));
            behind = std::move(merged);
        }
        for (const VersionMeta& v : versions) {
            if (std::binary_search(behind.begin(), behind.end(), RecordRef{v.kind, v.id})) {
                c.versions.push_back(v);
            }
        }
    }
}

}  // namespace aidledger
