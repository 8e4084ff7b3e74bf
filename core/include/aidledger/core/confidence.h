// How far a record, and a figure, can be relied on (issue 15 item 5; docs/confidence.md): a
// grade from stated rules that carries its reasons, one sentence per rule.
//
// A record's grade (GradeRecord), rules applied in this order:
//   1. synthetic: a record made by `aidledger generate` is graded "synthetic" and nothing else
//      (never graded as if real); the other rules are not applied.
//   2. sources: the sources that support it (core/duplicates.h RecordCorroboration's
//      supported_by: its own citations and those of likely duplicates that agree; for a claim
//      core/corroboration.h ClaimCorroboration's) are grouped into independent origins
//      (SourceOrigins): no source gives "unverified", and no later rule raises it; one origin
//      gives "low", two "moderate", three or more "high".
//   3. official: when at least one supporting source is an official statement (IsOfficial),
//      one step up.
//   4. date: when the record's date is bounded (an interval of more than one day), one step
//      down; an exact date (one day) keeps the grade; a kind with no date is not judged.
//   5. contradicted: when some source contradicts it (contradicted_by), one step down.
// A step never goes above "high" nor, once a source supports the record, below "low"; a rule
// whose step is stopped by that bound says so.
//
// Independent origins: two sources are of one origin when their outlets are the same (compared
// case-insensitively, spaces collapsed), their URLs have the same host (without "www."), or
// their texts are the same (case and spaces aside) or one holds the other's whole text (a
// repost); the relation is closed transitively. Sources with neither outlet nor URL make one
// origin together, as nothing shows them independent.
//
// Official statement (Source has no field for it; IsOfficial derives it from existing fields):
// a source is an official statement when its URL's host is a government or intergovernmental
// one (its last label "gov", "mil" or "int", or a label before the last "gov", "gouv", "gob",
// "govt" or "go", such as fmprc.gov.cn, diplomatie.gouv.fr, who.int), or its outlet names
// (by id or name, any case) a party of the ledger that is a country, a central or local
// government, an international organisation or the Red Cross. Anything else, state media
// included, is a media report.
//
// A figure's grade (GradeFigure): the grades of the records it may count (Figure::records),
// how many at each grade, and the figure's grade: "synthetic" when it counts a synthetic
// record, else the weakest grade among them (a figure is as strong as its weakest record);
// none when it counts no record.
//
// Standard library only: no I/O, no SQL, no clock.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/duplicates.h"
#include "aidledger/core/figures/query.h"
#include "aidledger/core/records.h"
#include "aidledger/core/view.h"

namespace aidledger {

// In order from weakest: the ladder is unverified < low < moderate < high; synthetic is off it.
enum class Grade { kSynthetic, kUnverified, kLow, kModerate, kHigh };
AIDLEDGER_ENUM_NAMES(Grade, 5, {Grade::kSynthetic, "synthetic"}, {Grade::kUnverified, "unverified"},
                     {Grade::kLow, "low"}, {Grade::kModerate, "moderate"}, {Grade::kHigh, "high"});
inline constexpr std::size_t kGradeCount = 5;

// What a rule did to the grade.
enum class Effect { kSet, kRaised, kLowered, kKept };
AIDLEDGER_ENUM_NAMES(Effect, 4, {Effect::kSet, "set"}, {Effect::kRaised, "raised"},
                     {Effect::kLowered, "lowered"}, {Effect::kKept, "kept"});

// One rule's part in a grade: the rule's name ("synthetic", "sources", "official", "date",
// "contradicted"), what it did, and why in words.
struct ConfidenceReason {
    std::string rule;
    Effect effect = Effect::kKept;
    std::string text;
    bool operator==(const ConfidenceReason&) const = default;
};

// A supporting source as the rules see it.
struct SourceStanding {
    std::string id;
    std::size_t origin = 0;  // index into RecordConfidence::origins
    bool official = false;
    std::string why;  // "media report", "official statement: URL host fmprc.gov.cn", ...
    bool operator==(const SourceStanding&) const = default;
};

struct RecordConfidence {
    RecordRef record;
    Grade grade = Grade::kUnverified;
    std::vector<ConfidenceReason> reasons;  // in rule order
    std::vector<SourceStanding> sources;    // supporting sources, in supported_by order
    // Each independent origin by what names it: the outlet, the URL host, or "no outlet or
    // URL" (several when a repost links them), in order of first supporting source.
    std::vector<std::string> origins;
    std::vector<std::string> contradicted_by;
    std::optional<DateInterval> date;  // the date rule 4 judged
    bool operator==(const RecordConfidence&) const = default;
};

// Whether a source is an official statement, and why ("official statement: ..." or "media
// report"). `official_parties` holds the lower-cased ids and names of the view's parties that
// make an outlet official (OfficialParties).
bool IsOfficial(const Source& source, const std::vector<std::string>& official_parties,
                std::string* why = nullptr);
std::vector<std::string> OfficialParties(const LedgerView& view);

// The origin of each of `sources` (ids of the view's sources), an index from 0 in order of
// first appearance, and a label for each origin. An id the view does not hold is its own
// origin, labelled by the id.
struct Origins {
    std::vector<std::size_t> of;      // parallel to the ids
    std::vector<std::string> labels;  // by origin index
};
Origins SourceOrigins(const LedgerView& view, const std::vector<std::string>& sources);

// The date rule 4 judges: the event date (EventDateOf), else a donation's or a contract's
// first status date, else a claim's as-of or statement date; none for kinds with no date.
std::optional<DateInterval> GradedDateOf(const Record& record);

// The grade of `record` from its corroboration (what CorroborateRecord or, for a claim,
// CorroborateClaims gives; the caller may have left out records a reader may not see).
RecordConfidence GradeRecord(const LedgerView& view, const Record& record,
                             const RecordCorroboration& corroboration);

// One record of the view by kind and id, with its corroboration from all the view's records
// (ConfidenceCorroboration); nullopt when the view has no such live record.
std::optional<RecordConfidence> GradeRecordIn(const LedgerView& view, Kind kind,
                                              const std::string& id);

// A record's corroboration for grading: for a claim, from CorroborateClaims; for other kinds,
// CorroborationOf the record's likely duplicates, read from FindLikelyDuplicates once per view
// (kept with the view, LedgerView::Derived), so that grading every record of a figure costs
// one pass. `pairs`, when given, receives the record's likely duplicates (it first).
RecordCorroboration ConfidenceCorroboration(const LedgerView& view, const Record& record,
                                            std::vector<LikelyDuplicate>* pairs = nullptr);

// A figure's grade from its records' grades.
struct FigureConfidence {
    std::optional<Grade> grade;                       // none when the figure counts no record
    std::array<std::size_t, kGradeCount> by_grade{};  // how many records at each Grade
    std::vector<RecordRef> weakest;                   // the records at the figure's grade
    std::string reason;                               // the rule, in words, with the counts
    bool operator==(const FigureConfidence&) const = default;
};
FigureConfidence GradeFigure(const std::vector<RecordConfidence>& records);

// GradeFigure of the figure's records, each graded by GradeRecordIn.
FigureConfidence GradeFigureIn(const LedgerView& view, const Figure& figure);

// A figure with its grade.
struct GradedFigure {
    Figure figure;
    FigureConfidence confidence;
};

// "3 low, 1 moderate": the counts of a figure's grades, weakest first, zero counts left out.
std::string GradeCounts(const FigureConfidence& figure);

}  // namespace aidledger
