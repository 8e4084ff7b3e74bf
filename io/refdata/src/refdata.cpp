#include "aidledger/io/refdata.h"

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace aidledger::refdata {
namespace {

Result<nlohmann::json> ReadJson(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error::Unavailable(path + ": cannot read ISO reference data (install iso-codes)");
    }
    std::stringstream buf;
    buf << in.rdbuf();
    auto j = nlohmann::json::parse(buf.str(), nullptr, false);
    if (j.is_discarded()) return Error::Corruption(path + ": malformed JSON");
    return j;
}

// ISO 4217 minor units that differ from 2 (iso-codes lists codes and names only).
constexpr std::pair<const char*, int> kExponents[] = {
    {"BIF", 0}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0}, {"ISK", 0}, {"JPY", 0}, {"KMF", 0},
    {"KRW", 0}, {"PYG", 0}, {"RWF", 0}, {"UGX", 0}, {"UYI", 0}, {"VND", 0}, {"VUV", 0},
    {"XAF", 0}, {"XOF", 0}, {"XPF", 0}, {"BHD", 3}, {"IQD", 3}, {"JOD", 3}, {"KWD", 3},
    {"LYD", 3}, {"OMR", 3}, {"TND", 3}, {"CLF", 4}, {"UYW", 4},
};

// Fewer entries than this means a truncated file, not a small world (ISO 3166-1 lists 249
// countries, ISO 4217 about 180 currencies).
constexpr std::size_t kMinCountries = 200;
constexpr std::size_t kMinCurrencies = 100;

}  // namespace

std::string DefaultIsoCodesDir() { return AIDLEDGER_ISO_CODES_DIR; }

Result<ReferenceData> Load(const std::string& dir) {
    ReferenceData ref;
    auto countries = ReadJson(dir + "/iso_3166-1.json");
    if (!countries) return countries.take_error();
    for (const auto& c : (*countries)["3166-1"]) {
        std::string a2 = c.value("alpha_2", "");
        std::string a3 = c.value("alpha_3", "");
        std::string name = c.value("common_name", c.value("name", ""));
        if (a2.empty()) continue;
        ref.country_names[a2] = name;
        if (!a3.empty()) ref.alpha3_to_alpha2[a3] = a2;
    }
    auto currencies = ReadJson(dir + "/iso_4217.json");
    if (!currencies) return currencies.take_error();
    for (const auto& c : (*currencies)["4217"]) {
        std::string code = c.value("alpha_3", "");
        if (!code.empty()) ref.currencies.insert(code);
    }
    if (ref.country_names.size() < kMinCountries || ref.currencies.size() < kMinCurrencies) {
        return Error::Corruption(dir + ": ISO reference data looks truncated");
    }
    for (const auto& [code, exp] : kExponents) ref.minor_unit_exponent[code] = exp;
    return ref;
}

std::vector<Party> CountryParties(const ReferenceData& ref) {
    std::vector<Party> out;
    out.reserve(ref.country_names.size());
    for (const auto& [code, name] : ref.country_names) {
        Party p;
        p.id = code;
        for (char& ch : p.id) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        p.name = name;
        p.kind = PartyKind::kCountry;
        p.iso_code = code;
        p.notes = "ISO 3166-1 country, from Debian's iso-codes";
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace aidledger::refdata
