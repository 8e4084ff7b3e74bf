#include "aidledger/io/fts_json.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "aidledger/core/sha256.h"

namespace aidledger::json {
namespace {

constexpr std::size_t kLookWithin = std::size_t{64} * 1024;

// The offset just after the '[' of the "flows" array, or npos.
std::size_t FlowsArray(std::string_view text) {
    std::size_t from = 0;
    while (true) {
        std::size_t key = text.find("\"flows\"", from);
        if (key == std::string_view::npos) return key;
        std::size_t i = key + 7;
        while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) != 0)) ++i;
        if (i < text.size() && text[i] == ':') {
            ++i;
            while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) != 0)) ++i;
            if (i < text.size() && text[i] == '[') return i + 1;
        }
        from = key + 1;
    }
}

// The end (one past the closing brace or bracket) of the JSON value starting at `begin`, or
// npos when it never ends.
std::size_t ValueEnd(std::string_view text, std::size_t begin) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = begin; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) return i + 1;
        }
    }
    return std::string_view::npos;
}

std::string Str(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    if (v.is_number()) {
        // Amounts: print without exponent, enough digits for cents.
        std::string s = v.dump();
        return s;
    }
    return "";
}

}  // namespace

bool LooksLikeFtsFlows(std::string_view text) {
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) != 0)) ++i;
    if (i >= text.size() || text[i] != '{') return false;
    std::size_t flows = FlowsArray(text.substr(0, std::min(text.size(), kLookWithin)));
    return flows != std::string_view::npos;
}

Result<foreign::File> ReadFtsFlows(std::string_view text, std::string name,
                                   const foreign::ReadOptions& options) {
    foreign::File file;
    file.name = std::move(name);
    file.format = "OCHA FTS flows (JSON)";
    file.sha256 = Sha256Hex(text);
    std::size_t at = FlowsArray(text);
    if (at == std::string_view::npos) {
        return Error::Invalid(file.name, "is not FTS flow JSON (no \"flows\" array)");
    }
    std::int64_t line = 1;
    std::size_t line_start = 0;
    std::size_t counted = 0;
    auto place = [&](std::size_t offset, std::int64_t index) {
        for (; counted < offset; ++counted) {
            if (text[counted] == '\n') {
                ++line;
                line_start = counted + 1;
            }
        }
        std::int64_t column = 1;
        for (std::size_t j = line_start; j < offset; ++j) {
            if ((static_cast<unsigned char>(text[j]) & 0xC0U) != 0x80U) ++column;
        }
        return foreign::Place{line, column, "/data/flows/" + std::to_string(index)};
    };
    std::int64_t index = 0;
    while (at < text.size()) {
        while (at < text.size() &&
               ((std::isspace(static_cast<unsigned char>(text[at])) != 0) || text[at] == ',')) {
            ++at;
        }
        if (at >= text.size() || text[at] == ']') break;
        foreign::Place where = place(at, index);
        if (text[at] != '{') {
            file.problems.push_back({where, "a flow is not a JSON object"});
            break;
        }
        std::size_t end = ValueEnd(text, at);
        if (end == std::string_view::npos) {
            file.problems.push_back({where, "a flow whose object is never closed"});
            break;
        }
        std::string_view raw = text.substr(at, end - at);
        nlohmann::json f = nlohmann::json::parse(raw, nullptr, false);
        if (f.is_discarded() || !f.is_object()) {
            ++file.units;
            file.problems.push_back({where, "a flow that is not valid JSON"});
            at = end;
            ++index;
            continue;
        }
        foreign::FtsFlow flow;
        flow.at = where;
        flow.excerpt = std::string(raw);
        flow.id = Str(f.value("id", nlohmann::json()));
        flow.status = Str(f.value("status", nlohmann::json()));
        flow.contribution_type = Str(f.value("contributionType", nlohmann::json()));
        flow.date = Str(f.value("date", nlohmann::json()));
        flow.original_amount = Str(f.value("originalAmount", nlohmann::json()));
        flow.original_currency = Str(f.value("originalCurrency", nlohmann::json()));
        flow.amount_usd = Str(f.value("amountUSD", nlohmann::json()));
        flow.description = Str(f.value("description", nlohmann::json()));
        std::string marks;
        if (auto k = f.find("keywords"); k != f.end() && k->is_array()) {
            for (const auto& w : *k) marks += " " + Str(w);
        }
        auto objects = [&](const char* key, std::vector<foreign::Org>& out) {
            auto it = f.find(key);
            if (it == f.end() || !it->is_array()) return;
            for (const auto& o : *it) {
                if (!o.is_object()) continue;
                std::string type = Str(o.value("type", nlohmann::json()));
                std::string object_name = Str(o.value("name", nlohmann::json()));
                if (type == "Emergency" || type == "Plan") marks += " " + object_name;
                if (type == "Organization" && !object_name.empty()) {
                    foreign::Org org;
                    org.name = object_name;
                    if (auto t = o.find("organizationTypes");
                        t != o.end() && t->is_array() && !t->empty()) {
                        org.kind = foreign::FtsOrganisationKind(Str(t->front()));
                    }
                    org.at = where;
                    out.push_back(std::move(org));
                } else if (type == "Location" && !object_name.empty()) {
                    foreign::Org org;
                    org.kind = PartyKind::kCountry;
                    org.name = object_name;
                    org.at = where;
                    out.push_back(std::move(org));
                }
            }
        };
        objects("sourceObjects", flow.sources);
        objects("destinationObjects", flow.destinations);
        std::string lower = marks;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        flow.covid = lower.find("covid") != std::string::npos;
        foreign::AddFtsFlow(file, flow, options);
        at = end;
        ++index;
    }
    if (file.units == 0 && file.problems.empty()) {
        return Error::Invalid(file.name, "holds no flow: nothing to import");
    }
    return file;
}

}  // namespace aidledger::json
