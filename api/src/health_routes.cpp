// GET /health (the ledger's counts and span of event dates), GET /metrics (Prometheus) and
// GET /openapi.json.
#include <algorithm>
#include <map>

#include "handlers.h"
#include "openapi.h"

namespace aidledger::api {

ApiResponse Health(ServiceContext& ctx, Call& call) {
    auto snapshot = ctx.snapshots.Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const Snapshot& snap = **snapshot;
    OJson o = OJson::object();
    o["status"] = "ok";
    o["live_records"] = snap.stats.live_records;
    o["versions"] = snap.stats.versions;
    o["last_recorded_at"] = snap.stats.last_recorded_at
                                ? OJson(FormatLedgerTime(*snap.stats.last_recorded_at))
                                : OJson(nullptr);
    // The span of event dates, for the dashboard's date slider: records and bulk declarations.
    auto span = snap.events;
    auto declared = DeclarationSpan(ctx);
    if (declared) {
        span = span ? DateInterval{std::min(span->earliest, declared->earliest),
                                   std::max(span->latest, declared->latest)}
                    : *declared;
    }
    o["declarations"] = declared ? OJson{{"earliest", FormatDate(declared->earliest)},
                                         {"latest", FormatDate(declared->latest)}}
                                 : OJson(nullptr);
    o["events"] =
        span ? OJson{{"earliest", FormatDate(span->earliest)}, {"latest", FormatDate(span->latest)}}
             : OJson(nullptr);
    return JsonResponse(HttpStatus::kOk, o);
}

ApiResponse MetricsText(ServiceContext& ctx, Call& /*call*/) {
    auto snapshot = ctx.snapshots.Current();
    std::map<std::string, double> gauges;
    if (snapshot) {
        gauges["aidledger_ledger_live_records"] =
            static_cast<double>((*snapshot)->stats.live_records);
        gauges["aidledger_ledger_versions"] = static_cast<double>((*snapshot)->stats.versions);
    }
    return TextResponse(HttpStatus::kOk, "text/plain; version=0.0.4; charset=utf-8",
                        ctx.metrics.Render(gauges));
}

ApiResponse OpenApi(ServiceContext& /*ctx*/, Call& /*call*/) {
    return TextResponse(HttpStatus::kOk, std::string(kJson), OpenApiDocument());
}

}  // namespace aidledger::api
