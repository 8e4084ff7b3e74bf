#include "aidledger/app/params.h"

#include <algorithm>

namespace aidledger::app {

std::string FieldName(std::string_view name, Spelling spelling) {
    bool positional =
        std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (positional || spelling == Spelling::kQuery) return std::string(name);
    std::string flag = "--";
    for (char c : name) flag += c == '_' ? '-' : c;
    return flag;
}

std::optional<std::string> One(const Params& params, std::string_view name) {
    auto it = params.find(name);
    if (it == params.end() || it->second.empty()) return std::nullopt;
    return it->second.front();
}

std::vector<std::string> All(const Params& params, std::string_view name) {
    auto it = params.find(name);
    return it == params.end() ? std::vector<std::string>{} : it->second;
}

Result<std::optional<Kind>> KindParam(const Params& params, std::string_view name,
                                      Spelling spelling) {
    auto text = One(params, name);
    if (!text) return std::optional<Kind>();
    auto kind = ParseEnum<Kind>(*text);
    if (!kind) {
        return Error::Invalid(FieldName(name, spelling),
                              "unknown kind \"" + *text + "\": expected " + EnumChoices<Kind>());
    }
    return std::optional<Kind>(*kind);
}

Result<std::optional<Date>> DateParam(const Params& params, std::string_view name,
                                      Spelling spelling) {
    auto text = One(params, name);
    if (!text) return std::optional<Date>();
    auto d = ParseDate(*text, FieldName(name, spelling));
    if (!d) return d.take_error();
    return std::optional<Date>(*d);
}

Result<std::optional<LedgerTime>> LedgerTimeParam(const Params& params, std::string_view name,
                                                  Spelling spelling) {
    auto text = One(params, name);
    if (!text) return std::optional<LedgerTime>();
    auto t = ParseLedgerTime(*text, FieldName(name, spelling));
    if (!t) return t.take_error();
    return std::optional<LedgerTime>(*t);
}

}  // namespace aidledger::app
