#include "openapi.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <type_traits>
#include <vector>

#include "aidledger/core/field_traits.h"
#include "aidledger/core/records.h"
#include "openapi_schema.h"
#include "routes.h"

namespace aidledger::api {
namespace {

template <class T>
struct IsRefTo : std::false_type {};
template <Kind K>
struct IsRefTo<RefTo<K>> : std::true_type {
    static constexpr Kind kKind = K;
};

class SchemaWriter;
template <class T>
OJson SchemaOf();

template <class T>
concept Nested = requires(T& t, SchemaWriter& w) {
    VisitFields(t, w);
};

// Builds an object schema from a VisitFields list.
class SchemaWriter {
  public:
    template <class T, class... Tag>
    void operator()(const char* name, T&, Tag... tags) {
        OJson schema = SchemaOf<T>();
        (Describe(schema, tags), ...);
        properties_[name] = schema;
        if (!kMayBeAbsent<T>) required_.push_back(name);
    }

    OJson Object() const {
        OJson o = OJson::object();
        o["type"] = "object";
        o["properties"] = properties_;
        if (!required_.empty()) o["required"] = required_;
        o["additionalProperties"] = false;
        return o;
    }

  private:
    static void Describe(OJson& schema, FieldRole role) {
        switch (role) {
            case FieldRole::kText:
                break;
            case FieldRole::kId:
                schema["pattern"] = "^[a-z0-9][a-z0-9._-]{0,63}$";
                schema["description"] = "The record's id (never reused)";
                break;
            case FieldRole::kCountryCode:
                schema["description"] = "ISO 3166-1 alpha-2 (alpha-3 accepted on input)";
                break;
            case FieldRole::kHsCode:
                schema["description"] = "HS 2022 heading or subheading, e.g. 6307.90";
                break;
            case FieldRole::kMetric:
                schema["description"] = "A metric id of the figure engine (docs/figures.md)";
                break;
            case FieldRole::kCurrency:
                schema["description"] = "ISO 4217 alphabetic code, e.g. USD";
                break;
            case FieldRole::kDecimal:
                schema["pattern"] = "^[0-9]+(\\.[0-9]+)?$";
                schema["description"] = "A positive decimal number as published, e.g. 703.54";
                break;
        }
    }
    template <Kind K>
    static void Describe(OJson& schema, RefTo<K>) {
        std::string text = "Id of a live " + std::string(EnumName(K)) + " record";
        if (schema.contains("items")) {
            schema["items"]["description"] = text;
        } else {
            schema["description"] = text;
        }
    }

    OJson properties_ = OJson::object();
    OJson required_ = OJson::array();
};

}  // namespace

OJson DateSchema() { return {{"type", "string"}, {"format", "date"}}; }

namespace {

OJson RangeSchema(const char* a, const char* b, const char* text) {
    OJson object = {{"type", "object"},
                    {"properties", {{a, DateSchema()}, {b, DateSchema()}}},
                    {"required", {a, b}},
                    {"additionalProperties", false}};
    return {{"description", text},
            {"oneOf",
             {{{"type", "string"}, {"pattern", "^\\d{4}-\\d{2}-\\d{2}(/\\d{4}-\\d{2}-\\d{2})?$"}},
              object}}};
}

template <class T>
OJson SchemaOf() {
    if constexpr (IsOptional<T>::value) {
        return SchemaOf<typename T::value_type>();
    } else if constexpr (IsVector<T>::value) {
        return {{"type", "array"}, {"items", SchemaOf<typename T::value_type>()}};
    } else if constexpr (std::is_same_v<T, std::string>) {
        return {{"type", "string"}};
    } else if constexpr (std::is_same_v<T, bool>) {
        return {{"type", "boolean"}};
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        return {{"type", "integer"}, {"format", "int64"}};
    } else if constexpr (std::is_same_v<T, Date>) {
        return DateSchema();
    } else if constexpr (std::is_same_v<T, DateInterval>) {
        return RangeSchema(
            "earliest", "latest",
            "An uncertain date: YYYY-MM-DD, or FROM/TO when a report only bounds it");
    } else if constexpr (std::is_same_v<T, Period>) {
        return RangeSchema("from", "to", "A span of days, both ends included: FROM/TO");
    } else if constexpr (std::is_same_v<T, Money>) {
        return {{"$ref", "#/components/schemas/Money"}};
    } else if constexpr (std::is_same_v<T, Citation>) {
        return {{"$ref", "#/components/schemas/Citation"}};
    } else if constexpr (std::is_same_v<T, RecordRef>) {
        return {{"type", "string"}, {"description", "A record reference: kind/id"}};
    } else if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
        return {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}};
    } else if constexpr (std::is_enum_v<T>) {
        OJson values = OJson::array();
        for (const auto& [value, name] : EnumNames<T>::kNames) values.push_back(name);
        return {{"type", "string"}, {"enum", values}};
    } else {
        static_assert(Nested<T>, "a record field type the OpenAPI writer does not know");
        T value{};
        SchemaWriter w;
        VisitFields(value, w);
        return w.Object();
    }
}

}  // namespace

OJson RecordSchema(Kind kind) {
    Record r = MakeRecord(kind);
    SchemaWriter w;
    std::visit([&](auto& rec) { VisitFields(rec, w); }, r);
    OJson o = w.Object();
    o["title"] = std::string(EnumName(kind));
    return o;
}

OJson Ref(std::string_view name) { return {{"$ref", "#/components/schemas/" + std::string(name)}}; }

namespace {

OJson JsonContent(OJson schema) { return {{"application/json", {{"schema", std::move(schema)}}}}; }

OJson ParamSchema(const Param& p) {
    OJson s;
    // A date-time is a plain string: it also takes a date (the end of that day), which the
    // date-time format would refuse.
    if (p.format == "date") {
        s = DateSchema();
    } else if (p.format == "integer") {
        s = {{"type", "integer"}, {"minimum", 0}};
    } else if (p.format == "boolean") {
        s = {{"type", "boolean"}};
    } else {
        s = {{"type", "string"}};
    }
    if (p.name == "format" && p.in == "path") {
        s["enum"] = {"hxl", "csv", "flat-csv", "json", "iati", "xlsx"};
    } else if (p.name == "format" && p.description.find("html") != std::string::npos) {
        s["enum"] = {"json", "md", "text", "html"};
    } else if (p.name == "format") {
        s["enum"] = {"json", "md", "text"};
    }
    if (p.name == "synthetic") s["enum"] = {"auto", "include", "exclude", "only"};
    if (p.name == "provider_kind") {
        OJson values = OJson::array();
        for (const auto& [value, name] : EnumNames<PartyKind>::kNames) values.push_back(name);
        s["enum"] = values;
    }
    if (p.repeatable) return {{"type", "array"}, {"items", s}};
    return s;
}

std::string Camel(std::string_view text) {
    std::string out;
    bool upper = true;
    for (char c : text) {
        if (c == '_' || c == '-' || c == '.' || c == '/' || c == '{' || c == '}') {
            upper = true;
            continue;
        }
        out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    return out;
}

std::string OperationId(const Route& r) {
    std::string kind = r.kind ? Camel(EnumName(*r.kind)) : "";
    switch (r.op) {
        case Op::kHealth:
            return "health";
        case Op::kMetrics:
            return "metrics";
        case Op::kOpenApi:
            return "openApi";
        case Op::kFigures:
            return "figures";
        case Op::kBriefing:
            return "briefing";
        case Op::kClaims:
            return "claims";
        case Op::kProfile:
            return "partyProfile";
        case Op::kList:
            return "list" + kind;
        case Op::kGet:
            return "get" + kind;
        case Op::kCreate:
            return "create" + kind;
        case Op::kReplace:
            return "replace" + kind;
        case Op::kPatch:
            return "patch" + kind;
        case Op::kRetire:
            return "retire" + kind;
        case Op::kRetirePost:
            return "retire" + kind + "WithBody";
        case Op::kHistory:
            return "history" + kind;
        case Op::kAudit:
            return "audit";
        case Op::kSignIn:
            return "signIn";
        case Op::kMe:
            return "me";
        case Op::kListUsers:
            return "listUsers";
        case Op::kAddUser:
            return "addUser";
        case Op::kDisableUser:
            return "disableUser";
        case Op::kListTokens:
            return "listTokens";
        case Op::kCreateToken:
            return "createToken";
        case Op::kRevokeToken:
            return "revokeToken";
        case Op::kImport:
            return "importTable";
        case Op::kExport:
            return "exportLedger";
        case Op::kNeeds:
            return "needs";
        case Op::kRecommendations:
            return "requestRecommendations";
        case Op::kValuation:
            return "valuation";
        case Op::kClearance:
            return "clearance";
        case Op::kExportStats:
            return "exportStats";
        case Op::kChanges:
            return "listChanges";
        case Op::kTemplate:
            return "importTemplate";
        case Op::kCitations:
            return "sourceCitations";
        case Op::kReadReport:
            return "readReport";
        case Op::kReviewQueue:
            return "reviewQueue";
        case Op::kCloseReview:
            return "closeReview";
        case Op::kDuplicates:
            return "listDuplicates";
        case Op::kConfidence:
            return "confidence";
    }
    return "unknown";
}

std::string_view Tag(const Route& r) {
    if (r.kind || r.op == Op::kImport || r.op == Op::kExport || r.op == Op::kChanges ||
        r.op == Op::kTemplate || r.op == Op::kCitations || r.op == Op::kReadReport ||
        r.op == Op::kDuplicates || r.op == Op::kReviewQueue || r.op == Op::kCloseReview ||
        r.op == Op::kConfidence) {
        return "records";
    }
    switch (r.access) {
        case Access::kAdmin:
            return "accounts";
        case Access::kOpen:
        case Access::kRead:
        case Access::kWrite:
        case Access::kSignedIn:
            break;
    }
    if (r.op == Op::kSignIn || r.op == Op::kMe) return "accounts";
    if (r.op == Op::kHealth || r.op == Op::kMetrics || r.op == Op::kOpenApi) return "operations";
    return "figures";
}

OJson ErrorAnswer(std::string_view text) {
    return {{"description", text},
            {"headers", {{"X-Request-Id", {{"$ref", "#/components/headers/RequestId"}}}}},
            {"content", JsonContent(Ref("Error"))}};
}

// POST /sources/read without `accept`: the reading, as `aidledger read --format json`.
OJson ReadingSchema() {
    auto list = [](OJson items) { return OJson{{"type", "array"}, {"items", std::move(items)}}; };
    return {{"type", "object"},
            {"properties",
             {{"source", Ref("source")},
              {"sha256", {{"type", "string"}}},
              {"dated", {{"type", "boolean"}}},
              {"html", {{"type", "boolean"}}},
              {"notes", list({{"type", "string"}})},
              {"claims", list(Ref("claim"))},
              {"drafts", list({{"type", "object"}})},
              {"records",
               list({{"type", "object"},
                     {"properties",
                      {{"draft", {{"type", "string"}}},
                       {"kind",
                        {{"type", "string"}, {"enum", {"team", "donation", "cash", "commitment"}}}},
                       {"rule", {{"type", "string"}}},
                       {"record", {{"type", "object"}}}}},
                     {"required", {"draft", "kind", "rule", "record"}}})},
              {"proposals", list({{"type", "object"}})},
              {"matches", list({{"type", "object"}})}}},
            {"required",
             {"source", "sha256", "dated", "html", "notes", "claims", "drafts", "records"}}};
}

// POST /sources/read with `accept`: what was written.
OJson AcceptedSchema() {
    return {{"type", "object"},
            {"properties",
             {{"source", {{"type", "string"}}},
              {"created",
               {{"type", "array"},
                {"items",
                 {{"type", "object"},
                  {"properties",
                   {{"kind", {{"type", "string"}}},
                    {"id", {{"type", "string"}}},
                    {"version", {{"type", "integer"}}}}},
                  {"required", {"kind", "id", "version"}}}}}},
              {"cited", {{"type", "array"}, {"items", {{"type", "object"}}}}},
              {"reason", {{"type", "string"}}},
              {"text", {{"type", "string"}}}}},
            {"required", {"source", "created", "reason", "text"}}};
}

// The success body of a route.
OJson SuccessContent(const Route& r) {
    switch (r.op) {
        case Op::kMetrics:
            return {{"text/plain", {{"schema", {{"type", "string"}}}}}};
        case Op::kBriefing:
        case Op::kClaims: {
            OJson c = JsonContent(Ref(r.op == Op::kBriefing ? "Briefing" : "Claims"));
            c["text/markdown"] = {{"schema", {{"type", "string"}}}};
            c["text/plain"] = {{"schema", {{"type", "string"}}}};
            if (r.op == Op::kBriefing) c["text/html"] = {{"schema", {{"type", "string"}}}};
            return c;
        }
        case Op::kHealth:
            return JsonContent(Ref("Health"));
        case Op::kOpenApi:
            return JsonContent({{"type", "object"}});
        case Op::kFigures:
            return JsonContent(Ref("Figures"));
        case Op::kProfile:
            return JsonContent(Ref("Profile"));
        case Op::kNeeds:
            return JsonContent(Ref("Needs"));
        case Op::kRecommendations:
            return JsonContent(Ref("Recommendations"));
        case Op::kValuation:
            return JsonContent({{"type", "object"},
                                {"description",
                                 "as_of, provider_country, lists, lines (each with its reported "
                                 "value or one estimate per list: value or null with why), "
                                 "totals per list by currency, sources of the prices"}});
        case Op::kList:
            return JsonContent(Ref("Page_" + std::string(EnumName(*r.kind))));
        case Op::kGet:
        case Op::kCreate:
        case Op::kReplace:
        case Op::kPatch:
        case Op::kRetire:
        case Op::kRetirePost:
            return JsonContent(Ref("Stored_" + std::string(EnumName(*r.kind))));
        case Op::kHistory:
            return JsonContent(Ref("History_" + std::string(EnumName(*r.kind))));
        case Op::kAudit:
            return JsonContent(Ref("AuditPage"));
        case Op::kSignIn:
        case Op::kCreateToken:
            return JsonContent(Ref("NewToken"));
        case Op::kMe:
            return JsonContent(Ref("Me"));
        case Op::kListUsers:
            return JsonContent(
                {{"type", "object"},
                 {"properties", {{"users", {{"type", "array"}, {"items", Ref("User")}}}}},
                 {"required", {"users"}}});
        case Op::kAddUser:
        case Op::kDisableUser:
            return JsonContent(Ref("User"));
        case Op::kListTokens:
            return JsonContent(
                {{"type", "object"},
                 {"properties", {{"tokens", {{"type", "array"}, {"items", Ref("Token")}}}}},
                 {"required", {"tokens"}}});
        case Op::kImport:
            return JsonContent(Ref("ImportReport"));
        case Op::kClearance:
            return JsonContent(
                {{"type", "object"},
                 {"properties",
                  {{"period", {{"type", "object"}}},
                   {"total", {{"type", "object"}}},
                   {"verdicts", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                   {"held", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                   {"rejudged",
                    {{"type", "object"},
                     {"properties",
                      {{"rule_set", {{"type", "string"}}},
                       {"declarations", {{"type", "integer"}}},
                       {"changed", {{"type", "integer"}}},
                       {"verdicts", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                       {"changes", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
                     {"required",
                      {"rule_set", "declarations", "changed", "verdicts", "changes"}}}}}},
                 {"required", {"period", "total", "verdicts"}}});
        case Op::kChanges:
            return JsonContent(Ref("Changes"));
        case Op::kExportStats:
            return JsonContent({{"type", "object"},
                                {"properties",
                                 {{"period", {{"type", "object"}}},
                                  {"filters", {{"type", "object"}}},
                                  {"by", {{"type", "string"}}},
                                  {"cells", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
                                {"required", {"period", "filters", "by", "cells"}}});
        case Op::kTemplate:
            return {{"text/csv", {{"schema", {{"type", "string"}}}}}};
        case Op::kReadReport:
            return JsonContent(ReadingSchema());
        case Op::kReviewQueue:
            return JsonContent(
                {{"type", "object"},
                 {"properties",
                  {{"readings",
                    {{"type", "array"},
                     {"items",
                      {{"type", "object"},
                       {"properties",
                        {{"source", {{"type", "string"}}},
                         {"title", {{"type", {"string", "null"}}}},
                         {"published", {{"type", "string"}}},
                         {"drafts", {{"type", "integer"}}},
                         {"pending", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
                       {"required", {"source", "title", "published", "drafts", "pending"}}}}}}}},
                 {"required", {"readings"}}});
        case Op::kCloseReview:
            return JsonContent({{"type", "object"},
                                {"properties",
                                 {{"source", {{"type", "string"}}},
                                  {"version", {{"type", "integer"}}},
                                  {"reason", {{"type", "string"}}}}},
                                {"required", {"source", "version", "reason"}}});
        case Op::kDuplicates:
            return JsonContent(
                {{"type", "object"},
                 {"properties",
                  {{"at", {{"type", {"string", "null"}}}},
                   {"count", {{"type", "integer"}}},
                   {"listed", {{"type", "integer"}}},
                   {"duplicates", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
                 {"required", {"at", "count", "listed", "duplicates"}}});
        case Op::kConfidence:
            return JsonContent(
                {{"type", "object"},
                 {"description",
                  "One record (kind, id): at, record, grade, reasons, sources, origins, "
                  "contradicted_by, date. Figures (as_of): at, as_of, provider, synthetic, "
                  "figures, each with its confidence (grade, by_grade, weakest, reason)"},
                 {"properties",
                  {{"at", {{"type", {"string", "null"}}}},
                   {"record", {{"type", "object"}}},
                   {"grade",
                    {{"type", "string"},
                     {"enum", {"synthetic", "unverified", "low", "moderate", "high"}}}},
                   {"reasons", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                   {"sources", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                   {"as_of", {{"type", "string"}}},
                   {"figures", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
                 {"required", {"at"}}});
        case Op::kCitations:
            return JsonContent(
                {{"type", "object"},
                 {"properties",
                  {{"source", {{"type", "string"}}},
                   {"count", {{"type", "integer"}}},
                   {"citations", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
                 {"required", {"source", "count", "citations"}}});
        case Op::kExport: {
            OJson text = {{"schema", {{"type", "string"}}}};
            return {{"text/csv", text},
                    {"application/json", text},
                    {"application/xml", text},
                    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
        }
        case Op::kRevokeToken:
            return JsonContent(
                {{"type", "object"},
                 {"properties", {{"id", {{"type", "string"}}}, {"revoked", {{"type", "boolean"}}}}},
                 {"required", {"id", "revoked"}}});
    }
    return JsonContent({{"type", "object"}});
}

std::optional<OJson> RequestBody(const Route& r) {
    std::string kind = r.kind ? std::string(EnumName(*r.kind)) : "";
    switch (r.body) {
        case Body::kNone:
            return std::nullopt;
        case Body::kRecord:
            return OJson{{"required", true}, {"content", JsonContent(Ref(kind))}};
        case Body::kMergePatch:
            return OJson{{"required", true},
                         {"content",
                          {{"application/merge-patch+json",
                            {{"schema",
                              {{"type", "object"},
                               {"description", "An RFC 7386 merge patch of a " + kind +
                                                   " record: fields given replace the "
                                                   "record's, null makes a field unknown"}}}}},
                           {"application/json", {{"schema", {{"type", "object"}}}}}}}};
        case Body::kRetire:
            return OJson{{"required", false}, {"content", JsonContent(Ref("RetireRequest"))}};
        case Body::kSignIn:
            return OJson{{"required", true}, {"content", JsonContent(Ref("SignInRequest"))}};
        case Body::kNewUser:
            return OJson{{"required", true}, {"content", JsonContent(Ref("NewUserRequest"))}};
        case Body::kNewToken:
            return OJson{{"required", true}, {"content", JsonContent(Ref("NewTokenRequest"))}};
        case Body::kTable:
            return OJson{
                {"required", true},
                {"content",
                 {{"text/csv",
                   {{"schema",
                     {{"type", "string"},
                      {"description", "A CSV or HXL-tagged CSV table (docs/formats.md)"}}}}},
                  {"application/json",
                   {{"schema",
                     {{"type", "object"},
                      {"description",
                       "A JSON bundle (docs/formats.md), into an empty "
                       "ledger only"}}}}}}}};
        case Body::kReport: {
            OJson text = {{"schema",
                           {{"type", "string"},
                            {"description",
                             "A news report, at most 1 MiB (docs/reading.md): plain text, or "
                             "an HTML page whose text is read"}}}};
            // The JSON form carries the reviewer's edits of drafts with the report
            // (docs/reading.md "Editing drafts").
            OJson with_edits = {
                {"schema",
                 {{"type", "object"},
                  {"properties",
                   {{"report", {{"type", "string"}, {"description", "The report, as text/plain"}}},
                    {"edits",
                     {{"type", "object"},
                      {"description",
                       "With `accept`: a JSON merge patch of each draft to edit, by draft: \"3\" "
                       "(claim 3), \"t1\", \"d1\", \"m1\", \"p1\" (draft records)"},
                      {"additionalProperties", {{"type", "object"}}}}}}},
                  {"required", {"report"}},
                  {"additionalProperties", false}}}};
            return OJson{
                {"required", true},
                {"content",
                 {{"text/plain", text}, {"text/html", text}, {"application/json", with_edits}}}};
        }
    }
    return std::nullopt;
}

OJson Operation(const Route& r) {
    OJson op = OJson::object();
    op["operationId"] = OperationId(r);
    op["summary"] = r.summary;
    op["tags"] = {Tag(r)};
    OJson params = OJson::array();
    for (const Param& p : r.params) {
        OJson param = {{"name", p.name},
                       {"in", p.in},
                       {"description", p.description},
                       {"required", p.required || p.in == "path"},
                       {"schema", ParamSchema(p)}};
        if (p.repeatable) {
            param["style"] = "form";
            param["explode"] = true;
        }
        params.push_back(param);
    }
    if (!params.empty()) op["parameters"] = params;
    if (auto body = RequestBody(r)) op["requestBody"] = *body;

    OJson responses = OJson::object();
    OJson ok = {{"description", "Success"}, {"content", SuccessContent(r)}};
    ok["headers"] = {{"X-Request-Id", {{"$ref", "#/components/headers/RequestId"}}}};
    if (r.op == Op::kGet || r.op == Op::kReplace || r.op == Op::kPatch || r.op == Op::kRetire ||
        r.op == Op::kRetirePost || r.op == Op::kCreate || r.op == Op::kHistory) {
        ok["headers"]["ETag"] = {{"description", "The version, quoted: \"3\""},
                                 {"schema", {{"type", "string"}}}};
    }
    if (r.op == Op::kExport) {
        ok["headers"]["X-Export-Warning"] = {
            {"description",
             "What a person should know before passing the file on (IATI: providers with no IATI "
             "organisation identifier, whose activities carry the placeholder prefix); absent "
             "when there is nothing to say"},
            {"schema", {{"type", "string"}}}};
    }
    if (r.op == Op::kFigures || r.op == Op::kBriefing || r.op == Op::kClaims ||
        r.op == Op::kNeeds || r.op == Op::kRecommendations || r.op == Op::kValuation) {
        // docs/api.md "Figures and the ledger's sequence".
        OJson etag = {{"description",
                       "W/\"s<seq>-<hash of the query>\" for an answer computed at ledger "
                       "sequence seq (with `at`: the sequence the ledger stood at then)"},
                      {"schema", {{"type", "string"}}}};
        OJson seq = {{"description", "The ledger sequence the answer was computed at"},
                     {"schema", {{"type", "integer"}}}};
        ok["headers"]["ETag"] = etag;
        ok["headers"]["X-Ledger-Seq"] = seq;
        responses[std::to_string(ToInt(r.success))] = ok;
        responses["304"] = {
            {"description", "If-None-Match names this answer's ETag: the answer has not changed"},
            {"headers",
             {{"X-Request-Id", {{"$ref", "#/components/headers/RequestId"}}},
              {"ETag", etag},
              {"X-Ledger-Seq", seq}}}};
    }
    responses[std::to_string(ToInt(r.success))] = ok;
    responses["400"] = ErrorAnswer(
        "Malformed request: query parameter, header or JSON syntax "
        "(the field names the position)");
    if (r.access != Access::kOpen) {
        responses["401"] = ErrorAnswer(
            "No valid token (missing where required, unknown, "
            "revoked or expired)");
    }
    if (r.access == Access::kWrite || r.access == Access::kAdmin) {
        responses["403"] = ErrorAnswer("The token's role or organisation does not allow this");
    }
    bool has_path_param = r.path.find('{') != std::string::npos;
    if (has_path_param || r.op == Op::kCreate || r.op == Op::kCreateToken || r.op == Op::kNeeds) {
        responses["404"] = ErrorAnswer("No such record, party, user or token");
    }
    if (r.op == Op::kExport) {
        responses["403"] =
            ErrorAnswer("An editor bound to an organisation, unless the server reads unscoped");
    }
    if (r.op == Op::kCreate || r.op == Op::kAddUser || r.op == Op::kImport) {
        responses["409"] = ErrorAnswer("The id or name is taken (ids are never reused)");
    }
    if (r.op == Op::kReplace || r.op == Op::kPatch || r.op == Op::kRetire ||
        r.op == Op::kRetirePost) {
        responses["412"] = ErrorAnswer("If-Match names a version that is no longer current");
        responses["428"] = ErrorAnswer("If-Match is missing");
    }
    if (r.body != Body::kNone) {
        responses["413"] = ErrorAnswer("The body is larger than the server accepts");
        responses["422"] = ErrorAnswer(
            "The body is well-formed but invalid: unknown field, "
            "missing field, failed validation (field names it)");
    }
    if (r.op == Op::kImport) {
        responses["400"] = ErrorAnswer(
            "Malformed request, or a file that is not a table of records at all (empty, "
            "not UTF-8, a required column missing, a kind that cannot be told)");
        responses["422"] = {
            {"description", "Bad rows: the report lists every problem; nothing was written"},
            {"headers", {{"X-Request-Id", {{"$ref", "#/components/headers/RequestId"}}}}},
            {"content", JsonContent(Ref("ImportReport"))}};
    }
    if (r.op == Op::kReadReport) {
        responses["201"] = {
            {"description",
             "With `accept`: the source and the drafts chosen were written, in one batch"},
            {"headers", {{"X-Request-Id", {{"$ref", "#/components/headers/RequestId"}}}}},
            {"content", JsonContent(AcceptedSchema())}};
        responses["400"] = ErrorAnswer(
            "A bad parameter (accept, fill, published, id, twins, ...), a missing reason with "
            "`accept`, a bad edit (`edits.N`), or a body that is not text/plain, text/html or "
            "the JSON form (the field names it); "
            "nothing was written");
        responses["403"] = ErrorAnswer(
            "With `accept`: a viewer, or a record outside a bound editor's organisation");
        responses["409"] = ErrorAnswer("With `accept`: the source's or a draft's id is taken");
        responses["422"] = ErrorAnswer(
            "The report cannot be read (empty, not UTF-8, no text), or a draft fails the "
            "ledger's validation; nothing was written");
    }
    if (r.op == Op::kSignIn || r.op == Op::kAddUser) {
        responses["429"] = ErrorAnswer(
            "Too many failed sign-ins, or too many password hashes "
            "at once; see Retry-After");
    }
    responses["500"] = ErrorAnswer("Internal error: the message names the request id only");
    responses["503"] = ErrorAnswer("The ledger is locked or unavailable; try again");
    op["responses"] = responses;

    switch (r.access) {
        case Access::kOpen:
            op["security"] = OJson::array();
            break;
        case Access::kRead:
            op["security"] = {OJson::object(), {{"bearerAuth", OJson::array()}}};
            break;
        case Access::kWrite:
        case Access::kAdmin:
        case Access::kSignedIn:
            op["security"] = {{{"bearerAuth", OJson::array()}}};
            break;
    }
    return op;
}

std::string Build() {
    OJson doc = OJson::object();
    doc["openapi"] = "3.1.0";
    doc["info"] = {
        {"title", "aidledger API"},
        {"version", "1.0.0"},
        {"description",
         "An auditable, versioned ledger of international medical assistance. Every write "
         "needs a reason (X-Reason) and, for updates and retirements, If-Match with the "
         "version. Errors are {\"error\": {\"code\", \"message\", \"field\"}}. See docs/api.md."},
        {"license", {{"name", "Proprietary"}, {"identifier", "LicenseRef-aidledger"}}}};
    doc["servers"] = {{{"url", "/"}, {"description", "The server that serves this document"}}};
    doc["tags"] = {
        {{"name", "figures"}, {"description", "Figures, briefings, claims and party profiles"}},
        {{"name", "records"}, {"description", "Records of every kind, with their history"}},
        {{"name", "accounts"}, {"description", "Sign-in, users, tokens and the audit log"}},
        {{"name", "operations"}, {"description", "Health, metrics and this document"}}};
    OJson paths = OJson::object();
    for (const Route& r : Routes()) {
        std::string method(r.method);
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        paths[r.path][method] = Operation(r);
    }
    doc["paths"] = paths;
    doc["components"] = OpenApiComponents();
    return doc.dump(2);
}

}  // namespace

const std::string& OpenApiDocument() {
    static const std::string document = Build();
    return document;
}

}  // namespace aidledger::api
