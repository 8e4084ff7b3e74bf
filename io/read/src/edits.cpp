// ParseEdits: a reviewer's edits of drafts, each a JSON merge patch of the draft.
#include <nlohmann/json.hpp>

#include "aidledger/io/json_codec.h"
#include "aidledger/io/read.h"

namespace aidledger::read {

Result<std::map<std::string, Record>> ParseEdits(std::string_view json, const Reading& reading,
                                                 std::string_view field) {
    const std::string name(field);
    // Malformed JSON, a repeated key or a number out of range: named by line and column.
    if (auto checked = json::CheckJsonText(json, name); !checked) return checked.take_error();
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (!parsed.is_object()) {
        return Error::Invalid(name, "expected an object of drafts: {\"3\": CLAIM, \"t1\": TEAM}");
    }
    std::map<std::string, Record> out;
    for (const auto& [label, value] : parsed.items()) {
        std::string where = name;
        where += '.';
        where += label;
        const Record* draft = nullptr;
        for (const DraftRecord& d : reading.records) {
            if (d.label == label) draft = &d.record;
        }
        std::optional<Record> claim;
        if (draft == nullptr && !label.empty() &&
            label.find_first_not_of("0123456789") == std::string::npos && label.size() <= 6) {
            std::size_t n = std::stoul(label);
            if (n >= 1 && n <= reading.claims.size()) claim = Record{reading.claims[n - 1].claim};
        }
        if (claim) draft = &*claim;
        if (draft == nullptr) {
            return Error::Invalid(where,
                                  "no such draft: give a draft claim's number (1, 2, ...) "
                                  "or a draft record's label (t1, d1, m1, p1)");
        }
        if (!value.is_object())
            return Error::Invalid(where, "expected the edited record (an object)");
        auto edited = json::MergePatch(*draft, value.dump(), where);
        if (!edited) {
            Error e = edited.take_error();
            // The record's own paths ("value") under the draft's ("edits.3.value").
            auto under = [&](std::string& f) {
                if (f.starts_with(where)) return;
                std::string full = where;
                if (!f.empty()) {
                    full += '.';
                    full += f;
                }
                f = std::move(full);
            };
            under(e.field);
            for (Problem& p : e.problems) under(p.field);
            return e;
        }
        if (IdOf(*edited) != IdOf(*draft)) {
            return Error::Invalid(where + ".id", "a draft keeps its id, " + IdOf(*draft));
        }
        out.emplace(label, std::move(*edited));
    }
    return out;
}

}  // namespace aidledger::read
