#include "service.h"

#include <algorithm>
#include <array>
#include <exception>

#include "aidledger/api/credentials.h"
#include "handlers.h"
#include "log.h"
#include "static_files.h"

namespace aidledger::api {
namespace {

using Clock = std::chrono::steady_clock;

struct OpHandler {
    Op op;
    Handler handler;
};

// Every operation of the route table and the function that answers it.
constexpr std::array kHandlers = {
    OpHandler{Op::kHealth, Health},
    OpHandler{Op::kMetrics, MetricsText},
    OpHandler{Op::kOpenApi, OpenApi},
    OpHandler{Op::kFigures, FiguresLike},
    OpHandler{Op::kBriefing, FiguresLike},
    OpHandler{Op::kClaims, FiguresLike},
    OpHandler{Op::kProfile, PartyProfile},
    OpHandler{Op::kList, ListRecords},
    OpHandler{Op::kGet, GetRecord},
    OpHandler{Op::kCreate, WriteRecord},
    OpHandler{Op::kReplace, WriteRecord},
    OpHandler{Op::kPatch, WriteRecord},
    OpHandler{Op::kRetire, WriteRecord},
    OpHandler{Op::kRetirePost, WriteRecord},
    OpHandler{Op::kHistory, RecordHistory},
    OpHandler{Op::kAudit, ListAudit},
    OpHandler{Op::kSignIn, SignIn},
    OpHandler{Op::kMe, Me},
    OpHandler{Op::kListUsers, ListUsers},
    OpHandler{Op::kAddUser, AddUser},
    OpHandler{Op::kDisableUser, DisableUser},
    OpHandler{Op::kListTokens, ListTokens},
    OpHandler{Op::kCreateToken, CreateToken},
    OpHandler{Op::kRevokeToken, RevokeToken},
    OpHandler{Op::kImport, ImportTable},
    OpHandler{Op::kExport, ExportLedger},
    OpHandler{Op::kNeeds, Procurement},
    OpHandler{Op::kRecommendations, Procurement},
    OpHandler{Op::kValuation, Procurement},
    OpHandler{Op::kClearance, Customs},
    OpHandler{Op::kExportStats, Customs},
    OpHandler{Op::kChanges, ListChanges},
    OpHandler{Op::kTemplate, ImportTemplate},
    OpHandler{Op::kCitations, SourceCitations},
    OpHandler{Op::kReadReport, ReadReportRoute},
    OpHandler{Op::kReviewQueue, ReviewQueueRoute},
    OpHandler{Op::kCloseReview, CloseReviewRoute},
    OpHandler{Op::kDuplicates, ListDuplicatesRoute},
    OpHandler{Op::kConfidence, ConfidenceRoute},
};

ApiResponse InternalError(const ApiRequest& request, std::string_view what) {
    LogLine("error", {{"request_id", request.request_id}, {"exception", std::string(what)}});
    return ErrorResponse(HttpStatus::kInternal, "internal",
                         "internal error; report the request id to the operator", "",
                         request.request_id);
}

}  // namespace

Handler HandlerFor(Op op) {
    for (const OpHandler& h : kHandlers) {
        if (h.op == op) return h.handler;
    }
    return nullptr;
}

Service::Service(ServerOptions options, ServerEnvironment environment)
    : ctx_(std::move(options), std::move(environment)) {}

Service::~Service() { StopRefresher(); }

Result<void> Service::Start() {
    if (auto crypto = InitCrypto(); !crypto) return crypto;
    if (!ctx_.options.web_root.empty()) {
        auto site = StaticSite::Load(ctx_.options.web_root);
        if (!site) return site.take_error();
        site_ = std::make_shared<const StaticSite>(std::move(*site));
    } else {
        site_ = std::make_shared<const StaticSite>();
    }
    auto writer = ctx_.env.open_store();
    if (!writer) return writer.take_error();
    ctx_.writer.store = std::move(*writer);
    ctx_.writer.ledger = std::make_unique<Ledger>(*ctx_.writer.store, *ctx_.env.reference);
    auto accounts = ctx_.env.open_accounts();
    if (!accounts) return accounts.take_error();
    ctx_.access.Open(std::move(*accounts));
    auto first = ctx_.snapshots.Current();
    if (!first) return first.take_error();
    ctx_.snapshots.StartRefresher();
    return Ok{};
}

void Service::StopRefresher() { ctx_.snapshots.Stop(); }

ApiResponse Service::Handle(const ApiRequest& request) {
    auto start = Clock::now();
    ApiResponse response;
    std::string route_label = "-";
    try {
        std::string_view target = request.target;
        std::size_t q = target.find('?');
        std::string path = Decode(target.substr(0, q), false);
        if (path.size() > 1 && path.back() == '/') path.pop_back();
        if (StaticSite::Owns(path)) {
            // The dashboard: its files, with their own caching and page policy.
            route_label = "static";
            response = site_->Serve(request);
            response.route = route_label;
            ctx_.metrics.Record(route_label, request.method, response.status, Clock::now() - start);
            return response;
        }
        RouteMatch match = MatchRoute(request.method, path);
        Call call{request, match.route, std::move(match.path_params), {}, std::nullopt};
        if (q != std::string_view::npos) call.query = ParseQuery(target.substr(q + 1));
        if (match.route == nullptr) {
            if (match.allowed.empty()) {
                response = call.Fail(HttpStatus::kNotFound,
                                     "no such route (GET /api/v1/openapi.json lists them)");
            } else {
                response = call.Fail(HttpStatus::kMethodNotAllowed, "method not allowed here");
                std::string allow;
                for (auto m : match.allowed) allow += (allow.empty() ? "" : ", ") + std::string(m);
                response.headers.emplace_back("Allow", allow);
            }
        } else {
            route_label = match.route->path;
            response = Dispatch(call);
            if (call.principal) response.user = call.principal->user;
        }
    } catch (const std::exception& e) {
        response = InternalError(request, e.what());
    } catch (...) {
        response = InternalError(request, "unknown");
    }
    response.route = route_label;
    ctx_.metrics.Record(route_label, request.method, response.status, Clock::now() - start);
    return response;
}

ApiResponse Service::Dispatch(Call& call) {
    const Route& route = *call.route;
    // Every query parameter must be one the route declares: a typo is an error, not a no-op.
    for (const auto& param : call.query) {
        // A named reference, not a structured binding: clang (clang-tidy) refuses to capture
        // a binding in the lambda below before C++20's rule is implemented.
        const std::string& key = param.first;
        auto it = std::find_if(route.params.begin(), route.params.end(),
                               [&](const Param& p) { return p.in == "query" && p.name == key; });
        if (it == route.params.end()) {
            return call.Fail(HttpStatus::kBadRequest, "unknown query parameter", key);
        }
        if (!it->repeatable && call.All(key).size() > 1) {
            return call.Fail(HttpStatus::kBadRequest, "given more than once", key);
        }
    }
    if (auto refused = ctx_.access.Admit(call)) return std::move(*refused);
    Handler handler = HandlerFor(route.op);
    if (handler == nullptr) return call.Fail(HttpStatus::kInternal, "internal error");
    return handler(ctx_, call);
}

}  // namespace aidledger::api
