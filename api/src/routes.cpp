#include "routes.h"

#include <algorithm>

namespace aidledger::api {
namespace {

// Parameters shared by several routes.
const Param kAsOf{"as_of", "query", "Event date D (YYYY-MM-DD): figures as of that day",
                  true,    false,   "date"};
const Param kAt{"at",
                "query",
                "Ledger time T (YYYY-MM-DDTHH:MM:SS[.ffffff]Z, or a date meaning the end of that "
                "day): answer as the ledger stood then",
                false,
                false,
                "date-time"};
const Param kProviderCountry{"provider_country", "query",
                             "Provider country, ISO 3166-1 alpha-2 or alpha-3"};
const Param kProviderKind{"provider_kind", "query",
                          "Provider kind (party kind, repeatable): central_government, "
                          "local_government, enterprise, civil_society, red_cross, ...",
                          false, true};
const Param kFrom{"from", "query", "Export period start (with `to`)", false, false, "date"};
const Param kTo{"to", "query", "Export period end (with `from`)", false, false, "date"};
const Param kMetric{"metric", "query", "Only this metric (repeatable; docs/figures.md)", false,
                    true};
const Param kFormat{"format", "query", "json (default), md (Markdown) or text"};
const Param kBriefingFormat{"format", "query",
                            "json (default), md (Markdown), text or html (a printable document)"};
const Param kSince{
    "since", "query", "Compare with the same briefing on this earlier as-of date: `changes`",
    false,   false,   "date"};
const Param kSinceAt{"since_at",
                     "query",
                     "Compare with the ledger at this earlier ledger time (not with `since`): "
                     "`changes`, each with the versions recorded in between",
                     false,
                     false,
                     "date-time"};
const Param kCustomsSynthetic{
    "synthetic", "query",
    "Which declarations count: include, exclude or only those of synthetic batches (`aidledger "
    "generate --scenario customs`); by default (auto) they are left out when the ledger holds "
    "real data. The answer's `synthetic` says what was left out"};
const Param kSynthetic{"synthetic", "query",
                       "Which records count: include, exclude or only the synthetic ones (made "
                       "by `aidledger generate`); default auto: left out when the ledger holds "
                       "real records. The answer's `synthetic` says what was left out"};
const Param kCurrency{"currency", "query",
                      "Money figures in this ISO 4217 currency, converted at the ledger's "
                      "exchange rates (rate records); each converted figure lists its "
                      "`conversions` (rate, date, sources), and a missing rate makes the figure "
                      "unknown (null, `rate_missing`)"};
const Param kId{"id", "path", "Record id", true};
const Param kReasonHeader{"X-Reason", "header",
                          "Why the write is made (recorded in the history and the audit log). "
                          "Required for every record write unless `reason` is given in the "
                          "query or, for a retirement, in the body; UTF-8 may be "
                          "percent-encoded"};
const Param kReasonQuery{"reason", "query", "Why the write is made (alternative to X-Reason)"};
const Param kForce{"force",
                   "query",
                   "Retire even if live records cite or refer to the record (they are orphaned, "
                   "and the answer lists them in `orphaned`); without it such a retirement is 409",
                   false,
                   false,
                   "boolean"};
const Param kIfMatch{"If-Match", "header",
                     "The version being replaced, as its ETag (\"3\") or the bare number; `*` "
                     "accepts any current version. Missing: 428",
                     true};
const Param kIfNoneMatch{"If-None-Match", "header",
                         "An ETag of an earlier answer: when the answer would be the same, it is "
                         "304 Not Modified with no body"};

std::vector<Route> Build() {
    std::vector<Route> r;
    auto add = [&](Route route) { r.push_back(std::move(route)); };
    const std::string p(kApiPrefix);

    add({"GET",
         p + "/health",
         Op::kHealth,
         std::nullopt,
         Access::kRead,
         "health",
         "Liveness: the ledger can be read",
         {},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"GET",
         p + "/metrics",
         Op::kMetrics,
         std::nullopt,
         Access::kRead,
         "metrics",
         "Prometheus metrics: requests, latencies, errors by status",
         {},
         Body::kNone,
         HttpStatus::kOk,
         "text"});
    add({"GET",
         p + "/openapi.json",
         Op::kOpenApi,
         std::nullopt,
         Access::kOpen,
         "openapi",
         "This document",
         {},
         Body::kNone,
         HttpStatus::kOk,
         "json"});

    add({"GET",
         p + "/figures",
         Op::kFigures,
         std::nullopt,
         Access::kRead,
         "figures",
         "Every figure as of a date, as ranges (the shape of `aidledger figures --format json`)",
         {kAsOf, kAt, kProviderCountry, kProviderKind, kFrom, kTo, kMetric, kSynthetic, kCurrency,
          kIfNoneMatch},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"GET",
         p + "/briefing",
         Op::kBriefing,
         std::nullopt,
         Access::kRead,
         "briefing",
         "Talking points, what changed since an earlier date or ledger time, figures with "
         "their records, sources and the best available published figure, and the claims "
         "stated that day with why each got its verdict",
         {kAsOf, kAt, kProviderCountry, kProviderKind, kFrom, kTo, kBriefingFormat, kSince,
          kSinceAt, kSynthetic, kCurrency, kIfNoneMatch},
         Body::kNone,
         HttpStatus::kOk,
         "json+md"});
    add({"GET",
         p + "/claims",
         Op::kClaims,
         std::nullopt,
         Access::kRead,
         "claims",
         "Published claims with their verdicts against the ledger",
         {kAt,
          {"stated_on", "query", "Only claims stated on this date", false, false, "date"},
          kFormat,
          kSynthetic,
          kIfNoneMatch},
         Body::kNone,
         HttpStatus::kOk,
         "json+md"});
    add({"GET",
         p + "/parties/{id}/profile",
         Op::kProfile,
         std::nullopt,
         Access::kRead,
         "profile",
         "Everything a country or organisation received (and gave), from whom, and when",
         {{"id", "path", "Party id", true}, kAt},
         Body::kNone,
         HttpStatus::kOk,
         "json"});

    add({"GET",
         p + "/valuation",
         Op::kValuation,
         std::nullopt,
         Access::kRead,
         "valuation",
         "Donations in kind valued at reference price lists side by side: reported values kept, "
         "the others estimated (quantity x price), or unknown with why (the shape of `aidledger "
         "valuation --format json`)",
         {{"as_of", "query", "Event date D (YYYY-MM-DD): donations by that day", true, false,
           "date"},
          kProviderCountry,
          {"list", "query", "A price list to compare (repeatable; none: every list)", false, true},
          kCurrency,
          kAt,
          kSynthetic,
          kIfNoneMatch},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"GET",
         p + "/needs",
         Op::kNeeds,
         std::nullopt,
         Access::kRead,
         "needs",
         "Requested, pledged, shipped and delivered per recipient and item, the unmet gap, and "
         "requests ranked by their gap (the shape of `aidledger needs --format json`)",
         {{"as_of", "query", "Event date D (YYYY-MM-DD): needs as of that day", true, false,
           "date"},
          {"recipient", "query",
           "Only this recipient (party id; a party inside a country counts for the country)"},
          kAt,
          kSynthetic,
          kIfNoneMatch},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"GET",
         p + "/requests/{id}/recommendations",
         Op::kRecommendations,
         std::nullopt,
         Access::kRead,
         "recommendations",
         "Certified manufacturers to recommend for a request, per product category, judged on "
         "the latest day of the request's date, and why every other manufacturer is excluded",
         {{"id", "path", "Request id", true}, kAt, kIfNoneMatch},
         Body::kNone,
         HttpStatus::kOk,
         "json"});

    // Customs (issue 5): answered from the declaration store's rollups.
    const Param period_from{"from", "query", "First day of the period", true, false, "date"};
    const Param period_to{"to", "query", "Last day of the period", true, false, "date"};
    add({"GET",
         p + "/clearance",
         Op::kClearance,
         std::nullopt,
         Access::kRead,
         "clearance",
         "Customs clearance verdicts of bulk declarations over a period, by reason (the shape "
         "of `aidledger clearance --format json`)",
         {period_from,
          period_to,
          {"held", "query", "true: also list held declarations with their reason", false, false,
           "boolean"},
          {"limit", "query", "How many held declarations to list (1-1000, default 20)", false,
           false, "integer"},
          kCustomsSynthetic,
          {"rules", "query",
           "A clearance rule set (or `builtin`): the period's declarations are judged again under "
           "it and `rejudged` shows the counts per verdict stored and re-judged and the first "
           "declarations whose verdict changes (`limit`); stored verdicts are not rewritten"}},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"GET",
         p + "/exports/stats",
         Op::kExportStats,
         std::nullopt,
         Access::kRead,
         "exports",
         "Export statistics of cleared declarations by product, destination, exporter kind, "
         "month or customs regime, from rollups, or a published total: each cell says its basis "
         "(the shape of `aidledger exports --format json`)",
         {period_from,
          period_to,
          {"hs_code", "query", "Only this HS code (e.g. 6307.90)"},
          {"destination", "query", "Only this destination: party id or ISO 3166-1 code"},
          {"exporter_kind", "query", "Only exporters of this party kind"},
          {"regime", "query",
           "Only these customs regimes: donations, commercial, or regime names or four-digit "
           "codes (general_trade, 0110, government_aid, 3511, ...), comma-separated"},
          kCustomsSynthetic,
          {"by", "query", "Group by product, destination, exporter_kind, month or regime"}},
         Body::kNone,
         HttpStatus::kOk,
         "json"});

    for (std::size_t k = 0; k < kKindCount; ++k) {
        auto kind = static_cast<Kind>(k);
        std::string name(EnumName(kind));
        std::string base = RecordsPath(kind);
        add({"GET",
             base,
             Op::kList,
             kind,
             Access::kRead,
             "records",
             "List live " + name + " records (by id, cursor pagination)",
             {{"filter", "query",
               "FIELD=VALUE: a string field equal to VALUE, a list containing it, or any value "
               "whose JSON text equals it (repeatable)",
               false, true},
              {"search", "query", "Text the record's JSON contains (ASCII letters without case)"},
              {"sort", "query",
               "FIELD or -FIELD (descending): order by that field's value, records without it "
               "last; the answer then has `total` and its cursors are positions"},
              {"retired", "query", "Include retired records", false, false, "boolean"},
              kAt,
              {"limit", "query", "Page size: default 50, at most 500", false, false, "integer"},
              {"cursor", "query", "The next_cursor of the previous page"}},
             Body::kNone,
             HttpStatus::kOk,
             "json"});
        add({"POST",
             base,
             Op::kCreate,
             kind,
             Access::kWrite,
             "records",
             "Create a " + name + " record (version 1)",
             {kReasonHeader, kReasonQuery},
             Body::kRecord,
             HttpStatus::kCreated,
             "json",
             true});
        add({"GET",
             base + "/{id}",
             Op::kGet,
             kind,
             Access::kRead,
             "records",
             "A " + name + " record with its version (ETag)",
             {kId, kAt},
             Body::kNone,
             HttpStatus::kOk,
             "json"});
        add({"PUT",
             base + "/{id}",
             Op::kReplace,
             kind,
             Access::kWrite,
             "records",
             "Replace a " + name + " record: the body is the whole new version",
             {kId, kIfMatch, kReasonHeader, kReasonQuery},
             Body::kRecord,
             HttpStatus::kOk,
             "json",
             true});
        add({"PATCH",
             base + "/{id}",
             Op::kPatch,
             kind,
             Access::kWrite,
             "records",
             "Change a " + name + " record with a JSON merge patch (RFC 7386)",
             {kId, kIfMatch, kReasonHeader, kReasonQuery},
             Body::kMergePatch,
             HttpStatus::kOk,
             "json",
             true});
        add({"DELETE",
             base + "/{id}",
             Op::kRetire,
             kind,
             Access::kWrite,
             "records",
             "Retire a " + name + " record (it stays in the history)",
             {kId, kIfMatch, kReasonHeader, kReasonQuery, kForce},
             Body::kNone,
             HttpStatus::kOk,
             "json",
             true});
        add({"POST",
             base + "/{id}/retire",
             Op::kRetirePost,
             kind,
             Access::kWrite,
             "records",
             "Retire a " + name + " record, the reason in the body",
             {kId, kIfMatch, kReasonHeader, kReasonQuery, kForce},
             Body::kRetire,
             HttpStatus::kOk,
             "json",
             true});
        add({"GET",
             base + "/{id}/history",
             Op::kHistory,
             kind,
             Access::kRead,
             "records",
             "Every version of a " + name + " record, oldest first, with what changed",
             {kId},
             Body::kNone,
             HttpStatus::kOk,
             "json"});
    }

    add({"GET",
         p + "/changes",
         Op::kChanges,
         std::nullopt,
         Access::kRead,
         "records",
         "What changed since a ledger sequence, oldest first: every version written (create, "
         "update, retire) with its author, reason and time, within the reader's scope",
         {{"since", "query",
           "Only versions after this sequence (default 0: from the start); pass the previous "
           "page's `next`",
           false, false, "integer"},
          {"limit", "query", "Page size: default 100, at most 1000", false, false, "integer"}},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"POST",
         p + "/import",
         Op::kImport,
         std::nullopt,
         Access::kWrite,
         "import",
         "Import a CSV/HXL table, an IATI activity file or OCHA FTS flows as one all-or-nothing "
         "batch (as `aidledger import`), or a JSON bundle into an empty ledger",
         {{"dry_run", "query", "Check and report, write nothing (default false)", false, false,
           "boolean"},
          {"only_covid", "query",
           "IATI and FTS files: import only activities and flows marked COVID-19 (default false)",
           false, false, "boolean"},
          {"kind", "query", "Kind of the records (default: from `name`)"},
          {"name", "query", "The file's name, as the report gives it (\"teams.csv\")"},
          kReasonHeader,
          kReasonQuery},
         Body::kTable,
         HttpStatus::kOk,
         "json",
         true});
    add({"GET",
         p + "/sources/{id}/citations",
         Op::kCitations,
         std::nullopt,
         Access::kRead,
         "records",
         "Every live record and claim that cites the source: kind, id, the excerpt quoted and "
         "whether it is found in the source's text (`count` all of them, at most 1000 listed)",
         {{"id", "path", "Source id", true}, kAt},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"POST",
         p + "/sources/read",
         Op::kReadReport,
         std::nullopt,
         Access::kSignedIn,
         "read",
         "Read a news report (the body: text or HTML) into a draft source, draft claims and "
         "draft records (teams, donations, cash, commitments), as `aidledger read` does "
         "(docs/reading.md). Without `accept` it "
         "only proposes (the shape of `aidledger read --format json`) and writes nothing; with "
         "`accept` it writes the source and the drafts named, in one all-or-nothing batch, as "
         "an editor's record writes (reason required, audited): 201",
         {{"published", "query",
           "Publication date D or D1/D2, when the report does not say it or says it wrong"},
          {"outlet", "query", "The outlet, when the report does not say"},
          {"title", "query", "The title, when the report does not say"},
          {"url", "query", "Where the report was published"},
          {"id", "query", "The source's id (default src- and its SHA-256's start)"},
          {"name", "query", "The report's file name, kept as the source's `file`"},
          {"twins", "query",
           "Propose values for numbers missing from the text from the ledger's claims of the "
           "same figure (`proposals`)",
           false, false, "boolean"},
          {"accept", "query",
           "Write the source and these drafts: all, or claim numbers and draft records such as "
           "1,3,t1,d1 (editors and admins; needs a reason)"},
          {"fill", "query",
           "With twins=true and accept: take the proposed values of these drafts (all or 1,3)"},
          {"keep", "query",
           "Write the report's source alone, kept for review: its drafts are accepted later "
           "(the report sent again with `accept`) or the review closed (POST "
           "/review/{id}/close). Editors and admins; needs a reason",
           false, false, "boolean"},
          {"as_new", "query",
           "With accept: write these draft records (all or t1,d2) as new records even though they "
           "look like a record already in the ledger (`matches`); by default such a draft is "
           "written as a citation of that record (`cited`)"},
          kReasonHeader,
          kReasonQuery},
         Body::kReport,
         HttpStatus::kOk,
         "json",
         true});
    add({"GET",
         p + "/review",
         Op::kReviewQueue,
         std::nullopt,
         Access::kSignedIn,
         "read",
         "The reports kept for review (read with keep=true, or read and partly accepted) whose "
         "drafts are not all written and whose review is not closed, each read again: its "
         "drafts and those pending, as `aidledger review --format json` (docs/reading.md \"Kept "
         "for review\")",
         {},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"POST",
         p + "/review/{id}/close",
         Op::kCloseReview,
         std::nullopt,
         Access::kSignedIn,
         "read",
         "Close the review of a kept report: its drafts not written are rejected, and it leaves "
         "the queue (its source's notes say so, in a new version). Editors and admins; needs a "
         "reason",
         {{"id", "path", "Source id", true}, kReasonHeader, kReasonQuery},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"GET",
         p + "/duplicates",
         Op::kDuplicates,
         std::nullopt,
         Access::kRead,
         "records",
         "Records that look like one event reported twice: same kind, provider (or one inside "
         "the other), recipient or host and overlapping dates, each pair with why and the "
         "numbers they give differently, as `aidledger duplicates --json` (docs/reading.md). A "
         "pair is listed only when the caller may read both records",
         {{"kind", "query",
           "Only records of this kind (team, donation, cash, exchange, contract, "
           "commitment)"},
          {"id", "query",
           "One record (with `kind`): its `corroboration` (the sources that support it and those "
           "that contradict it) and its likely duplicates, it first in each pair; 404 when "
           "there is no such live record the caller may read"},
          {"limit", "query", "List at most this many pairs: default 100, at most 1000", false,
           false, "integer"},
          kAt},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"GET",
         p + "/confidence",
         Op::kConfidence,
         std::nullopt,
         Access::kRead,
         "records",
         "How far a record, or the figures as of a date, can be relied on: a grade (high, "
         "moderate, low, unverified; synthetic for generated records) from stated rules "
         "(independent sources, official statement or media report, exact or bounded date, "
         "corroborated or contradicted), with the reason of each rule, as `aidledger confidence "
         "--json` (docs/confidence.md). With kind and id, one record (404 when there is no such "
         "live record the caller may read); otherwise the figures of as_of and the figure "
         "parameters, each graded by its weakest record",
         {{"kind", "query", "One record: its kind (with `id`; not source)"},
          {"id", "query", "One record: its id (with `kind`)"},
          {"as_of", "query", "Figures: the event date (YYYY-MM-DD)"},
          {"provider_country", "query", "Figures: provider country, ISO 3166-1"},
          {"provider_kind", "query", "Figures: provider kind (repeatable)", false, true},
          {"from", "query", "Figures: export period start (with `to`)"},
          {"to", "query", "Figures: export period end (with `from`)"},
          {"metric", "query", "Figures: only these metrics (repeatable)", false, true},
          {"synthetic", "query", "Figures: include, exclude, only or auto (default)"},
          kAt},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"GET",
         p + "/templates/{kind}",
         Op::kTemplate,
         std::nullopt,
         Access::kOpen,
         "templates",
         "A CSV or HXL table of one kind in the import format, with one example row to replace "
         "(as `aidledger template KIND`); holds no ledger data",
         {{"kind", "path", "The kind of records", true},
          {"format", "query", "csv (default) or hxl"}},
         Body::kNone,
         HttpStatus::kOk,
         "file"});
    add({"GET",
         p + "/export/{format}",
         Op::kExport,
         std::nullopt,
         Access::kSignedIn,
         "export",
         "Export the ledger as `aidledger export` does: hxl or csv (one kind, the import "
         "tables), flat-csv (one kind as one analysis table: a row per record, lists joined, "
         "names beside ids, versions; docs/formats.md), json (bundle), iati (XML) or xlsx. An "
         "editor bound to an organisation gets flat-csv only, holding the records it may read",
         {{"format", "path", "hxl, csv, flat-csv, json, iati or xlsx", true},
          {"kind", "query", "The kind to export (hxl, csv and flat-csv: required)"},
          kAt,
          {"as_of", "query", "Event date D (iati, xlsx)", false, false, "date"},
          {"retired", "query", "flat-csv: include retired records (retired=true)", false, false,
           "boolean"}},
         Body::kNone,
         HttpStatus::kOk,
         "file"});
    add({"GET",
         p + "/audit",
         Op::kAudit,
         std::nullopt,
         Access::kAdmin,
         "audit",
         "The append-only audit log, oldest first",
         {{"after", "query", "Only entries after this seq", false, false, "integer"},
          {"limit", "query", "Page size: default 50, at most 500", false, false, "integer"}},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"POST",
         p + "/auth/token",
         Op::kSignIn,
         std::nullopt,
         Access::kOpen,
         "signin",
         "Sign in with a password: returns a new bearer token (failed sign-ins are "
         "rate-limited per user and per client address: 429)",
         {},
         Body::kSignIn,
         HttpStatus::kCreated,
         "json",
         true});
    add({"GET",
         p + "/me",
         Op::kMe,
         std::nullopt,
         Access::kSignedIn,
         "me",
         "The signed-in user",
         {},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"GET",
         p + "/users",
         Op::kListUsers,
         std::nullopt,
         Access::kAdmin,
         "users",
         "Every user",
         {},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"POST",
         p + "/users",
         Op::kAddUser,
         std::nullopt,
         Access::kAdmin,
         "users",
         "Add a user",
         {},
         Body::kNewUser,
         HttpStatus::kCreated,
         "json",
         true});
    add({"POST",
         p + "/users/{name}/disable",
         Op::kDisableUser,
         std::nullopt,
         Access::kAdmin,
         "users",
         "Disable a user: its tokens stop working",
         {{"name", "path", "User name", true}},
         Body::kNone,
         HttpStatus::kOk,
         "json",
         true});
    add({"GET",
         p + "/tokens",
         Op::kListTokens,
         std::nullopt,
         Access::kAdmin,
         "tokens",
         "Tokens (never their secrets)",
         {{"user", "query", "Only this user's tokens"}},
         Body::kNone,
         HttpStatus::kOk,
         "json"});
    add({"POST",
         p + "/tokens",
         Op::kCreateToken,
         std::nullopt,
         Access::kAdmin,
         "tokens",
         "Make a token for a user: the secret is in this answer only",
         {},
         Body::kNewToken,
         HttpStatus::kCreated,
         "json",
         true});
    add({"DELETE",
         p + "/tokens/{token_id}",
         Op::kRevokeToken,
         std::nullopt,
         Access::kAdmin,
         "tokens",
         "Revoke a token",
         {{"token_id", "path", "Token id", true}},
         Body::kNone,
         HttpStatus::kOk,
         "json",
         true});
    return r;
}

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

struct CompiledRoute {
    const Route* route;
    std::vector<std::string> segments;
};

const std::vector<CompiledRoute>& Compiled() {
    static const std::vector<CompiledRoute> compiled = [] {
        std::vector<CompiledRoute> out;
        for (const Route& route : Routes()) {
            CompiledRoute c{&route, {}};
            for (auto s : Split(route.path)) c.segments.emplace_back(s);
            out.push_back(std::move(c));
        }
        return out;
    }();
    return compiled;
}

}  // namespace

const std::vector<Route>& Routes() {
    static const std::vector<Route> routes = Build();
    return routes;
}

const std::vector<std::string_view>& PublicResources() {
    static const std::vector<std::string_view> names = {
        "health",  "metrics", "figures",         "briefing",  "claims", "profile",
        "records", "needs",   "recommendations", "clearance", "exports"};
    return names;
}

const std::vector<std::string>& DefaultPublicResources() {
    static const std::vector<std::string> names = {"figures", "briefing", "claims", "health"};
    return names;
}

std::string RecordsPath(Kind kind) {
    return std::string(kApiPrefix) + "/records/" + std::string(EnumName(kind));
}

RouteMatch MatchRoute(std::string_view method, std::string_view path) {
    RouteMatch match;
    if (path.empty() || path.front() != '/') return match;
    auto segments = Split(path);
    for (const CompiledRoute& c : Compiled()) {
        if (c.segments.size() != segments.size()) continue;
        std::map<std::string, std::string, std::less<>> params;
        bool ok = true;
        for (std::size_t i = 0; i < segments.size() && ok; ++i) {
            const std::string& want = c.segments[i];
            if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
                if (segments[i].empty()) ok = false;
                params.emplace(want.substr(1, want.size() - 2), std::string(segments[i]));
            } else {
                ok = want == segments[i];
            }
        }
        if (!ok) continue;
        if (c.route->method == method) {
            match.route = c.route;
            match.path_params = std::move(params);
            match.allowed.clear();
            return match;
        }
        if (std::find(match.allowed.begin(), match.allowed.end(), c.route->method) ==
            match.allowed.end()) {
            match.allowed.push_back(c.route->method);
        }
    }
    return match;
}

}  // namespace aidledger::api
