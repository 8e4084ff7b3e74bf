// The briefing (SPEC.md "Figures"): every figure as of a date for a provider scope, the
// records and sources behind each, and the claims stated that day beside them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/store.h"
#include "aidledger/core/synthetic.h"
#include "aidledger/core/view.h"

namespace aidledger {

// One figure (metric and keys) as it changed between two briefings of the same scope: two
// as-of dates ("since the last briefing") or two ledger times ("why did this figure change").
struct FigureChange {
    std::string metric;
    std::map<std::string, std::string> keys;
    std::optional<Figure> before;    // absent: no such figure then (a breakdown key added)
    std::optional<Figure> after;     // absent: no such figure now (a breakdown key gone)
    std::vector<RecordRef> added;    // records behind `after` that were not behind `before`
    std::vector<RecordRef> removed;  // records behind `before` that are not behind `after`
    // Between ledger times: the versions recorded between them of the records behind either,
    // in sequence order (records added, edited or retired, with author and reason).
    std::vector<VersionMeta> versions;
};

// What a briefing is compared with.
struct BriefingBaseline {
    std::optional<Date> as_of;         // the same ledger, an earlier as-of date
    std::optional<LedgerTime> at;      // the same as-of date, the ledger as it stood then
    std::optional<LedgerTime> at_now;  // with `at`: the later ledger time (absent: current)
};

// A sentence a spokesperson can read out, generated from the figures (core/talking_points.h),
// with what backs it.
struct TalkingPoint {
    std::string topic;  // the metric group's section: "teams", "supplies", ... or "official"
    std::string text;
    std::vector<std::pair<std::string, std::map<std::string, std::string>>> figures;
    std::vector<RecordRef> records;
    std::vector<std::string> sources;  // of the records, then of the claims quoted
    std::vector<std::string> claims;   // ids of the claims the sentence quotes
};

struct Briefing {
    FigureQuery query;
    SyntheticNote synthetic;  // which records were counted (core/synthetic.h)
    std::optional<LedgerTime> at;
    Period export_period{};
    std::vector<TalkingPoint> talking_points;  // BuildTalkingPoints; empty until built
    std::vector<Figure> figures;               // each with its sources
    // The best available published figure beside the ledger's: per metric and keys, the latest
    // claim with a number stated by the as-of date (engine::LatestClaims), with its verdict.
    std::vector<ClaimCheck> published;
    std::vector<ClaimCheck> claims;            // claims stated on the as-of date
    std::vector<std::string> sources;          // ids of every source cited by the records behind
    std::optional<BriefingBaseline> baseline;  // what `changes` compares with
    std::vector<FigureChange> changes;         // the figures that differ from the baseline's
    // The reporting currency of `figures` (core/exchange.h ConvertFigures); none: each figure
    // in the currency of its records. `changes` keep the records' currencies.
    std::optional<std::string> currency;
};

// The figures of `after` that differ from those of `before` (same metric and keys: a range,
// an unknown part or a record behind it), in `after`'s order, then those only in `before`.
std::vector<FigureChange> DiffFigures(const std::vector<Figure>& before,
                                      const std::vector<Figure>& after);

// Source ids cited by the given records, in first-seen order without repeats.
std::vector<std::string> SourcesOf(const LedgerView& view, const std::vector<RecordRef>& records);

// Builds the briefing: the figures of the query's metrics (every metric when it names none),
// each with its sources. Claims are those stated on query.as_of whose provider country matches
// the query's (all of that day's claims when the query names no country), whatever metrics the
// query names.
Briefing BuildBriefing(const LedgerView& view, const FigureQuery& query);
// The same with facts the caller holds beside the view (core/figures/facts.h), built from it.
Briefing BuildBriefing(const LedgerView& view, const FigureFacts& facts, const FigureQuery& query);

// Sets b.baseline and b.changes against the same query on an earlier as-of date, on the same
// view and facts as `b` was built from.
void CompareWithAsOf(Briefing& b, const LedgerView& view, const FigureFacts& facts, Date since);
// Sets b.baseline and b.changes against the same query on `before`, the view as the ledger
// stood at `since` (with its facts); `versions` are the versions recorded after `since` up to
// b's ledger time, in sequence order: each change lists those of its records.
void CompareWithLedgerTime(Briefing& b, const LedgerView& before, const FigureFacts& before_facts,
                           LedgerTime since, const std::vector<VersionMeta>& versions);

}  // namespace aidledger
