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

// figures_routes.cpp: /figures, /briefing, /claims (answer cache) and /parties/{id}/profile.
ApiResponse FiguresLike(ServiceContext& ctx, Call& call);
ApiResponse PartyProfile(ServiceContext& ctx, Call& call);

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
