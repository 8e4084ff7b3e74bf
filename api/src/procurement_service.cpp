#include "procurement_service.h"

#include "aidledger/core/needs.h"
#include "aidledger/core/recommend.h"
#include "aidledger/core/validate.h"
#include "aidledger/io/procurement_json.h"

namespace aidledger::api {

Result<std::string> NeedsAnswer(const LedgerView& view, const std::optional<std::string>& as_of,
                                const std::optional<std::string>& recipient) {
    if (!as_of) return Error::Invalid("as_of", "required");
    auto day = ParseDate(*as_of, "as_of");
    if (!day) return day.take_error();
    NeedsQuery q;
    q.as_of = *day;
    if (recipient) {
        if (recipient->empty() || recipient->size() > kMaxIdLength) {
            return Error::Invalid("recipient", "expected a party id of 1-" +
                                                   std::to_string(kMaxIdLength) + " characters");
        }
        q.recipient = *recipient;
    }
    auto needs = ComputeNeeds(view, q);
    if (!needs) return needs.take_error();
    return json::NeedsJson(view, *needs);
}

Result<std::string> RecommendationsAnswer(const LedgerView& view, const std::string& request_id) {
    if (request_id.size() > kMaxIdLength) {
        return Error::NotFound("id",
                               "no request \"" + request_id.substr(0, kMaxIdLength) + "...\"");
    }
    auto rec = Recommend(view, request_id);
    if (!rec) {
        Error e = rec.take_error();
        e.field = "id";
        return e;
    }
    return json::RecommendationsJson(view, *rec);
}

}  // namespace aidledger::api
