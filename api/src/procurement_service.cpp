#include "procurement_service.h"

#include <nlohmann/json.hpp>

#include "aidledger/app/figure_query.h"
#include "aidledger/core/needs.h"
#include "aidledger/core/recommend.h"
#include "aidledger/core/synthetic.h"
#include "aidledger/core/validate.h"
#include "aidledger/io/procurement_json.h"

namespace aidledger::api {

Result<std::string> NeedsAnswer(const LedgerView& all, const std::optional<std::string>& as_of,
                                const std::optional<std::string>& recipient,
                                const std::optional<std::string>& synthetic_text) {
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
    app::Params params;
    if (synthetic_text) params["synthetic"].push_back(*synthetic_text);
    auto synthetic = app::SyntheticParam(params, app::Spelling::kQuery);
    if (!synthetic) return synthetic.take_error();
    auto [view, note] = ChooseSynthetic(all, *synthetic);
    auto needs = ComputeNeeds(view, q);
    if (!needs) return needs.take_error();
    std::string body = json::NeedsJson(view, *needs);
    auto sentence = SyntheticSentence(note);
    if (!sentence) return body;
    // What was left out, beside the answer (an object), as figures and briefings say it.
    auto with = nlohmann::ordered_json::parse(body);
    with["synthetic"] = {{"mode", EnumName(note.mode)}, {"note", *sentence}};
    return with.dump(2);
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
