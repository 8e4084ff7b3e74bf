// The routes that compute over the whole ledger — /figures, /briefing, /claims, answered
// through the answer cache — and a party's profile. The use cases (the figure query, the
// answers, the profile) are app/'s; these handlers parse the URL and map errors to statuses.
// Figures, briefing and claims answers carry the ledger sequence they were computed at, with an
// ETag that If-None-Match revalidates (304).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "aidledger/app/figure_query.h"
#include "aidledger/app/profile.h"
#include "aidledger/io/json_codec.h"
#include "handlers.h"

namespace aidledger::api {
namespace {

// What /figures, /briefing or /claims was asked.
struct FigureRequest {
    app::AnswerFormat format = app::AnswerFormat::kJson;
    app::FigureRequest figures;     // figures, briefing
    std::optional<LedgerTime> at;   // all three
    std::optional<Date> stated_on;  // claims
};

// The whole request of a figures-like route; kInvalidArgument naming the parameter, checked
// in this order: format, then claims: at, stated_on; figures and briefing: as app/figure_query.h.
Result<FigureRequest> ParseFigureRequest(Op op, const Call& call, const ReferenceData& ref) {
    FigureRequest out;
    std::string format_text = call.One("format").value_or("json");
    auto format = op == Op::kBriefing ? app::ParseBriefingFormat(format_text, "format")
                                      : app::ParseAnswerFormat(format_text, "format");
    if (!format) return format.take_error();
    out.format = *format;
    const app::Params params = call.QueryParams();
    if (op == Op::kClaims) {
        auto at = app::LedgerTimeParam(params, "at", app::Spelling::kQuery);
        if (!at) return at.take_error();
        out.at = *at;
        auto stated_on = app::DateParam(params, "stated_on", app::Spelling::kQuery);
        if (!stated_on) return stated_on.take_error();
        out.stated_on = *stated_on;
        auto synthetic = app::SyntheticParam(params, app::Spelling::kQuery);
        if (!synthetic) return synthetic.take_error();
        out.figures.synthetic = *synthetic;
        return out;
    }
    auto figures = app::ParseFigureRequest(params, ref, app::Spelling::kQuery);
    if (!figures) return figures.take_error();
    out.at = figures->at;
    out.figures = std::move(*figures);
    return out;
}

// The answer's bytes, from the facts of `view`; figures compute only the metric groups of
// ?metric= (all when none is named).
std::string AnswerBody(Op op, const LedgerView& view, const FigureFacts& facts,
                       const FigureRequest& request, const ReferenceData& ref,
                       const app::PastLedger* past) {
    if (op == Op::kFigures) {
        return app::FiguresAnswer(view, facts, request.figures, request.format, ref);
    }
    if (op == Op::kBriefing) {
        return app::BriefingAnswer(view, facts, request.figures, request.format, ref, past);
    }
    return app::ClaimsAnswer(view, facts, request.stated_on, request.format, ref,
                             request.figures.synthetic, request.figures.query.declared)
        .body;
}

// ---- the ledger's sequence of an answer, and its ETag (docs/api.md "Figures and the ledger's
// sequence")

// Versions read per step when the sequence at a ledger time is looked for past the snapshot.
constexpr std::size_t kSeqScanBatch = 256;

}  // namespace

// Ledger time never goes backwards along seq (core/store.h), so a binary search over the
// snapshot's sequences finds it reading one version per step; versions another process wrote
// since the snapshot are then read forward, as far as they are at or before `at`.
Result<std::int64_t> SeqAt(LedgerStore& store, LedgerTime at, std::int64_t known_last) {
    std::int64_t lo = 0;               // every version with seq <= lo is at or before `at`
    std::int64_t hi = known_last + 1;  // every version with seq >= hi is after it
    while (hi - lo > 1) {
        std::int64_t mid = lo + (hi - lo) / 2;
        auto first = store.VersionsSince(mid - 1, 1);  // the first version with seq >= mid
        if (!first) return first.take_error();
        if (first->empty() || first->front().meta.recorded_at > at) {
            hi = mid;
        } else {
            lo = first->front().meta.seq;
        }
    }
    if (lo < known_last) return lo;  // a version after `at` was found: none later is before it
    for (;;) {
        auto batch = store.VersionsSince(lo, kSeqScanBatch);
        if (!batch) return batch.take_error();
        for (const StoredRecord& v : *batch) {
            if (v.meta.recorded_at > at) return lo;
            lo = v.meta.seq;
        }
        if (batch->size() < kSeqScanBatch) return lo;
    }
}

namespace {

std::string_view FormatName(app::AnswerFormat format) {
    switch (format) {
        case app::AnswerFormat::kJson:
            return "json";
        case app::AnswerFormat::kMarkdown:
            return "md";
        case app::AnswerFormat::kText:
            return "text";
        case app::AnswerFormat::kHtml:
            return "html";
    }
    return "json";
}

// What an answer depends on besides the ledger: the route and its sorted parameters, `at` as
// the ledger time it names and the format spelled out, so that `?format=json` and no format
// share a tag.
std::string NormalisedQuery(const Call& call, const FigureRequest& request) {
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& [k, v] : call.query) {
        if (k != "at" && k != "format") params.emplace_back(k, v);
    }
    if (request.at) params.emplace_back("at", FormatLedgerTime(*request.at));
    params.emplace_back("format", std::string(FormatName(request.format)));
    std::sort(params.begin(), params.end());
    std::string out = call.route->path;
    for (const auto& [k, v] : params) out.append("\n").append(k).append("=").append(v);
    return out;
}

// 64-bit FNV-1a: a short, stable digest of the query for the ETag (not a security measure: a
// tag only ever meets answers of the same route and sequence).
std::uint64_t Fnv1a(std::string_view text) {
    constexpr std::uint64_t kOffset = 14695981039346656037ULL;
    constexpr std::uint64_t kPrime = 1099511628211ULL;
    std::uint64_t h = kOffset;
    for (char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= kPrime;
    }
    return h;
}

}  // namespace

// Weak: the answer is a function of the ledger at `seq` and the query, but its bytes are only
// promised equal within one build of the server (an upgrade may render the same figures
// differently), which is what a weak validator says.
std::string AnswerTag(std::int64_t seq, std::string_view normalised_query) {
    constexpr std::size_t kDigestHexDigits = 16;
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::uint64_t h = Fnv1a(normalised_query);
    std::string digest(kDigestHexDigits, '0');
    for (std::size_t i = kDigestHexDigits; i-- > 0; h >>= 4) digest[i] = kHex[h & 0xF];
    return "W/\"s" + std::to_string(seq) + "-" + digest + "\"";
}

bool NoneMatchHits(const Call& call, std::string_view tag) {
    auto header = call.Header("if-none-match");
    if (!header) return false;
    auto opaque = [](std::string_view t) { return t.substr(0, 2) == "W/" ? t.substr(2) : t; };
    std::string_view ours = opaque(tag);
    std::string_view rest = *header;
    while (!rest.empty()) {
        std::size_t comma = rest.find(',');
        std::string one = Trim(rest.substr(0, comma));
        if (one == "*" || opaque(one) == ours) return true;
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return false;
}

// The claims JSON is an array, the CLI's shape, so it carries the sequence in its headers only.
std::string WithSeq(std::string body, app::AnswerFormat format, std::int64_t seq) {
    switch (format) {
        case app::AnswerFormat::kJson: {
            auto json = OJson::parse(body);
            if (!json.is_object()) return body;
            json["seq"] = seq;
            return json.dump(2);
        }
        case app::AnswerFormat::kMarkdown:
            if (!body.empty() && body.back() != '\n') body += '\n';
            return body + "\n_Ledger sequence " + std::to_string(seq) + "._\n";
        case app::AnswerFormat::kText:
            if (!body.empty() && body.back() != '\n') body += '\n';
            return body + "\nLedger sequence: " + std::to_string(seq) + "\n";
        case app::AnswerFormat::kHtml: {
            // Before the end of the document, where a reader sees it printed.
            auto end = body.rfind("</body>");
            std::string line =
                "<p><small>Ledger sequence " + std::to_string(seq) + ".</small></p>\n";
            if (end == std::string::npos) return body + line;
            return body.insert(end, line);
        }
    }
    return body;
}

ApiResponse NotModified(std::string tag, std::int64_t seq, std::string_view content_type) {
    ApiResponse r;
    r.status = HttpStatus::kNotModified;
    r.content_type = content_type;
    r.headers.emplace_back("ETag", std::move(tag));
    r.headers.emplace_back("X-Ledger-Seq", std::to_string(seq));
    return r;
}

namespace {

std::string_view ContentType(app::AnswerFormat format) {
    switch (format) {
        case app::AnswerFormat::kJson:
            return kJson;
        case app::AnswerFormat::kMarkdown:
            return "text/markdown; charset=utf-8";
        case app::AnswerFormat::kText:
            return "text/plain; charset=utf-8";
        case app::AnswerFormat::kHtml:
            return "text/html; charset=utf-8";
    }
    return kJson;
}

}  // namespace

ApiResponse FiguresLike(ServiceContext& ctx, Call& call) {
    const Op op = call.route->op;
    // Parameters are checked before the cache is consulted, so that only good answers are
    // cached and the key is canonical.
    auto request = ParseFigureRequest(op, call, *ctx.env.reference);
    if (!request) return call.FromParamError(request.error());

    auto snapshot = ctx.snapshots.Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const Snapshot& snap = **snapshot;

    // Figures and briefings count the bulk declarations (issue 16): the store's last batch is
    // part of what an answer depends on, in its cache key and its tag.
    std::int64_t batch = 0;
    {
        // Claims may name provider kinds: they read the sums by kind.
        auto declared = CurrentDeclarations(
            ctx, op == Op::kClaims || !request->figures.query.provider.kinds.empty());
        if (!declared) return call.FromError(declared.error());
        if (*declared) batch = (*declared)->last_batch;
        request->figures.query.declared = std::move(*declared);
    }

    // The canonical key: the route and the sorted query, and the declarations' last batch.
    auto sorted = call.query;
    std::sort(sorted.begin(), sorted.end());
    std::string key = call.route->path;
    for (const auto& [k, v] : sorted) key.append("\n").append(k).append("=").append(v);
    key.append("\nbatch=").append(std::to_string(batch));

    // The answer of the current ledger is the snapshot's: its tag is known before anything is
    // computed, so an unchanged answer costs no computation at all.
    const std::string normalised =
        NormalisedQuery(call, *request) + "\nbatch=" + std::to_string(batch);
    if (!request->at) {
        std::string tag = AnswerTag(snap.stats.last_seq, normalised);
        if (NoneMatchHits(call, tag)) {
            return NotModified(std::move(tag), snap.stats.last_seq, ContentType(request->format));
        }
    }

    // An answer at a ledger time before the last write can no longer change (a later write is
    // recorded at that write's time or after): it is kept across writes.
    const bool settled =
        request->at && snap.stats.last_recorded_at && *request->at < *snap.stats.last_recorded_at;
    const std::uint64_t generation = settled ? AnswerCache::kSettled : snap.generation;
    auto cached = ctx.answers.Get(generation, key, [&]() -> AnswerCache::Answer {
        // The sequence the answer stands at: the snapshot's, or the ledger's at `at`. It is
        // read before the past view, so an answer is never older than its tag (a write in
        // between makes the answer newer, and the next answer's tag differs).
        std::int64_t seq = snap.stats.last_seq;
        if (request->at) {
            auto store = ctx.pool.Take();
            if (!store) return std::make_shared<const ApiResponse>(call.FromError(store.error()));
            auto at_seq = SeqAt(**store, *request->at, snap.stats.last_seq);
            if (!at_seq) return std::make_shared<const ApiResponse>(call.FromError(at_seq.error()));
            seq = *at_seq;
        }
        // A view at a ledger time is as immutable as the snapshot it was asked under.
        auto past = ctx.snapshots.PastView(request->at);
        if (!past) return std::make_shared<const ApiResponse>(call.FromError(past.error()));
        const LedgerView& view = *past ? **past : snap.view;
        const FigureFacts& facts = *past ? FactsOf(**past) : snap.facts;
        // A briefing compared with an earlier ledger time: the ledger then, and what was
        // recorded between then and `at` (now when absent).
        std::optional<LedgerView> before_view;
        std::optional<FigureFacts> before_facts;
        std::optional<app::PastLedger> before;
        if (op == Op::kBriefing && request->figures.since_at) {
            auto then = ctx.snapshots.PastView(request->figures.since_at);
            if (!then) return std::make_shared<const ApiResponse>(call.FromError(then.error()));
            auto store = ctx.pool.Take();
            if (!store) return std::make_shared<const ApiResponse>(call.FromError(store.error()));
            auto versions = app::VersionsBetween(**store, *request->figures.since_at, request->at);
            if (!versions) {
                return std::make_shared<const ApiResponse>(call.FromError(versions.error()));
            }
            before_view = std::move(**then);
            before_facts = FactsOf(*before_view);
            before.emplace(app::PastLedger{*before_view, *before_facts, std::move(*versions)});
        }
        auto answer = std::make_shared<ApiResponse>();
        answer->status = HttpStatus::kOk;
        answer->body = WithSeq(
            AnswerBody(op, view, facts, *request, *ctx.env.reference, before ? &*before : nullptr),
            request->format, seq);
        answer->content_type = ContentType(request->format);
        answer->headers.emplace_back("ETag", AnswerTag(seq, normalised));
        answer->headers.emplace_back("X-Ledger-Seq", std::to_string(seq));
        return answer;
    });
    // An answer at a ledger time has its tag once computed (or cached).
    if (cached->status == HttpStatus::kOk) {
        auto etag = std::find_if(cached->headers.begin(), cached->headers.end(),
                                 [](const auto& h) { return h.first == "ETag"; });
        if (etag != cached->headers.end() && NoneMatchHits(call, etag->second)) {
            ApiResponse r;
            r.status = HttpStatus::kNotModified;
            r.content_type = cached->content_type;
            r.headers = cached->headers;  // ETag and X-Ledger-Seq
            return r;
        }
    }
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

// The profile as docs/api.md gives it: each entry {"kind", "id", <role>, <role>_name, "when",
// "record"}.
OJson ProfileJson(const app::PartyProfile& profile) {
    auto entries = [](const std::vector<app::ProfileEntry>& list) {
        OJson out = OJson::array();
        for (const auto& entry : list) {
            OJson e = OJson::object();
            e["kind"] = std::string(EnumName(KindOf(entry.record)));
            e["id"] = IdOf(entry.record);
            e[entry.role] = entry.other;
            e[entry.role + "_name"] = entry.other_name;
            e["when"] = entry.when ? OJson(FormatInterval(*entry.when)) : OJson(nullptr);
            e["record"] = OJson::parse(json::WriteRecord(entry.record));
            out.push_back(std::move(e));
        }
        return out;
    };
    OJson out = OJson::object();
    out["party"] = OJson::parse(json::WriteRecord(profile.party));
    out["at"] = profile.at ? OJson(FormatLedgerTime(*profile.at)) : OJson(nullptr);
    OJson totals = OJson::object();
    for (const auto& [k, n] : profile.received_by_kind) totals[k] = n;
    out["received_by_kind"] = totals;
    out["received"] = entries(profile.received);
    out["given"] = entries(profile.given);
    out["requested"] = entries(profile.requested);
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
    // A party outside the editor's organisation is as unreachable here as on the record
    // routes (issue 17).
    if (const Party* party = view.FindParty(id);
        scoped && party != nullptr && !InReadScope(*call.principal, view, Record(*party))) {
        return call.Fail(HttpStatus::kNotFound, "does not exist", "party/" + id);
    }
    auto profile = app::BuildProfile(view, id, [&](const Record& record) {
        return !scoped || InReadScope(*call.principal, view, record);
    });
    if (!profile) return call.FromError(profile.error());
    return JsonResponse(HttpStatus::kOk, ProfileJson(*profile));
}

}  // namespace aidledger::api
