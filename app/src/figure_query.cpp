#include "aidledger/app/figure_query.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "aidledger/core/briefing.h"
#include "aidledger/core/claims.h"
#include "aidledger/core/exchange.h"
#include "aidledger/core/talking_points.h"
#include "aidledger/core/valuation.h"
#include "aidledger/io/json_report.h"
#include "aidledger/io/report.h"

namespace aidledger::app {
namespace {

Result<void> ParseProvider(const Params& params, const ReferenceData& ref, Spelling spelling,
                           ProviderScope& out) {
    if (auto text = One(params, "provider_country"); text && !text->empty()) {
        auto code = ref.CountryCode(*text);
        if (!code) {
            return Error::Invalid(FieldName("provider_country", spelling),
                                  "unknown country code \"" + *text + "\"");
        }
        out.country = std::move(*code);
    }
    for (const auto& text : All(params, "provider_kind")) {
        auto kind = ParseEnum<PartyKind>(text);
        if (!kind) {
            return Error::Invalid(
                FieldName("provider_kind", spelling),
                "unknown kind \"" + text + "\": expected " + EnumChoices<PartyKind>());
        }
        out.kinds.push_back(*kind);
    }
    return Ok{};
}

Result<std::optional<Period>> ParsePeriod(const Params& params, Spelling spelling) {
    auto from_text = One(params, "from");
    auto to_text = One(params, "to");
    if (from_text.has_value() != to_text.has_value()) {
        return Error::Invalid(FieldName(from_text ? "to" : "from", spelling),
                              "give " + FieldName("from", spelling) + " and " +
                                  FieldName("to", spelling) + " together");
    }
    if (!from_text) return std::optional<Period>();
    auto from = DateParam(params, "from", spelling);
    if (!from) return from.take_error();
    auto to = DateParam(params, "to", spelling);
    if (!to) return to.take_error();
    if (**to < **from) {
        return Error::Invalid(FieldName("to", spelling),
                              "is before " + FieldName("from", spelling));
    }
    return std::optional<Period>(Period{**from, **to});
}

}  // namespace

namespace {

// The required `as_of` of figures, briefings and valuations.
Result<Date> RequiredAsOf(const Params& params, Spelling spelling) {
    auto as_of = DateParam(params, "as_of", spelling);
    if (!as_of) return as_of.take_error();
    if (!*as_of) return Error::Invalid(FieldName("as_of", spelling), "required");
    return **as_of;
}

}  // namespace

Result<FigureRequest> ParseFigureRequest(const Params& params, const ReferenceData& ref,
                                         Spelling spelling) {
    FigureRequest out;
    auto as_of = RequiredAsOf(params, spelling);
    if (!as_of) return as_of.take_error();
    out.query.as_of = *as_of;
    if (auto p = ParseProvider(params, ref, spelling, out.query.provider); !p) {
        return p.take_error();
    }
    auto period = ParsePeriod(params, spelling);
    if (!period) return period.take_error();
    out.query.period = *period;
    auto at = LedgerTimeParam(params, "at", spelling);
    if (!at) return at.take_error();
    out.at = *at;
    out.metrics = All(params, "metric");
    for (const auto& metric : out.metrics) {
        if (FindMetric(metric) == nullptr) {
            return Error::Invalid(FieldName("metric", spelling),
                                  "unknown metric \"" + metric + "\" (docs/figures.md lists them)");
        }
    }
    auto since = DateParam(params, "since", spelling);
    if (!since) return since.take_error();
    out.since = *since;
    if (out.since && !(*out.since < out.query.as_of)) {
        return Error::Invalid(FieldName("since", spelling),
                              "must be before " + FieldName("as_of", spelling));
    }
    auto since_at = LedgerTimeParam(params, "since_at", spelling);
    if (!since_at) return since_at.take_error();
    out.since_at = *since_at;
    if (out.since && out.since_at) {
        return Error::Invalid(FieldName("since_at", spelling),
                              "give " + FieldName("since", spelling) + " or " +
                                  FieldName("since_at", spelling) + ", not both");
    }
    if (out.since_at && out.at && !(*out.since_at < *out.at)) {
        return Error::Invalid(FieldName("since_at", spelling),
                              "must be before " + FieldName("at", spelling));
    }
    auto synthetic = SyntheticParam(params, spelling);
    if (!synthetic) return synthetic.take_error();
    out.synthetic = *synthetic;
    auto currency = CurrencyParam(params, ref, spelling);
    if (!currency) return currency.take_error();
    out.currency = std::move(*currency);
    return out;
}

Result<std::optional<std::string>> CurrencyParam(const Params& params, const ReferenceData& ref,
                                                 Spelling spelling) {
    auto currency = One(params, "currency");
    if (!currency) return std::optional<std::string>();
    std::string code = *currency;
    std::transform(code.begin(), code.end(), code.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!ref.IsCurrency(code)) {
        return Error::Invalid(
            FieldName("currency", spelling),
            "unknown currency code \"" + currency->substr(0, 16) + "\" (ISO 4217)");
    }
    return std::optional<std::string>(std::move(code));
}

Result<ValuationRequest> ParseValuationRequest(const Params& params, const ReferenceData& ref,
                                               Spelling spelling) {
    ValuationRequest out;
    auto as_of = RequiredAsOf(params, spelling);
    if (!as_of) return as_of.take_error();
    out.query.as_of = *as_of;
    if (auto country = One(params, "provider_country"); country && !country->empty()) {
        auto code = ref.CountryCode(*country);
        if (!code) {
            return Error::Invalid(FieldName("provider_country", spelling),
                                  "unknown country code \"" + *country + "\" (ISO 3166-1)");
        }
        out.query.provider_country = *code;
    }
    out.query.lists = All(params, "list");
    for (const auto& list : out.query.lists) {
        if (!IsValidId(list)) {
            return Error::Invalid(FieldName("list", spelling),
                                  "malformed price list \"" + list.substr(0, 64) +
                                      "\": 1-64 of a-z 0-9 . _ - starting with a letter or digit");
        }
    }
    auto synthetic = SyntheticParam(params, spelling);
    if (!synthetic) return synthetic.take_error();
    out.synthetic = *synthetic;
    auto currency = CurrencyParam(params, ref, spelling);
    if (!currency) return currency.take_error();
    out.currency = std::move(*currency);
    return out;
}

std::string ValuationAnswer(const LedgerView& view, const ValuationRequest& request,
                            AnswerFormat format, const ReferenceData& ref) {
    auto [kept, note] = ChooseSynthetic(view, request.synthetic);
    Valuation v = ValueDonations(kept, request.query);
    if (request.currency) ConvertValuation(v, kept, *request.currency, ref);
    if (format == AnswerFormat::kJson) return json::ValuationJson(v);
    return report::RenderValuation(kept, v, ref);
}

Result<SyntheticMode> SyntheticParam(const Params& params, Spelling spelling) {
    auto text = One(params, "synthetic");
    if (!text) return SyntheticMode::kAuto;
    if (auto mode = ParseEnum<SyntheticMode>(*text)) return *mode;
    return Error::Invalid(FieldName("synthetic", spelling),
                          "expected include, exclude, only or auto, not \"" + *text + "\"");
}

Result<std::vector<VersionMeta>> VersionsBetween(LedgerStore& store, LedgerTime after,
                                                 std::optional<LedgerTime> until) {
    // Ledger time never goes backwards along seq (core/store.h): a binary search finds the
    // first version after `after`, reading one version per step; then forward in pages.
    auto stats = store.GetStats();
    if (!stats) return stats.take_error();
    std::int64_t lo = 0;                    // versions with seq <= lo are at or before `after`
    std::int64_t hi = stats->last_seq + 1;  // versions with seq >= hi are after it
    while (hi - lo > 1) {
        std::int64_t mid = lo + (hi - lo) / 2;
        auto first = store.VersionsSince(mid - 1, 1);
        if (!first) return first.take_error();
        if (first->empty() || first->front().meta.recorded_at > after) {
            hi = mid;
        } else {
            lo = first->front().meta.seq;
        }
    }
    constexpr std::size_t kPage = 512;
    std::vector<VersionMeta> out;
    for (std::int64_t from = lo;;) {
        auto page = store.VersionsSince(from, kPage);
        if (!page) return page.take_error();
        for (StoredRecord& v : *page) {
            if (until && v.meta.recorded_at > *until) return out;
            from = v.meta.seq;
            if (v.meta.recorded_at > after) out.push_back(std::move(v.meta));
        }
        if (page->size() < kPage) return out;
    }
}

Result<AnswerFormat> ParseAnswerFormat(std::string_view text, std::string_view field) {
    if (text == "text") return AnswerFormat::kText;
    if (text == "md") return AnswerFormat::kMarkdown;
    if (text == "json") return AnswerFormat::kJson;
    return Error::Invalid(std::string(field), "expected json, md or text");
}

Result<AnswerFormat> ParseBriefingFormat(std::string_view text, std::string_view field) {
    if (text == "html") return AnswerFormat::kHtml;
    if (auto format = ParseAnswerFormat(text, field)) return *format;
    return Error::Invalid(std::string(field), "expected json, md, text or html");
}

Result<void> CountDeclarations(FigureRequest& request, DeclarationStore& store) {
    // Only a request that counts exports reads the store.
    bool exports = request.metrics.empty() ||
                   std::any_of(request.metrics.begin(), request.metrics.end(),
                               [](const std::string& m) { return m.starts_with("exports."); });
    if (!exports) return Ok{};
    auto declared = LoadDeclaredExports(store, !request.query.provider.kinds.empty());
    if (!declared) return declared.take_error();
    request.query.declared = std::move(*declared);
    return Ok{};
}

namespace {

// The bulk declarations a query on the view kept under `note` counts: the batches the same
// synthetic mode keeps, and none at a ledger time before the last batch.
void ScopeDeclarations(FigureQuery& query, const SyntheticNote& note,
                       std::optional<LedgerTime> at) {
    if (query.declared && !query.declared->CountsAt(at)) query.declared.reset();
    query.declared_synthetic = SyntheticFilter(note.mode);
}

}  // namespace

std::string FiguresAnswer(const LedgerView& view, const FigureFacts& facts,
                          const FigureRequest& request, AnswerFormat format,
                          const ReferenceData& ref) {
    FigureQuery query = request.query;
    query.metrics = request.metrics;
    auto [kept, note] = ChooseSynthetic(view, request.synthetic);
    ScopeDeclarations(query, note, request.at);
    FigureAnswer answer = AnswerFigures(kept, &kept == &view ? facts : FactsOf(kept), query);
    answer.synthetic = note;
    if (request.currency) {
        ConvertFigures(answer.figures, kept, *request.currency, query.as_of, ref);
        answer.currency = request.currency;
    }
    if (format == AnswerFormat::kJson) return json::FiguresJson(answer);
    return report::RenderFigures(kept, answer, ref);
}

std::string FiguresAnswer(const LedgerView& view, const FigureRequest& request, AnswerFormat format,
                          const ReferenceData& ref) {
    return FiguresAnswer(view, FactsOf(view), request, format, ref);
}

std::string BriefingAnswer(const LedgerView& view, const FigureFacts& facts,
                           const FigureRequest& request, AnswerFormat format,
                           const ReferenceData& ref, const PastLedger* past) {
    auto [kept, note] = ChooseSynthetic(view, request.synthetic);
    const FigureFacts& kept_facts = &kept == &view ? facts : FactsOf(kept);
    FigureQuery query = request.query;
    ScopeDeclarations(query, note, request.at);
    Briefing b = BuildBriefing(kept, kept_facts, query);
    b.synthetic = note;
    if (request.since) CompareWithAsOf(b, kept, kept_facts, *request.since);
    if (request.since_at && past != nullptr) {
        // The earlier ledger under the same mode as asked (auto resolved on that ledger), with
        // the bulk declarations only when none was written since then.
        auto [then, then_note] = ChooseSynthetic(past->view, request.synthetic);
        std::shared_ptr<const DeclaredExports> now = b.query.declared;
        ScopeDeclarations(b.query, then_note, request.since_at);
        CompareWithLedgerTime(b, then, &then == &past->view ? past->facts : FactsOf(then),
                              *request.since_at, past->versions);
        b.query.declared = std::move(now);
        b.query.declared_synthetic = query.declared_synthetic;
    }
    // The changes compare the figures in the currencies of their records; the figures and
    // talking points are in the reporting currency when one is asked.
    if (request.currency) {
        ConvertFigures(b.figures, kept, *request.currency, b.query.as_of, ref);
        b.currency = request.currency;
        // The sources of the rates are the briefing's sources too.
        for (const Figure& f : b.figures) {
            for (const Conversion& c : f.conversions) {
                for (const auto& s : c.sources) {
                    if (std::find(b.sources.begin(), b.sources.end(), s) == b.sources.end()) {
                        b.sources.push_back(s);
                    }
                }
            }
        }
    }
    b.talking_points = BuildTalkingPoints(kept, kept_facts, b, ref);
    switch (format) {
        case AnswerFormat::kJson:
            return json::BriefingJson(kept, b, ref);
        case AnswerFormat::kMarkdown:
            return report::RenderBriefing(kept, b, ref, report::Style::kMarkdown);
        case AnswerFormat::kText:
            return report::RenderBriefing(kept, b, ref, report::Style::kText);
        case AnswerFormat::kHtml:
            return report::RenderBriefingHtml(kept, b, ref);
    }
    return {};
}

std::string BriefingAnswer(const LedgerView& view, const FigureRequest& request,
                           AnswerFormat format, const ReferenceData& ref, const PastLedger* past) {
    return BriefingAnswer(view, FactsOf(view), request, format, ref, past);
}

ClaimsReply ClaimsAnswer(const LedgerView& all, const FigureFacts& all_facts,
                         std::optional<Date> stated_on, AnswerFormat format,
                         const ReferenceData& ref, SyntheticMode synthetic,
                         std::shared_ptr<const DeclaredExports> declared) {
    auto [view, note] = ChooseSynthetic(all, synthetic);
    FigureQuery counting;
    counting.declared = std::move(declared);
    ScopeDeclarations(counting, note, all.at());
    auto checks = CheckClaims(view, &view == &all ? all_facts : FactsOf(view), stated_on, counting);
    ClaimsReply out;
    switch (format) {
        case AnswerFormat::kJson:
            out.body = json::ClaimsJson(view, checks, ref);
            break;
        case AnswerFormat::kMarkdown:
            out.body = report::RenderClaims(view, checks, ref, report::Style::kMarkdown);
            break;
        case AnswerFormat::kText:
        case AnswerFormat::kHtml:  // not offered for claims: ParseAnswerFormat refuses it
            out.body = report::RenderClaims(view, checks, ref, report::Style::kText);
            break;
    }
    std::map<Verdict, int> counts;
    for (const auto& c : checks) ++counts[c.verdict];
    out.tally = std::to_string(checks.size()) + " claims:";
    const char* separator = " ";
    for (const auto& [verdict, n] : counts) {
        out.tally += separator + std::to_string(n) + " " + std::string(EnumName(verdict));
        separator = ", ";
    }
    if (auto sentence = SyntheticSentence(note)) out.tally += "; " + *sentence;
    return out;
}

ClaimsReply ClaimsAnswer(const LedgerView& view, std::optional<Date> stated_on, AnswerFormat format,
                         const ReferenceData& ref, SyntheticMode synthetic,
                         std::shared_ptr<const DeclaredExports> declared) {
    return ClaimsAnswer(view, FactsOf(view), stated_on, format, ref, synthetic,
                        std::move(declared));
}

}  // namespace aidledger::app
