#include "aidledger/app/record_query.h"

#include <algorithm>
#include <variant>

namespace aidledger::app {

std::vector<std::string> FieldNamesOf(Kind kind) {
    std::vector<std::string> names;
    auto collect = [&names](std::string_view name, auto&, auto&&...) { names.emplace_back(name); };
    Record record = MakeRecord(kind);
    std::visit([&](auto& r) { VisitFields(r, collect); }, record);
    return names;
}

Result<Filters> ParseFilters(Kind kind, const std::vector<std::string>& texts, Spelling spelling) {
    Filters out;
    std::vector<std::string> names;
    for (const auto& text : texts) {
        auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0) {
            return Error::Invalid(FieldName("filter", spelling),
                                  "expected FIELD=VALUE, got \"" + text + "\"");
        }
        std::string field = text.substr(0, eq);
        if (names.empty()) names = FieldNamesOf(kind);
        if (std::find(names.begin(), names.end(), field) == names.end()) {
            std::string choices;
            for (const auto& n : names) choices += (choices.empty() ? "" : ", ") + n;
            return Error::Invalid(FieldName("filter", spelling),
                                  "unknown field \"" + field + "\" of " +
                                      std::string(EnumName(kind)) + ": FIELD one of " + choices);
        }
        out.emplace_back(std::move(field), text.substr(eq + 1));
    }
    return out;
}

}  // namespace aidledger::app
