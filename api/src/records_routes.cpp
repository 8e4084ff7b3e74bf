// The records routes: list, get, history and the writes (create, replace, patch, retire) of
// /api/v1/records/{kind} (docs/api.md).
#include <algorithm>
#include <type_traits>

#include "aidledger/app/record_query.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/json_report.h"
#include "handlers.h"

namespace aidledger::api {
namespace {

// The longest cursor of a sorted list, "@N": N of up to 11 digits, which std::stoull reads.
constexpr std::size_t kMaxPositionCursorBytes = 12;

OJson StoredJson(const StoredRecord& stored) {
    return OJson::parse(json::StoredRecordJson(stored));
}

// A record of kind `kind` at position `i` of a view, as a Record.
Record RecordAt(const LedgerView& view, Kind kind, std::size_t i) {
    Record out = MakeRecord(kind);
    std::visit(
        [&](auto& r) {
            using T = std::decay_t<decltype(r)>;
            r = view.All<T>()[i];
        },
        out);
    return out;
}

// The query of a list: filters, search, time, page size, order and cursor.
struct ListQuery {
    std::vector<std::pair<std::string, std::string>> filters;
    std::string search;
    bool include_retired = false;
    std::optional<LedgerTime> at;
    std::size_t limit = 0;
    // sort=FIELD or -FIELD: every matching record ordered by that field's JSON value (records
    // without it last, ties by id); pages are then positions in that order, and the answer
    // says how many records match (`total`).
    std::optional<std::string> sort_field;
    bool descending = false;
    std::optional<std::string> after;  // an unsorted list's cursor: the last id given
    std::size_t offset = 0;            // a sorted list's cursor: a position
};

// The sort parameter: nullopt when good (or absent), else the 400 answer.
std::optional<ApiResponse> ParseSort(const Call& call, Kind kind, ListQuery& q) {
    auto s = call.One("sort");
    if (!s) return std::nullopt;
    std::string name = *s;
    if (!name.empty() && name.front() == '-') {
        q.descending = true;
        name.erase(0, 1);
    }
    auto names = app::FieldNamesOf(kind);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        std::string choices;
        for (const auto& n : names) choices += (choices.empty() ? "" : ", ") + n;
        return call.Fail(HttpStatus::kBadRequest,
                         "unknown field \"" + name + "\" of " + std::string(EnumName(kind)) +
                             ": expected FIELD or -FIELD, FIELD one of " + choices,
                         "sort");
    }
    q.sort_field = name;
    return std::nullopt;
}

// The cursor parameter (after the sort, which decides its form).
std::optional<ApiResponse> ParseCursor(const Call& call, ListQuery& q) {
    auto c = call.One("cursor");
    if (!c) return std::nullopt;
    q.after = Base64UrlDecode(*c);
    if (!q.after || q.after->empty()) {
        return call.Fail(HttpStatus::kBadRequest, "not a cursor of this API", "cursor");
    }
    if (q.sort_field) {
        // A sorted list's cursor is a position: "@N".
        const std::string& after = *q.after;
        if (after.size() < 2 || after.front() != '@' ||
            !std::all_of(after.begin() + 1, after.end(),
                         [](char ch) { return ch >= '0' && ch <= '9'; }) ||
            after.size() > kMaxPositionCursorBytes) {
            return call.Fail(HttpStatus::kBadRequest, "not a cursor of this sorted list", "cursor");
        }
        q.offset = static_cast<std::size_t>(std::stoull(after.substr(1)));
        q.after.reset();
    }
    return std::nullopt;
}

std::optional<ApiResponse> ParseListQuery(const ServiceContext& ctx, const Call& call, Kind kind,
                                          ListQuery& q) {
    auto filters = app::ParseFilters(kind, call.All("filter"), app::Spelling::kQuery);
    if (!filters) return call.FromParamError(filters.error());
    q.filters = std::move(*filters);
    q.search = call.One("search").value_or("");
    if (auto r = call.One("retired")) {
        auto b = ParseBool("retired", *r);
        if (!b) return call.Fail(HttpStatus::kBadRequest, b.error().message, "retired");
        q.include_retired = *b;
    }
    auto at = call.At();
    if (!at) return call.Fail(HttpStatus::kBadRequest, at.error().message, "at");
    q.at = *at;
    q.limit = ctx.options.default_page;
    if (auto l = call.One("limit")) {
        auto n = ParseInt("limit", *l);
        if (!n || *n < 1) {
            return call.Fail(HttpStatus::kBadRequest, "expected a whole number from 1", "limit");
        }
        // The hard cap: no query asks for more.
        q.limit = std::min<std::size_t>(static_cast<std::size_t>(*n), ctx.options.max_page);
    }
    if (auto failed = ParseSort(call, kind, q)) return failed;
    return ParseCursor(call, q);
}

// Orders every matching record of a sorted list and keeps the page at the query's offset;
// the next cursor when more follow.
std::optional<std::string> SortPage(const ListQuery& q, std::vector<StoredRecord>& page) {
    std::vector<std::pair<OJson, std::size_t>> keys;
    keys.reserve(page.size());
    for (std::size_t i = 0; i < page.size(); ++i) {
        OJson body = OJson::parse(json::WriteRecord(page[i].record));
        auto it = body.find(*q.sort_field);
        keys.emplace_back(it == body.end() ? OJson(nullptr) : *it, i);
    }
    // nlohmann's ordering: numbers by value, strings by text; null (no value) goes last in
    // both directions.
    std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
        if (a.first.is_null() != b.first.is_null()) return b.first.is_null();
        if (a.first != b.first) return q.descending ? b.first < a.first : a.first < b.first;
        return page[a.second].meta.id < page[b.second].meta.id;
    });
    std::vector<StoredRecord> sorted;
    for (std::size_t i = q.offset; i < keys.size() && sorted.size() < q.limit; ++i) {
        sorted.push_back(std::move(page[keys[i].second]));
    }
    std::optional<std::string> next;
    if (q.offset + sorted.size() < keys.size()) {
        next = Base64UrlEncode("@" + std::to_string(q.offset + sorted.size()));
    }
    page = std::move(sorted);
    return next;
}

}  // namespace

ApiResponse ListRecords(ServiceContext& ctx, Call& call) {
    Kind kind = *call.route->kind;
    auto k = static_cast<std::size_t>(kind);
    ListQuery q;
    if (auto failed = ParseListQuery(ctx, call, kind, q)) return std::move(*failed);

    auto snapshot = ctx.snapshots.Current();
    if (!snapshot) return call.FromError(snapshot.error());
    const Snapshot& snap = **snapshot;
    bool scoped = ctx.ScopedEditor(call);

    std::vector<StoredRecord> page;
    bool more = false;
    auto consider = [&](StoredRecord stored) {
        if (scoped && !InReadScope(*call.principal, snap.view, stored.record)) return true;
        if (!q.filters.empty() || !q.search.empty()) {
            if (!json::Matches(stored.record, q.filters, q.search)) return true;
        }
        if (q.sort_field) {
            page.push_back(std::move(stored));
            return true;
        }
        if (page.size() == q.limit) {
            more = true;
            return false;
        }
        page.push_back(std::move(stored));
        return true;
    };

    if (q.at || q.include_retired) {
        auto store = ctx.pool.Take();
        if (!store) return call.FromError(store.error());
        auto records = (*store)->Scan(ScanQuery{kind, q.at, q.include_retired});
        if (!records) return call.FromError(records.error());
        for (auto& stored : *records) {
            if (q.after && stored.meta.id <= *q.after) continue;
            if (!consider(std::move(stored))) break;
        }
    } else {
        const KindMetas& metas = *snap.metas[k];
        auto by_id = [](const std::string& after, const std::shared_ptr<const VersionMeta>& m) {
            return after < m->id;
        };
        std::size_t i =
            q.after
                ? static_cast<std::size_t>(
                      std::upper_bound(metas.begin(), metas.end(), *q.after, by_id) - metas.begin())
                : 0;
        for (; i < metas.size(); ++i) {
            if (!consider(StoredRecord{RecordAt(snap.view, kind, i), *metas[i]})) break;
        }
    }

    std::optional<std::size_t> total;
    std::optional<std::string> next;
    if (q.sort_field) {
        total = page.size();
        next = SortPage(q, page);
    } else if (more) {
        next = Base64UrlEncode(page.back().meta.id);
    }

    OJson out = OJson::object();
    out["kind"] = std::string(EnumName(kind));
    out["limit"] = q.limit;
    if (total) out["total"] = *total;
    out["next_cursor"] = next ? OJson(*next) : OJson(nullptr);
    OJson records = OJson::array();
    for (const auto& stored : page) records.push_back(StoredJson(stored));
    out["records"] = std::move(records);
    return JsonResponse(HttpStatus::kOk, out);
}

ReadScope::ReadScope(ServiceContext& ctx, const Call& call)
    : ctx_(ctx),
      call_(call),
      applies_(ctx.options.scoped_reads && call.principal && call.principal->org) {}

Result<bool> ReadScope::Hides(const Record& record) {
    if (!applies_) return false;
    if (!snapshot_) {
        auto current = ctx_.snapshots.Current();
        if (!current) return current.take_error();
        snapshot_ = std::move(*current);
    }
    return !InReadScope(*call_.principal, snapshot_->view, record);
}

ApiResponse GetRecord(ServiceContext& ctx, Call& call) {
    Kind kind = *call.route->kind;
    const std::string& id = call.path.at("id");
    auto at = call.At();
    if (!at) return call.Fail(HttpStatus::kBadRequest, at.error().message, "at");
    std::optional<StoredRecord> found;
    {
        auto store = ctx.pool.Take();
        if (!store) return call.FromError(store.error());
        auto got = (*store)->Get(kind, id, *at);
        if (!got) return call.FromError(got.error());
        found = std::move(*got);
    }
    std::string ref = std::string(EnumName(kind)) + "/" + id;
    if (!found) return call.Fail(HttpStatus::kNotFound, "does not exist", ref);
    auto hidden = ReadScope(ctx, call).Hides(found->record);
    if (!hidden) return call.FromError(hidden.error());
    if (*hidden) return call.Fail(HttpStatus::kNotFound, "does not exist", ref);
    ApiResponse r =
        TextResponse(HttpStatus::kOk, std::string(kJson), json::StoredRecordJson(*found));
    r.headers.emplace_back("ETag", ETag(found->meta.version));
    return r;
}

ApiResponse RecordHistory(ServiceContext& ctx, Call& call) {
    Kind kind = *call.route->kind;
    const std::string& id = call.path.at("id");
    std::vector<StoredRecord> versions;
    {
        auto store = ctx.pool.Take();
        if (!store) return call.FromError(store.error());
        auto got = (*store)->History(kind, id);
        if (!got) return call.FromError(got.error());
        versions = std::move(*got);
    }
    std::string ref = std::string(EnumName(kind)) + "/" + id;
    if (versions.empty()) return call.Fail(HttpStatus::kNotFound, "does not exist", ref);
    ReadScope scope(ctx, call);
    for (const auto& v : versions) {
        auto hidden = scope.Hides(v.record);
        if (!hidden) return call.FromError(hidden.error());
        if (*hidden) return call.Fail(HttpStatus::kNotFound, "does not exist", ref);
    }
    OJson out = OJson::object();
    out["kind"] = std::string(EnumName(kind));
    out["id"] = id;
    OJson list = OJson::array();
    for (std::size_t i = 0; i < versions.size(); ++i) {
        OJson v = StoredJson(versions[i]);
        OJson changed = OJson::array();
        if (versions[i].meta.retired) {
            v["change"] = "retired";
        } else if (i == 0) {
            v["change"] = "created";
        } else {
            v["change"] = "changed";
            for (auto& f : json::ChangedFields(versions[i - 1].record, versions[i].record)) {
                changed.push_back(f);
            }
        }
        v["changed_fields"] = changed;
        list.push_back(v);
    }
    out["versions"] = list;
    ApiResponse r = JsonResponse(HttpStatus::kOk, out);
    r.headers.emplace_back("ETag", ETag(versions.back().meta.version));
    return r;
}

namespace {

// The kind of mutation of a record-writing operation; nullopt for every other operation.
std::optional<Mutation::Op> MutationOf(Op op) {
    switch (op) {
        case Op::kCreate:
            return Mutation::Op::kCreate;
        case Op::kReplace:
        case Op::kPatch:
            return Mutation::Op::kUpdate;
        case Op::kRetire:
        case Op::kRetirePost:
            return Mutation::Op::kRetire;
        case Op::kHealth:
        case Op::kMetrics:
        case Op::kOpenApi:
        case Op::kFigures:
        case Op::kBriefing:
        case Op::kClaims:
        case Op::kProfile:
        case Op::kList:
        case Op::kGet:
        case Op::kHistory:
        case Op::kAudit:
        case Op::kSignIn:
        case Op::kMe:
        case Op::kListUsers:
        case Op::kAddUser:
        case Op::kDisableUser:
        case Op::kListTokens:
        case Op::kCreateToken:
        case Op::kRevokeToken:
        case Op::kImport:
        case Op::kExport:
        case Op::kNeeds:
        case Op::kRecommendations:
        case Op::kValuation:
        case Op::kClearance:
        case Op::kExportStats:
        case Op::kChanges:
        case Op::kTemplate:
        case Op::kCitations:
        case Op::kReadReport:
        case Op::kReviewQueue:
        case Op::kCloseReview:
        case Op::kDuplicates:
        case Op::kConfidence:
            return std::nullopt;
    }
    return std::nullopt;
}

// The reason of a write: X-Reason, else ?reason=, else (retire) the body's "reason". Empty
// with the answer in `failure` when there is none or it is unusable.
std::string WriteReason(const Call& call, std::optional<ApiResponse>& failure) {
    std::string reason = ReasonOf(call.Header("x-reason"), call.One("reason"));
    if (reason.empty() && call.route->op == Op::kRetirePost && !call.request.body.empty()) {
        auto body = ParseObjectBody(call.request.body, {"reason"});
        if (!body) {
            failure = call.Fail(
                IsSyntaxError(body.error()) ? HttpStatus::kBadRequest : HttpStatus::kUnprocessable,
                body.error().message, body.error().field);
            return {};
        }
        auto r = StringField(*body, "reason", false);
        if (!r) {
            failure = call.Fail(HttpStatus::kUnprocessable, r.error().message, r.error().field);
            return {};
        }
        reason = Trim(*r);
    }
    if (reason.empty()) {
        failure = call.Fail(HttpStatus::kBadRequest,
                            "every write needs a reason: send X-Reason (or ?reason=)", "X-Reason");
    } else if (reason.size() > kMaxReasonBytes) {
        failure = call.Fail(HttpStatus::kBadRequest, "reason too long", "X-Reason");
    }
    return reason;
}

// The version If-Match expects (none for "*"), or the answer when it is missing or malformed.
std::optional<ApiResponse> ExpectedVersion(const Call& call, std::optional<std::int64_t>& out) {
    auto if_match = call.Header("if-match");
    if (!if_match) {
        return call.Fail(HttpStatus::kPreconditionRequired,
                         "send If-Match with the version you are changing (its ETag)", "If-Match");
    }
    std::string tag = Trim(*if_match);
    if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
        tag = tag.substr(1, tag.size() - 2);
    }
    if (tag != "*") {
        auto v = ParseInt("If-Match", tag);
        if (!v) {
            return call.Fail(HttpStatus::kBadRequest, "expected a version such as \"3\"",
                             "If-Match");
        }
        out = *v;
    }
    return std::nullopt;
}

// The record of a create or replace body (parsed before any lock is taken); a patch body is
// only checked to be JSON here, as the merge needs the current version.
std::optional<ApiResponse> ParseWriteBody(const Call& call, Kind kind,
                                          std::optional<Record>& parsed) {
    const Op op = call.route->op;
    const std::string& body = call.request.body;
    // Malformed JSON, a number out of range and a repeated key are 400; what the JSON says is
    // checked after (422).
    if (op == Op::kCreate || op == Op::kReplace || op == Op::kPatch) {
        if (auto text = json::CheckJsonText(body, "body"); !text) {
            return call.Fail(HttpStatus::kBadRequest, text.error().message, text.error().field);
        }
    }
    if (op == Op::kCreate || op == Op::kReplace) {
        auto record = json::ParseRecord(kind, body, "body");
        if (!record) return call.FromError(record.error());
        parsed = std::move(*record);
    }
    return std::nullopt;
}

// A checked write, ready to apply.
struct PlannedWrite {
    Kind kind{};
    std::string id;
    std::string ref;
    std::string reason;
    std::optional<std::int64_t> expected;
    std::optional<Record> parsed;
    std::shared_ptr<const Snapshot> snapshot;  // for organisation scopes
    bool force = false;                        // retire even if live records refer to it
    std::vector<RecordRef> orphans;            // what a forced retirement orphaned
};

// Under the writer lock: the current version, If-Match, the merge patch, the organisation's
// scope, and the write. The written version and record, or the answer.
std::optional<ApiResponse> ApplyWrite(ServiceContext& ctx, Call& call, PlannedWrite& w,
                                      Mutation::Op mutation, VersionMeta& meta, Record& result) {
    const Op op = call.route->op;
    std::lock_guard lock(ctx.writer.mutex);
    std::optional<StoredRecord> before;
    if (op != Op::kCreate) {
        auto got = ctx.writer.store->Get(w.kind, w.id, std::nullopt);
        if (!got) return call.FromError(got.error());
        if (!got->has_value()) return call.Fail(HttpStatus::kNotFound, "does not exist", w.ref);
        if ((*got)->meta.retired) return call.Fail(HttpStatus::kNotFound, "is retired", w.ref);
        before = std::move(**got);
        if (w.expected && *w.expected != before->meta.version) {
            return call.Fail(HttpStatus::kPreconditionFailed,
                             "is at version " + std::to_string(before->meta.version) + ", not " +
                                 std::to_string(*w.expected),
                             w.ref);
        }
        if (op == Op::kPatch) {
            auto merged = json::MergePatch(before->record, call.request.body, "body");
            if (!merged) return call.FromError(merged.error());
            w.parsed = std::move(*merged);
            if (IdOf(*w.parsed) != w.id) {
                return call.Fail(HttpStatus::kUnprocessable, "ids cannot change", "id");
            }
        }
    }
    if (call.principal->org) {
        Decision d =
            AuthorizeRecordWrite(call.who(), w.snapshot->view, before ? &before->record : nullptr,
                                 w.parsed ? &*w.parsed : nullptr);
        if (d != Decision::kAllow) {
            ctx.access.Audit(call, "record." + std::string(call.route->method), w.ref, "denied",
                             w.reason, "outside the organisation " + *call.principal->org);
            return call.Fail(HttpStatus::kForbidden,
                             "this record's provider is outside your organisation (" +
                                 *call.principal->org + ")",
                             w.ref);
        }
    }
    Mutation m;
    m.kind = w.kind;
    m.id = w.id;
    m.expected_version = w.expected;
    m.op = mutation;
    if (mutation != Mutation::Op::kRetire) m.record = *w.parsed;
    WriteContext context{call.principal->user, w.reason, ctx.env.now()};
    // Audited by the store, in the write's transaction (record.create/update/retire).
    context.audit = WriteAudit{call.principal->user, call.request.request_id, "", "", ""};
    // A retirement that would orphan live records is refused (409) unless ?force=true, and a
    // forced one lists what it orphans.
    std::vector<Mutation> batch;
    batch.push_back(std::move(m));
    if (mutation == Mutation::Op::kRetire) {
        auto orphans = ctx.writer.ledger->Orphans(batch);
        if (!orphans) return call.FromError(orphans.error());
        if (!w.force && !orphans->empty()) {
            Error refused = Ledger::OrphansError(batch, *orphans);
            return call.Fail(HttpStatus::kConflict, refused.message, refused.field);
        }
        w.orphans = std::move(*orphans);
        context.allow_orphans = true;  // checked here, under the writer lock
    }
    auto written = ctx.writer.ledger->Write(std::move(batch), context);
    if (!written) return call.FromError(written.error(), op != Op::kCreate);
    meta = written->front();
    result = w.parsed ? *w.parsed : before->record;
    return std::nullopt;
}

}  // namespace

ApiResponse WriteRecord(ServiceContext& ctx, Call& call) {
    const Op op = call.route->op;
    auto mutation = MutationOf(op);
    if (!mutation) return call.Fail(HttpStatus::kInternal, "internal error");
    PlannedWrite w;
    w.kind = *call.route->kind;

    std::optional<ApiResponse> failure;
    w.reason = WriteReason(call, failure);
    if (failure) return std::move(*failure);
    if (op != Op::kCreate) {
        if (auto failed = ExpectedVersion(call, w.expected)) return std::move(*failed);
    }
    if (auto failed = ParseWriteBody(call, w.kind, w.parsed)) return std::move(*failed);
    if (auto force = call.One("force")) {
        auto parsed = ParseBool("force", *force);
        if (!parsed) return call.Fail(HttpStatus::kBadRequest, parsed.error().message, "force");
        w.force = *parsed;
    }

    w.id = op == Op::kCreate ? IdOf(*w.parsed) : call.path.at("id");
    if (w.id.empty()) return call.Fail(HttpStatus::kUnprocessable, "required", "id");
    if (w.parsed) {
        if (IdOf(*w.parsed).empty()) BaseOf(*w.parsed).id = w.id;
        if (IdOf(*w.parsed) != w.id) {
            return call.Fail(HttpStatus::kUnprocessable,
                             "the body gives id \"" + IdOf(*w.parsed) + "\"; ids cannot change",
                             "id");
        }
    }
    w.ref = std::string(EnumName(w.kind)) + "/" + w.id;

    // The view for organisation scopes, taken before the writer lock so that a rebuild never
    // holds up writers.
    if (call.principal->org) {
        auto current = ctx.snapshots.Current();
        if (!current) return call.FromError(current.error());
        w.snapshot = *current;
    }

    VersionMeta meta;
    Record result = MakeRecord(w.kind);
    if (auto failed = ApplyWrite(ctx, call, w, *mutation, meta, result)) {
        return std::move(*failed);
    }
    ctx.snapshots.Invalidate();

    std::string body = json::StoredRecordJson(StoredRecord{result, meta});
    if (!w.orphans.empty()) {
        OJson with = OJson::parse(body);
        OJson orphaned = OJson::array();
        for (const auto& o : w.orphans) orphaned.push_back(RefName(o.kind, o.id));
        with["orphaned"] = orphaned;
        body = with.dump(2);
    }
    ApiResponse r = TextResponse(op == Op::kCreate ? HttpStatus::kCreated : HttpStatus::kOk,
                                 std::string(kJson), std::move(body));
    r.headers.emplace_back("ETag", ETag(meta.version));
    if (op == Op::kCreate) r.headers.emplace_back("Location", RecordsPath(w.kind) + "/" + w.id);
    return r;
}

}  // namespace aidledger::api
