// Figures and briefings: the query from named parameters, and the answer as bytes.
//
// Parameters (canonical names, app/params.h): as_of (required, YYYY-MM-DD), at (ledger time),
// provider_country (ISO 3166-1 alpha-2 or alpha-3, any case; empty = every provider),
// provider_kind (repeatable, a PartyKind), from and to (the export period, both or neither),
// metric (repeatable, a metric of docs/figures.md; none = every metric); for briefings, what
// to compare with: since (an earlier as-of date, "since the last briefing") or since_at (an
// earlier ledger time, "why did this figure change"), not both; synthetic (include, exclude,
// only; auto by default: core/synthetic.h). Every error is kInvalidArgument naming its field,
// checked in that order: as_of, provider_country, provider_kind, from/to, at, metric, since,
// since_at, synthetic; currency (ISO 4217, any case: money figures in that currency, at the
// ledger's exchange rates, core/exchange.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/app/params.h"
#include "aidledger/core/customs.h"
#include "aidledger/core/figures.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/synthetic.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/valuation.h"
#include "aidledger/core/view.h"

namespace aidledger::app {

struct FigureRequest {
    FigureQuery query;
    std::optional<LedgerTime> at;        // the ledger as it stood then; absent = now
    std::vector<std::string> metrics;    // only these; empty = every metric
    std::optional<Date> since;           // briefings: compare with this earlier as-of date
    std::optional<LedgerTime> since_at;  // briefings: compare with the ledger at this time
    SyntheticMode synthetic = SyntheticMode::kAuto;  // which records count (core/synthetic.h)
    // Money figures in this ISO 4217 currency, converted at the ledger's rate records
    // (core/exchange.h ConvertFigures); absent: each in the currencies of its records.
    std::optional<std::string> currency;
};

// Counts the bulk declarations of `store` in the request's exports.* figures (issue 16:
// figures, briefings and `aidledger exports` give the same numbers): loads their sums
// (LoadDeclaredExports, by exporter kind when the request selects provider kinds; none when
// its metrics leave exports out) into
// request.query.declared. An answer at a ledger time before the last batch was written leaves
// them out (FiguresAnswer), as rollups are not kept by ledger time.
[[nodiscard]] Result<void> CountDeclarations(FigureRequest& request, DeclarationStore& store);

// The `synthetic` parameter (include, exclude, only or auto; auto when absent), which records
// figures, briefings, claims and needs count (core/synthetic.h); kInvalidArgument naming the
// field otherwise.
[[nodiscard]] Result<SyntheticMode> SyntheticParam(const Params& params, Spelling spelling);

// What a briefing compared with an earlier ledger time needs besides the current view: the
// view at since_at with its facts, and the versions recorded after it up to the briefing's
// ledger time (VersionsBetween).
struct PastLedger {
    const LedgerView& view;
    const FigureFacts& facts;
    std::vector<VersionMeta> versions;
};

// The versions recorded after `after`, up to `until` (every later one when absent), in
// sequence order: a binary search over seq, then pages of VersionsSince.
[[nodiscard]] Result<std::vector<VersionMeta>> VersionsBetween(LedgerStore& store, LedgerTime after,
                                                               std::optional<LedgerTime> until);

[[nodiscard]] Result<FigureRequest> ParseFigureRequest(const Params& params,
                                                       const ReferenceData& ref, Spelling spelling);

// A valuation of donations in kind (core/valuation.h) from named parameters: as_of (required),
// provider_country (ISO 3166-1, any case), list (repeatable: the price lists to compare; none:
// every list), synthetic, currency (the totals also in that currency). Errors are
// kInvalidArgument naming the field.
struct ValuationRequest {
    ValuationQuery query;
    SyntheticMode synthetic = SyntheticMode::kAuto;
    // Each list's totals also in this ISO 4217 currency (core/valuation.h ConvertValuation).
    std::optional<std::string> currency;
};

// The `currency` parameter: an ISO 4217 code in any case, upper-cased; none when absent;
// kInvalidArgument naming the field otherwise.
[[nodiscard]] Result<std::optional<std::string>> CurrencyParam(const Params& params,
                                                               const ReferenceData& ref,
                                                               Spelling spelling);
[[nodiscard]] Result<ValuationRequest> ParseValuationRequest(const Params& params,
                                                             const ReferenceData& ref,
                                                             Spelling spelling);

// kHtml: briefings only (a printable document, io/report RenderBriefingHtml).
enum class AnswerFormat { kText, kMarkdown, kJson, kHtml };

// "text", "md" or "json"; kInvalidArgument naming `field` otherwise.
[[nodiscard]] Result<AnswerFormat> ParseAnswerFormat(std::string_view text, std::string_view field);
// The same, with "html" too: the formats of a briefing.
[[nodiscard]] Result<AnswerFormat> ParseBriefingFormat(std::string_view text,
                                                       std::string_view field);

// The figures of `request` on `view` (the view at request.at, which the caller holds): only
// the metric groups of request.metrics are computed (every metric when it names none), by
// AnswerFigures on `facts`, which must have been built from `view` (a caller that answers many
// queries on one view keeps them beside it; the overload without facts uses FactsOf(view)).
// JSON (io/json FiguresJson) or text (io/report RenderFigures; figures have no Markdown form, so
// kMarkdown gives the text). Nothing is computed while rendering.
std::string FiguresAnswer(const LedgerView& view, const FigureFacts& facts,
                          const FigureRequest& request, AnswerFormat format,
                          const ReferenceData& ref);
std::string FiguresAnswer(const LedgerView& view, const FigureRequest& request, AnswerFormat format,
                          const ReferenceData& ref);

// The valuation of `request` on `view` (the records its synthetic mode keeps): JSON
// (io/json ValuationJson) or text (io/report RenderValuation; kMarkdown gives the text).
std::string ValuationAnswer(const LedgerView& view, const ValuationRequest& request,
                            AnswerFormat format, const ReferenceData& ref);

// The briefing of request.query on `view` (and its `facts`, as above), with its talking points
// (core/talking_points.h) and, when the request asks, its changes since an earlier as-of date
// or (given `past`) ledger time: text, Markdown or JSON. A request with since_at but no `past`
// has no changes: the caller reads the past ledger.
std::string BriefingAnswer(const LedgerView& view, const FigureFacts& facts,
                           const FigureRequest& request, AnswerFormat format,
                           const ReferenceData& ref, const PastLedger* past = nullptr);
std::string BriefingAnswer(const LedgerView& view, const FigureRequest& request,
                           AnswerFormat format, const ReferenceData& ref,
                           const PastLedger* past = nullptr);

// The verdicts of the view's claims (those stated on `stated_on` when given; core/claims.h
// CheckClaims) on `view` and its `facts`, as above: JSON (io/json ClaimsJson), or text or
// Markdown (io/report RenderClaims).
struct ClaimsReply {
    std::string body;
    // What a terminal prints after the text: "3 claims: 2 supported, 1 contradicted" (the
    // verdicts in Verdict order; "0 claims:" when there is none).
    std::string tally;
};
// Every answer is computed on the view request.synthetic (or `synthetic`) keeps
// (ChooseSynthetic): figures and briefings say what it left out; claims add it to the tally.
// `declared`: the bulk declarations claims on exports.* are judged with (LoadDeclaredExports
// by kind, as claims may name provider kinds); none: the records only.
ClaimsReply ClaimsAnswer(const LedgerView& all, const FigureFacts& all_facts,
                         std::optional<Date> stated_on, AnswerFormat format,
                         const ReferenceData& ref, SyntheticMode synthetic = SyntheticMode::kAuto,
                         std::shared_ptr<const DeclaredExports> declared = {});
ClaimsReply ClaimsAnswer(const LedgerView& view, std::optional<Date> stated_on, AnswerFormat format,
                         const ReferenceData& ref, SyntheticMode synthetic = SyntheticMode::kAuto,
                         std::shared_ptr<const DeclaredExports> declared = {});

}  // namespace aidledger::app
