// The route handlers, one file per family. Each answers one admitted call (Service has
// checked the query parameters and the caller's access) from the parts in ServiceContext.
#pragma once

#include <optional>

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

// changes_routes.cpp: /changes, the change feed by ledger sequence.
ApiResponse ListChanges(ServiceContext& ctx, Call& call);

// transfer_routes.cpp: POST /import, GET /export/{format}.
ApiResponse ImportTable(ServiceContext& ctx, Call& call);
ApiResponse ExportLedger(ServiceContext& ctx, Call& call);

// procurement_routes.cpp: /needs, /requests/{id}/recommendations.
ApiResponse Procurement(ServiceContext& ctx, Call& call);

// customs_routes.cpp: /clearance, /exports/stats.
ApiResponse Customs(ServiceContext& ctx, Call& call);
// The first and last day of bulk declarations, if any (best effort: none on error).
std::optional<DateInterval> DeclarationSpan(ServiceContext& ctx);

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
