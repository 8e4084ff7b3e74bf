// The route handlers, one file per family. Each answers one admitted call (Service has
// checked the query parameters and the caller's access) from the parts in ServiceContext.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aidledger/app/figure_query.h"
#include "aidledger/core/store.h"
#include "aidledger/core/time.h"
#include "context.h"

namespace aidledger::api {

// records_routes.cpp: /records/{kind}...
ApiResponse ListRecords(ServiceContext& ctx, Call& call);
ApiResponse GetRecord(ServiceContext& ctx, Call& call);
ApiResponse RecordHistory(ServiceContext& ctx, Call& call);
ApiResponse WriteRecord(ServiceContext& ctx, Call& call);  // create, replace, patch, retire

// The read scope of a single record, the rule of GET /records/{kind}/{id} (docs/api.md
// "Reads of a bound editor"): under scoped reads, an organisation-bound caller does not see a
// record whose provider is outside its organisation (InReadScope, parties as the current
// snapshot has them). The get and the history answer 404 for such a record; the change feed
// skips its versions. The snapshot is taken on the first record asked about, and only when the
// rule applies to the caller.
class ReadScope {
  public:
    ReadScope(ServiceContext& ctx, const Call& call);
    // Whether `record` is hidden from the caller; the snapshot's error when it cannot be read.
    [[nodiscard]] Result<bool> Hides(const Record& record);

  private:
    ServiceContext& ctx_;
    const Call& call_;
    bool applies_;
    std::shared_ptr<const Snapshot> snapshot_;
};

// figures_routes.cpp: /figures, /briefing, /claims (answer cache) and /parties/{id}/profile.
ApiResponse FiguresLike(ServiceContext& ctx, Call& call);
ApiResponse PartyProfile(ServiceContext& ctx, Call& call);

// figures_routes.cpp: the ledger's sequence of an answer computed over the whole ledger
// (figures, briefing, claims, needs, recommendations), and its ETag (docs/api.md "Figures and
// the ledger's sequence").
// The ledger's sequence at ledger time `at`: the last seq recorded at or before it (0 when
// none), `known_last` being the sequence of the snapshot the caller holds.
[[nodiscard]] Result<std::int64_t> SeqAt(LedgerStore& store, LedgerTime at,
                                         std::int64_t known_last);
// W/"s<seq>-<digest>", the digest a 64-bit FNV-1a of `normalised_query` (the route and its
// sorted parameters, `at` as the ledger time it names).
std::string AnswerTag(std::int64_t seq, std::string_view normalised_query);
// If-None-Match against a tag, by weak comparison (RFC 9110 13.1.2): any listed tag equal to
// ours once W/ is dropped, or "*".
bool NoneMatchHits(const Call& call, std::string_view tag);
// The answer's body with the sequence it was computed at: a `seq` member of a JSON object (a
// JSON array is left as it is), a last line of Markdown and text.
std::string WithSeq(std::string body, app::AnswerFormat format, std::int64_t seq);
// 304 Not Modified with the tag and X-Ledger-Seq.
ApiResponse NotModified(std::string tag, std::int64_t seq, std::string_view content_type);

// changes_routes.cpp: /changes, the change feed by ledger sequence.
ApiResponse ListChanges(ServiceContext& ctx, Call& call);

// transfer_routes.cpp: POST /import, GET /export/{format}.
ApiResponse ImportTable(ServiceContext& ctx, Call& call);
ApiResponse ExportLedger(ServiceContext& ctx, Call& call);
ApiResponse ImportTemplate(ServiceContext& ctx, Call& call);
ApiResponse SourceCitations(ServiceContext& ctx, Call& call);

// read_routes.cpp: POST /sources/read, a news report read into drafts (accept: written).
ApiResponse ReadReportRoute(ServiceContext& ctx, Call& call);
ApiResponse ReviewQueueRoute(ServiceContext& ctx, Call& call);
ApiResponse CloseReviewRoute(ServiceContext& ctx, Call& call);
// duplicates_routes.cpp: GET /duplicates, the likely duplicates review queue.
ApiResponse ListDuplicatesRoute(ServiceContext& ctx, Call& call);
// confidence_routes.cpp: GET /confidence, the grade of a record or of figures.
ApiResponse ConfidenceRoute(ServiceContext& ctx, Call& call);

// procurement_routes.cpp: /needs, /requests/{id}/recommendations.
ApiResponse Procurement(ServiceContext& ctx, Call& call);

// customs_routes.cpp: /clearance, /exports/stats.
ApiResponse Customs(ServiceContext& ctx, Call& call);
// The first and last day of bulk declarations, if any (best effort: none on error).
std::optional<DateInterval> DeclarationSpan(ServiceContext& ctx);
// The bulk declarations a figures-like answer counts (FigureQuery::declared), current with the
// store's last batch; null when the server serves no declarations. `by_kind`: kept apart by
// exporter kind, for queries that select provider kinds.
Result<std::shared_ptr<const DeclaredExports>> CurrentDeclarations(ServiceContext& ctx,
                                                                   bool by_kind);

// account_routes.cpp: /audit, /signin, /me, /users..., /tokens...
ApiResponse ListAudit(ServiceContext& ctx, Call& call);
ApiResponse SignIn(ServiceContext& ctx, Call& call);
ApiResponse Me(ServiceContext& ctx, Call& call);
ApiResponse ListUsers(ServiceContext& ctx, Call& call);
ApiResponse AddUser(ServiceContext& ctx, Call& call);
ApiResponse DisableUser(ServiceContext& ctx, Call& call);
ApiResponse ListTokens(ServiceContext& ctx, Call& call);
ApiResponse CreateToken(ServiceContext& ctx, Call& call);
ApiResponse RevokeToken(ServiceContext& ctx, Call& call);

// health_routes.cpp: /health, /metrics, /openapi.json.
ApiResponse Health(ServiceContext& ctx, Call& call);
ApiResponse MetricsText(ServiceContext& ctx, Call& call);
ApiResponse OpenApi(ServiceContext& ctx, Call& call);

}  // namespace aidledger::api
