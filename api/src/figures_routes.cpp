// The routes that compute over the whole ledger — /figures, /briefing, /claims, answered
// through the answer cache — and a party's profile.
//
// The use cases (parsing a figure query, rendering the answer, building a profile) are free
// functions apart from the HTTP plumbing, so that they can move to the application layer.
#include <algorithm>
#include <cctype>
#include <type_traits>

#include "aidledger/core/briefing.h"
#include "aidledger/core/claims.h"
#include "aidledger/core/figures.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/json_report.h"
#include "aidledger/io/report.h"
#include "handlers.h"

namespace aidledger::api {
namespace {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> First(const QueryPairs& query, std::string_view name) {
    for (const auto& [k, v] : query) {
        if (k == name) return v;
    }
    return std::nullopt;
}

std::vector<std::string> Every(const QueryPairs& query, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [k, v] : query) {
        if (k == name) out.push_back(v);
    }
    return out;
}

// ------------------------------------------------ use case: a figure query

// What /figures, /briefing or /claims was asked.
struct FigureRequest {
    std::string format = "json";  // json, md or text
    FigureQuery query;
    std::optional<LedgerTime> at;
    std::optional<Date> stated_on;     // claims
    std::vector<std::string> metrics;  // figures: the metrics kept (all when empty)
};

// The figure query of the figures and briefing routes: as_of, the provider filters, the period
// and the metrics. kInvalidArgument naming the parameter.
Result<void> ParseFigureQuery(const QueryPairs& params, const ReferenceData& ref,
                              FigureRequest& out) {
    auto as_of = First(params, "as_of");
    if (!as_of) return Error::Invalid("as_of", "required");
    auto d = ParseDate(*as_of, "as_of");
    if (!d) return Error::Invalid("as_of", d.error().message);
    out.query.as_of = *d;
    if (auto c = First(params, "provider_country"); c && !c->empty()) {
        std::string cc = *c;
        std::transform(cc.begin(), cc.end(), cc.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        if (auto it = ref.alpha3_to_alpha2.find(cc); it != ref.alpha3_to_alpha2.end()) {
            cc = it->second;
        }
        if (!ref.IsCountry(cc)) {
            return Error::Invalid("provider_country", "unknown country code \"" + *c + "\"");
        }
        out.query.provider.country = cc;
    }
    for (const auto& text : Every(params, "provider_kind")) {
        auto kind = ParseEnum<PartyKind>(text);
        if (!kind) {
            return Error::Invalid("provider_kind", "unknown kind \"" + text + "\": expected " +
                                                       EnumChoices<PartyKind>());
        }
        out.query.provider.kinds.push_back(*kind);
    }
    auto from = First(params, "from");
    auto to = First(params, "to");
    if (from.has_value() != to.has_value()) {
        return Error::Invalid(from ? "to" : "from", "give from and to together");
    }
    if (from) {
        auto f = ParseDate(*from, "from");
        if (!f) return Error::Invalid("from", f.error().message);
        auto t = ParseDate(*to, "to");
        if (!t) return Error::Invalid("to", t.error().message);
        if (*t < *f) return Error::Invalid("to", "is before from");
        out.query.period = Period{*f, *t};
    }
    for (const auto& m : out.metrics) {
        if (FindMetric(m) == nullptr) {
            return Error::Invalid("metric",
                                  "unknown metric \"" + m + "\" (docs/figures.md lists them)");
        }
    }
    return Ok{};
}

// The whole request of a figures-like route; kInvalidArgument naming the parameter.
Result<FigureRequest> ParseFigureRequest(Op op, const QueryPairs& params,
                                         const ReferenceData& ref) {
    FigureRequest out;
    out.format = First(params, "format").value_or("json");
    if (out.format != "json" && out.format != "md" && out.format != "text") {
        return Error::Invalid("format", "expected json, md or text");
    }
    out.metrics = Every(params, "metric");
    if (auto a = First(params, "at")) {
        auto t = ParseLedgerTime(*a, "at");
        if (!t) return Error::Invalid("at", t.error().message);
        out.at = *t;
    }
    if (op == Op::kClaims) {
        if (auto s = First(params, "stated_on")) {
            auto d = ParseDate(*s, "stated_on");
            if (!d) return Error::Invalid("stated_on", d.error().message);
            out.stated_on = *d;
        }
        return out;
    }
    if (auto parsed = ParseFigureQuery(params, ref, out); !parsed) return parsed.take_error();
    return out;
}

// ------------------------------------------------ use case: figures, briefing, claims

struct RenderedAnswer {
    std::string body;
    std::string content_type;  // empty: JSON
};

RenderedAnswer RenderFiguresLike(Op op, const LedgerView& view, const FigureFacts& facts,
                                 const FigureRequest& request, const ReferenceData& ref) {
    RenderedAnswer out;
    const std::string& format = request.format;
    auto style = format == "md" ? report::Style::kMarkdown : report::Style::kText;
    if (op == Op::kFigures) {
        // Only the metric groups of ?metric= are computed (all when none is named).
        FigureQuery query = request.query;
        query.metrics = request.metrics;
        out.body = json::FiguresJson(AnswerFigures(view, facts, query));
    } else if (op == Op::kBriefing) {
        Briefing b = BuildBriefing(view, facts, request.query);
        out.body = format == "json" ? json::BriefingJson(view, b)
                                    : report::RenderBriefing(view, b, ref, style);
    } else {
        auto checks = CheckClaims(view, facts, request.stated_on);
        out.body = format == "json" ? json::ClaimsJson(view, checks)
                                    : report::RenderClaims(view, checks, ref, style);
    }
    if (format == "md") out.content_type = "text/markdown; charset=utf-8";
    if (format == "text") out.content_type = "text/plain; charset=utf-8";
    return out;
}

}  // namespace

ApiResponse FiguresLike(ServiceContext& ctx, Call& call) {
    const Op op = call.route->op;
    // Parameters are checked before the cache is consulted, so that only good answers are
    // cached and the key is canonical.
    auto request = ParseFigureRequest(op, call.query, *ctx.env.reference);
    if (!request) return call.FromParamError(request.error());

    auto snapshot = ctx.snapshots.Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const Snapshot& snap = **snapshot;

    // The canonical key: the route and the sorted query.
    auto sorted = call.query;
    std::sort(sorted.begin(), sorted.end());
    std::string key = call.route->path;
    for (const auto& [k, v] : sorted) key += "\n" + k + "=" + v;

    auto cached = ctx.answers.Get(snap.generation, key, [&]() -> AnswerCache::Answer {
        // A view at a ledger time is as immutable as the snapshot it was asked under.
        auto past = ctx.snapshots.PastView(request->at);
        if (!past) return std::make_shared<const ApiResponse>(call.FromError(past.error()));
        const LedgerView& view = *past ? **past : snap.view;
        const FigureFacts& facts = *past ? FactsOf(**past) : snap.facts;
        auto rendered = RenderFiguresLike(op, view, facts, *request, *ctx.env.reference);
        auto answer = std::make_shared<ApiResponse>();
        answer->status = HttpStatus::kOk;
        answer->body = std::move(rendered.body);
        if (!rendered.content_type.empty()) answer->content_type = rendered.content_type;
        return answer;
    });
    // The cached bytes are shared with the caller, not copied: the aliasing pointer keeps the
    // cached answer alive while its body is being sent.
    ApiResponse answer;
    answer.status = cached->status;
    answer.content_type = cached->content_type;
    answer.headers = cached->headers;
    answer.shared_body = std::shared_ptr<const std::string>(cached, &cached->body);
    return answer;
}

namespace {

// ------------------------------------------------ use case: a party's profile

// Whom a record gives to, as the profile counts them (a request has no recipient).
std::vector<std::string> RecipientsOf(const Record& record) {
    return std::visit(
        [](const auto& r) {
            using T = std::decay_t<decltype(r)>;
            std::vector<std::string> recipients;
            if constexpr (std::is_same_v<T, Donation> || std::is_same_v<T, CashContribution>) {
                recipients.push_back(r.recipient);
            } else if constexpr (std::is_same_v<T, TeamDeployment>) {
                recipients.push_back(r.host);
            } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                recipients = r.participants;
            } else if constexpr (std::is_same_v<T, ProcurementContract>) {
                recipients.push_back(r.buyer);
            } else if constexpr (std::is_same_v<T, ExportDeclaration>) {
                recipients.push_back(r.destination);
            } else if constexpr (std::is_same_v<T, Commitment>) {
                recipients = r.to;
            }
            return recipients;
        },
        record);
}

// The profile of party `id` in `view`: what it received, gave and requested, counting only
// the records `readable` accepts. Nullopt when the view has no such party.
std::optional<OJson> PartyProfileJson(const LedgerView& view, const std::string& id,
                                      const std::function<bool(const Record&)>& readable) {
    const Party* party = view.FindParty(id);
    if (party == nullptr) return std::nullopt;
    auto in_party = [&](std::string_view p) { return InOrganisation(view, p, id); };
    OJson received = OJson::array();
    OJson given = OJson::array();
    OJson requested = OJson::array();
    std::map<std::string, int> received_by_kind;
    auto entry = [&](const Record& record, std::string_view role, std::string_view other) {
        OJson e = OJson::object();
        e["kind"] = std::string(EnumName(KindOf(record)));
        e["id"] = IdOf(record);
        e[std::string(role)] = std::string(other);
        e[std::string(role) + "_name"] = std::string(view.NameOf(other));
        auto when = EventDateOf(record);
        e["when"] = when ? OJson(FormatInterval(*when)) : OJson(nullptr);
        e["record"] = OJson::parse(json::WriteRecord(record));
        return e;
    };
    auto visit = [&](const Record& record) {
        if (!readable(record)) return;
        auto provider = ProviderOf(record);
        auto recipients = RecipientsOf(record);
        if (const auto* request = std::get_if<ProcurementRequest>(&record)) {
            if (in_party(request->requester)) {
                requested.push_back(entry(record, "to", request->addressee.value_or("")));
            }
        }
        if (std::any_of(recipients.begin(), recipients.end(), in_party)) {
            received.push_back(entry(record, "from", provider.value_or("")));
            ++received_by_kind[std::string(EnumName(KindOf(record)))];
        }
        bool gives = !std::holds_alternative<Party>(record) &&
                     !std::holds_alternative<ProcurementRequest>(record);
        if (gives && provider && in_party(*provider)) {
            given.push_back(entry(record, "to", recipients.empty() ? "" : recipients.front()));
        }
    };
    view.ForEachKind([&](const auto& records) {
        for (const auto& r : records) visit(Record(r));
    });
    OJson out = OJson::object();
    out["party"] = OJson::parse(json::WriteRecord(*party));
    out["at"] = view.at() ? OJson(FormatLedgerTime(*view.at())) : OJson(nullptr);
    OJson totals = OJson::object();
    for (const auto& [k, n] : received_by_kind) totals[k] = n;
    out["received_by_kind"] = totals;
    out["received"] = received;
    out["given"] = given;
    out["requested"] = requested;
    return out;
}

}  // namespace

ApiResponse PartyProfile(ServiceContext& ctx, Call& call) {
    const std::string& id = call.path.at("id");
    auto at = call.At();
    if (!at) return call.Fail(HttpStatus::kBadRequest, at.error().message, "at");
    auto read = ctx.snapshots.Read(*at);
    if (!read) return call.FromError(read.error());
    const LedgerView& view = read->view();
    bool scoped = ctx.ScopedEditor(call);
    auto profile = PartyProfileJson(view, id, [&](const Record& record) {
        return !scoped || InReadScope(*call.principal, view, record);
    });
    if (!profile) return call.Fail(HttpStatus::kNotFound, "does not exist", "party/" + id);
    return JsonResponse(HttpStatus::kOk, *profile);
}

}  // namespace aidledger::api
