// The components of the OpenAPI document: the error body, money, citations, version metadata,
// every record kind's schema and its stored form, and the shared headers and security scheme.
#include "aidledger/core/records.h"
#include "openapi_schema.h"

namespace aidledger::api {

OJson OpenApiComponents() {
    OJson schemas = OJson::object();
    OJson problem = {
        {"type", "object"},
        {"properties", {{"field", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}};
    OJson error = {{"type", "object"},
                   {"required", {"code", "message", "field", "request_id"}},
                   {"properties",
                    {{"code", {{"type", "string"}}},
                     {"message", {{"type", "string"}}},
                     {"field", {{"type", {"string", "null"}}}},
                     {"request_id", {{"type", "string"}}},
                     {"problems", {{"type", "array"}, {"items", problem}}}}}};
    schemas["Error"] = {
        {"type", "object"}, {"required", {"error"}}, {"properties", {{"error", error}}}};
    schemas["Money"] = {{"type", "object"},
                        {"properties",
                         {{"minor",
                           {{"type", "integer"},
                            {"format", "int64"},
                            {"description", "Amount in minor units (cents, fen)"}}},
                          {"currency", {{"type", "string"}, {"description", "ISO 4217"}}}}},
                        {"required", {"minor", "currency"}},
                        {"additionalProperties", false}};
    schemas["Citation"] = {{"type", "object"},
                           {"properties",
                            {{"source", {{"type", "string"}, {"description", "Id of a source"}}},
                             {"excerpt", {{"type", "string"}}}}},
                           {"required", {"source", "excerpt"}},
                           {"additionalProperties", false}};
    schemas["Meta"] = {
        {"type", "object"},
        {"properties",
         {{"version", {{"type", "integer"}}},
          {"seq", {{"type", "integer"}}},
          {"recorded_at", {{"type", "string"}, {"format", "date-time"}}},
          {"author", {{"type", "string"}}},
          {"reason", {{"type", "string"}}},
          {"retired", {{"type", "boolean"}}}}},
        {"required", {"version", "seq", "recorded_at", "author", "reason", "retired"}}};
    for (std::size_t k = 0; k < kKindCount; ++k) {
        auto kind = static_cast<Kind>(k);
        std::string name(EnumName(kind));
        schemas[name] = RecordSchema(kind);
        OJson stored = {{"type", "object"},
                        {"properties",
                         {{"kind", {{"const", name}}},
                          {"id", {{"type", "string"}}},
                          {"meta", Ref("Meta")},
                          {"record", Ref(name)}}},
                        {"required", {"kind", "id", "meta", "record"}}};
        schemas["Stored_" + name] = stored;
        schemas["Page_" + name] = {
            {"type", "object"},
            {"properties",
             {{"kind", {{"const", name}}},
              {"limit", {{"type", "integer"}}},
              {"total", {{"type", "integer"}, {"description", "Matching records (with `sort`)"}}},
              {"next_cursor", {{"type", {"string", "null"}}}},
              {"records", {{"type", "array"}, {"items", Ref("Stored_" + name)}}}}},
            {"required", {"kind", "limit", "next_cursor", "records"}}};
        OJson version = stored;
        version["properties"]["change"] = {{"enum", {"created", "changed", "retired"}}};
        version["properties"]["changed_fields"] = {{"type", "array"},
                                                   {"items", {{"type", "string"}}}};
        schemas["History_" + name] = {{"type", "object"},
                                      {"properties",
                                       {{"kind", {{"const", name}}},
                                        {"id", {{"type", "string"}}},
                                        {"versions", {{"type", "array"}, {"items", version}}}}},
                                      {"required", {"kind", "id", "versions"}}};
    }
    // The API adds it to the CLI's JSON (docs/api.md "Figures and the ledger's sequence").
    const OJson answer_seq = {
        {"type", "integer"},
        {"description", "The ledger sequence the answer was computed at (also X-Ledger-Seq)"}};
    OJson figure = {{"type", "object"},
                    {"description",
                     "One figure; keys such as host_country, recipient, product "
                     "or currency appear as extra members"},
                    {"properties",
                     {{"metric", {{"type", "string"}}},
                      {"certain", {{"type", {"integer", "null"}}}},
                      {"possible", {{"type", {"integer", "null"}}}},
                      {"exact", {{"type", "boolean"}}},
                      {"records", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                      {"uncertain", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                      {"unknown_values", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                      {"sources", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                      {"unsourced",
                       {{"type", "array"},
                        {"items", {{"type", "string"}}},
                        {"description", "The records (of `records`) that cite no source"}}},
                      {"basis", {{"type", "string"}}},
                      {"period", {{"type", "string"}}},
                      {"rate_missing",
                       {{"type", "boolean"},
                        {"description",
                         "Asked in a reporting currency with a rate missing: certain and "
                         "possible are null; `conversions` says which rate"}}},
                      {"conversions",
                       {{"type", "array"},
                        {"description",
                         "Asked in a reporting currency (`currency`): the parts in other "
                         "currencies (minor units of `from`), each with the rate record it was "
                         "converted at, or `rate` null and `missing`"},
                        {"items", {{"type", "object"}}}}}}},
                    {"required", {"metric", "certain", "possible", "exact", "records"}}};
    schemas["Figure"] = figure;
    OJson provider = {{"type", "object"},
                      {"properties",
                       {{"country", {{"type", {"string", "null"}}}},
                        {"kinds", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
    schemas["Synthetic"] = {
        {"type", "object"},
        {"description",
         "Which records were counted: synthetic ones (made by `aidledger generate`) are left out "
         "by default when the ledger holds real records (query parameter `synthetic`)"},
        {"properties",
         {{"mode", {{"enum", {"include", "exclude", "only"}}}},
          {"by_default", {{"type", "boolean"}}},
          {"left_out", {{"type", "integer"}}},
          {"real_counted", {{"type", "integer"}}},
          {"synthetic_counted", {{"type", "integer"}}},
          {"note", {{"type", {"string", "null"}}}}}},
        {"required", {"mode", "by_default", "left_out", "note"}}};
    schemas["Figures"] = {
        {"type", "object"},
        {"properties",
         {{"as_of", DateSchema()},
          {"at", {{"type", {"string", "null"}}}},
          {"provider", provider},
          {"period", {{"type", "string"}}},
          {"currency",
           {{"type", {"string", "null"}},
            {"description", "The reporting currency asked (`currency`), else null"}}},
          {"synthetic", Ref("Synthetic")},
          {"figures", {{"type", "array"}, {"items", Ref("Figure")}}},
          {"seq", answer_seq}}},
        {"required", {"as_of", "at", "provider", "period", "synthetic", "figures", "seq"}}};
    schemas["ClaimCheck"] = {
        {"type", "object"},
        {"properties",
         {{"id", {{"type", "string"}}},
          {"metric", {{"type", "string"}}},
          {"value", {{"type", {"integer", "null"}}}},
          {"qualifier", {{"type", "string"}}},
          {"stated_on", DateSchema()},
          {"as_of", {{"type", {"string", "null"}}}},
          {"provider", provider},
          {"source", {{"type", {"string", "null"}}}},
          {"excerpt", {{"type", {"string", "null"}}}},
          {"verdict", {{"enum", {"agrees", "disagrees", "ledger_incomplete", "unknown"}}}},
          {"within_range", {{"type", "boolean"}}},
          {"scope", {{"type", "string"}}},
          {"weak", {{"type", "boolean"}}},
          {"why", {{"type", "string"}}},
          {"ledger", {{"type", "object"}}}}},
        {"required", {"id", "metric", "value", "verdict", "scope", "why", "ledger"}}};
    schemas["TalkingPoint"] = {
        {"type", "object"},
        {"properties",
         {{"topic", {{"type", "string"}}},
          {"text", {{"type", "string"}}},
          {"figures", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"records", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"sources", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"claims", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
        {"required", {"topic", "text", "figures", "records", "sources", "claims"}}};
    schemas["FigureChange"] = {
        {"type", "object"},
        {"properties",
         {{"metric", {{"type", "string"}}},
          {"before", {{"oneOf", {Ref("Figure"), {{"type", "null"}}}}}},
          {"after", {{"oneOf", {Ref("Figure"), {{"type", "null"}}}}}},
          {"added", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"removed", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"versions", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
        {"required", {"metric", "before", "after", "added", "removed", "versions"}}};
    schemas["Claims"] = {{"type", "array"}, {"items", Ref("ClaimCheck")}};
    schemas["Briefing"] = {
        {"type", "object"},
        {"properties",
         {{"as_of", DateSchema()},
          {"at", {{"type", {"string", "null"}}}},
          {"provider", provider},
          {"scope", {{"type", "string"}}},
          {"period", {{"type", "string"}}},
          {"currency",
           {{"type", {"string", "null"}},
            {"description", "The reporting currency asked (`currency`), else null"}}},
          {"synthetic", Ref("Synthetic")},
          {"talking_points", {{"type", "array"}, {"items", Ref("TalkingPoint")}}},
          {"figures", {{"type", "array"}, {"items", Ref("Figure")}}},
          {"published", {{"type", "array"}, {"items", Ref("ClaimCheck")}}},
          {"claims", {{"type", "array"}, {"items", Ref("ClaimCheck")}}},
          {"sources", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"baseline", {{"type", "object"}}},
          {"changes", {{"type", "array"}, {"items", Ref("FigureChange")}}},
          {"seq", answer_seq}}},
        {"required",
         {"as_of", "talking_points", "figures", "published", "claims", "sources", "seq"}}};
    OJson entry = {{"type", "object"},
                   {"properties",
                    {{"kind", {{"type", "string"}}},
                     {"id", {{"type", "string"}}},
                     {"from", {{"type", "string"}}},
                     {"to", {{"type", "string"}}},
                     {"when", {{"type", {"string", "null"}}}},
                     {"record", {{"type", "object"}}}}},
                   {"required", {"kind", "id", "when", "record"}}};
    schemas["Profile"] = {{"type", "object"},
                          {"properties",
                           {{"party", Ref("party")},
                            {"at", {{"type", {"string", "null"}}}},
                            {"received_by_kind",
                             {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}},
                            {"received", {{"type", "array"}, {"items", entry}}},
                            {"given", {{"type", "array"}, {"items", entry}}},
                            {"requested", {{"type", "array"}, {"items", entry}}}}},
                          {"required", {"party", "received", "given", "requested"}}};
    OJson refs = {{"type", "array"}, {"items", {{"type", "string"}}}};
    OJson quantity = {{"type", "object"},
                      {"description",
                       "A summed quantity as of D: certain (surely by D) and possible (may have "
                       "by D) over known quantities; records whose quantity is unknown are "
                       "listed in unknown_values (the quantity is then at least certain)"},
                      {"properties",
                       {{"certain", {{"type", "integer"}}},
                        {"possible", {{"type", "integer"}}},
                        {"exact", {{"type", "boolean"}}},
                        {"records", refs},
                        {"unknown_values", refs}}},
                      {"required", {"certain", "possible", "exact", "records", "unknown_values"}}};
    schemas["Quantity"] = quantity;
    schemas["Gap"] = {{"type", "object"},
                      {"description",
                       "Requested minus delivered, never below zero: at least min, at most max "
                       "(null: no upper bound, a requested quantity is unknown)"},
                      {"properties",
                       {{"min", {{"type", "integer"}}},
                        {"max", {{"type", {"integer", "null"}}}},
                        {"exact", {{"type", "boolean"}}},
                        {"unknown", {{"type", "boolean"}}}}},
                      {"required", {"min", "max", "exact", "unknown"}}};
    OJson nullable_string = {{"type", {"string", "null"}}};
    OJson need_item = {
        {"type", "object"},
        {"properties",
         {{"item", nullable_string},
          {"item_name", nullable_string},
          {"unit", nullable_string},
          {"requested", Ref("Quantity")},
          {"pledged", Ref("Quantity")},
          {"shipped", Ref("Quantity")},
          {"delivered", Ref("Quantity")},
          {"gap", Ref("Gap")}}},
        {"required", {"item", "requested", "pledged", "shipped", "delivered", "gap"}}};
    OJson need_request = {{"type", "object"},
                          {"properties",
                           {{"rank", {{"type", "integer"}}},
                            {"id", {{"type", "string"}}},
                            {"requester", {{"type", "string"}}},
                            {"request_kind", {{"type", "string"}}},
                            {"channel", {{"type", "string"}}},
                            {"asked_on", {{"type", "string"}}},
                            {"certain", {{"type", "boolean"}}},
                            {"outcome", {{"type", "string"}}},
                            {"gap", {{"oneOf", {Ref("Gap"), {{"type", "null"}}}}}},
                            {"specialties", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
                          {"required", {"rank", "id", "request_kind", "asked_on", "gap"}}};
    OJson need_recipient = {{"type", "object"},
                            {"properties",
                             {{"recipient", {{"type", "string"}}},
                              {"name", nullable_string},
                              {"items", {{"type", "array"}, {"items", need_item}}},
                              {"requests", {{"type", "array"}, {"items", need_request}}},
                              {"teams_sent", {{"oneOf", {Ref("Quantity"), {{"type", "null"}}}}}}}},
                            {"required", {"recipient", "items", "requests"}}};
    schemas["Needs"] = {{"type", "object"},
                        {"properties",
                         {{"as_of", DateSchema()},
                          {"at", nullable_string},
                          {"recipient", nullable_string},
                          {"recipients", {{"type", "array"}, {"items", need_recipient}}},
                          {"synthetic",
                           {{"type", "object"},
                            {"description",
                             "Present when synthetic records were left out or counted: `mode` "
                             "and `note`"}}},
                          {"seq", answer_seq}}},
                        {"required", {"as_of", "at", "recipient", "recipients", "seq"}}};
    OJson certificate = {{"type", "object"},
                         {"properties",
                          {{"scheme", {{"type", "string"}}},
                           {"number", {{"type", "string"}}},
                           {"category", {{"type", "string"}}},
                           {"valid_from", DateSchema()},
                           {"valid_to", nullable_string}}},
                         {"required", {"scheme", "number", "category", "valid_from", "valid_to"}}};
    OJson match = {{"type", "object"},
                   {"properties",
                    {{"party", {{"type", "string"}}},
                     {"name", nullable_string},
                     {"manufacturer", nullable_string},
                     {"verdict",
                      {{"enum",
                        {"cleared", "not_listed", "delisted", "certificate_expired",
                         "certificate_not_yet_valid", "product_not_covered", "unknown_product"}}}},
                     {"detail", {{"type", "string"}}},
                     {"certificate", {{"oneOf", {certificate, {{"type", "null"}}}}}},
                     {"listed_on", {{"type", "string"}}},
                     {"delisted_on", nullable_string}}},
                   {"required", {"party", "manufacturer", "verdict", "detail", "certificate"}}};
    OJson category = {{"type", "object"},
                      {"properties",
                       {{"category", {{"type", "string"}}},
                        {"items", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                        {"recommended", {{"type", "array"}, {"items", match}}},
                        {"excluded", {{"type", "array"}, {"items", match}}}}},
                      {"required", {"category", "items", "recommended", "excluded"}}};
    schemas["Recommendations"] = {
        {"type", "object"},
        {"properties",
         {{"request", {{"type", "string"}}},
          {"requester", {{"type", "string"}}},
          {"requester_name", nullable_string},
          {"request_kind", {{"type", "string"}}},
          {"asked_on", {{"type", "string"}}},
          {"judged_on", DateSchema()},
          {"at", nullable_string},
          {"categories", {{"type", "array"}, {"items", category}}},
          {"uncategorised_items", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"names_no_items", {{"type", "boolean"}}},
          {"seq", answer_seq}}},
        {"required", {"request", "judged_on", "categories", "uncategorised_items", "seq"}}};
    schemas["Health"] = {{"type", "object"},
                         {"properties",
                          {{"status", {{"const", "ok"}}},
                           {"live_records", {{"type", "integer"}}},
                           {"versions", {{"type", "integer"}}},
                           {"last_recorded_at", {{"type", {"string", "null"}}}},
                           {"events",
                            {{"type", {"object", "null"}},
                             {"description", "Earliest and latest event date in the ledger"},
                             {"properties",
                              {{"earliest", {{"type", "string"}, {"format", "date"}}},
                               {"latest", {{"type", "string"}, {"format", "date"}}}}}}}}},
                         {"required", {"status"}}};
    schemas["AuditPage"] = {{"type", "object"},
                            {"properties",
                             {{"entries",
                               {{"type", "array"},
                                {"items",
                                 {{"type", "object"},
                                  {"properties",
                                   {{"seq", {{"type", "integer"}}},
                                    {"at", {{"type", "string"}, {"format", "date-time"}}},
                                    {"actor", {{"type", "string"}}},
                                    {"action", {{"type", "string"}}},
                                    {"target", {{"type", "string"}}},
                                    {"outcome", {{"enum", {"ok", "denied", "failed"}}}},
                                    {"reason", {{"type", "string"}}},
                                    {"request_id", {{"type", "string"}}},
                                    {"detail", {{"type", "string"}}}}}}}}},
                              {"next_after", {{"type", {"integer", "null"}}}}}},
                            {"required", {"entries", "next_after"}}};
    OJson change = {
        {"type", "object"},
        {"description", "One version written to the ledger (GET .../history has its body)"},
        {"properties",
         {{"seq", {{"type", "integer"}, {"description", "Ledger sequence"}}},
          {"kind", {{"type", "string"}}},
          {"id", {{"type", "string"}}},
          {"version", {{"type", "integer"}}},
          {"op", {{"enum", {"create", "update", "retire"}}}},
          {"author", {{"type", "string"}}},
          {"reason", {{"type", "string"}}},
          {"recorded_at", {{"type", "string"}, {"format", "date-time"}}}}},
        {"required", {"seq", "kind", "id", "version", "op", "author", "reason", "recorded_at"}}};
    schemas["Changes"] = {
        {"type", "object"},
        {"properties",
         {{"since", {{"type", "integer"}}},
          {"limit", {{"type", "integer"}}},
          {"changes", {{"type", "array"}, {"items", change}}},
          {"next",
           {{"type", "integer"},
            {"description",
             "The `since` of the next page: the last sequence this page looked at (past the "
             "changes the reader may not see)"}}},
          {"more", {{"type", "boolean"}, {"description", "Whether versions follow `next`"}}},
          {"seq", {{"type", "integer"}, {"description", "The ledger's latest sequence"}}}}},
        {"required", {"since", "limit", "changes", "next", "more", "seq"}}};
    OJson role = {{"enum", {"viewer", "editor", "admin"}}};
    schemas["User"] = {{"type", "object"},
                       {"properties",
                        {{"name", {{"type", "string"}}},
                         {"role", role},
                         {"org", {{"type", {"string", "null"}}}},
                         {"disabled", {{"type", "boolean"}}},
                         {"has_password", {{"type", "boolean"}}},
                         {"created_at", {{"type", "string"}, {"format", "date-time"}}}}},
                       {"required", {"name", "role", "org", "disabled"}}};
    OJson token_props = {{"id", {{"type", "string"}}},
                         {"user", {{"type", "string"}}},
                         {"label", {{"type", "string"}}},
                         {"created_at", {{"type", "string"}, {"format", "date-time"}}},
                         {"expires_at", {{"type", {"string", "null"}}}},
                         {"revoked_at", {{"type", {"string", "null"}}}}};
    schemas["Token"] = {{"type", "object"},
                        {"properties", token_props},
                        {"required", {"id", "user", "created_at"}}};
    OJson new_token_props = token_props;
    new_token_props["token"] = {{"type", "string"},
                                {"description", "The secret: shown in this answer only"}};
    schemas["NewToken"] = {
        {"type", "object"}, {"properties", new_token_props}, {"required", {"id", "user", "token"}}};
    OJson counts = {{"type", "object"},
                    {"properties",
                     {{"created", {{"type", "integer"}}},
                      {"updated", {{"type", "integer"}}},
                      {"unchanged", {{"type", "integer"}}},
                      {"rejected", {{"type", "integer"}}}}},
                    {"required", {"created", "updated", "unchanged", "rejected"}}};
    OJson row_problem = {{"type", "object"},
                         {"properties",
                          {{"file", {{"type", "string"}}},
                           {"line", {{"type", "integer"}}},
                           {"column", {{"type", "integer"}}},
                           {"field", {{"type", "string"}}},
                           {"message", {{"type", "string"}}}}},
                         {"required", {"file", "line", "column", "field", "message"}}};
    schemas["ImportReport"] = {
        {"type", "object"},
        {"description",
         "What an import did or would do (a dry run reports the same as the import); a 422 "
         "answer also has `error`"},
        {"properties",
         {{"dry_run", {{"type", "boolean"}}},
          {"ok", {{"type", "boolean"}}},
          {"rows", counts},
          {"records", counts},
          {"problems", {{"type", "array"}, {"items", row_problem}}},
          {"skipped",
           {{"type", "array"},
            {"items", row_problem},
            {"description",
             "IATI and FTS files: what was read and deliberately not imported, with why"}}},
          {"review",
           {{"type", "array"},
            {"items", {{"type", "string"}}},
            {"description",
             "IATI and FTS files: organisations matched by name or kept apart from a similar "
             "party, and the parties and items the import creates"}}},
          {"text", {{"type", "string"}, {"description", "The report as the CLI prints it"}}},
          {"bundle", {{"type", "object"}, {"description", "A restored JSON bundle's summary"}}},
          {"error", {{"type", "object"}}}}},
        {"required", {"dry_run", "ok", "text"}}};
    schemas["Me"] = {
        {"type", "object"},
        {"properties",
         {{"user", {{"type", "string"}}}, {"role", role}, {"org", {{"type", {"string", "null"}}}}}},
        {"required", {"user", "role", "org"}}};
    schemas["RetireRequest"] = {{"type", "object"},
                                {"properties", {{"reason", {{"type", "string"}}}}},
                                {"additionalProperties", false}};
    schemas["SignInRequest"] = {{"type", "object"},
                                {"properties",
                                 {{"user", {{"type", "string"}}},
                                  {"password", {{"type", "string"}}},
                                  {"label", {{"type", "string"}}}}},
                                {"required", {"user", "password"}},
                                {"additionalProperties", false}};
    schemas["NewUserRequest"] = {
        {"type", "object"},
        {"properties",
         {{"name", {{"type", "string"}}},
          {"role", role},
          {"org", {{"type", "string"}, {"description", "Party id (editors only)"}}},
          {"password", {{"type", "string"}, {"minLength", 8}}}}},
        {"required", {"name", "role"}},
        {"additionalProperties", false}};
    schemas["NewTokenRequest"] = {
        {"type", "object"},
        {"properties",
         {{"user", {{"type", "string"}}},
          {"label", {{"type", "string"}}},
          {"expires_in_days", {{"type", "integer"}, {"minimum", 1}, {"maximum", 3650}}}}},
        {"required", {"user"}},
        {"additionalProperties", false}};
    OJson components = OJson::object();
    components["schemas"] = schemas;
    components["headers"] = {{"RequestId",
                              {{"description", "The request's id, also in the server log"},
                               {"schema", {{"type", "string"}}}}}};
    components["securitySchemes"] = {
        {"bearerAuth",
         {{"type", "http"},
          {"scheme", "bearer"},
          {"description", "A token from `aidledger token create` or POST /api/v1/auth/token"}}}};
    return components;
}

}  // namespace aidledger::api
