#include "aidledger/core/iati_org.h"

#include <algorithm>
#include <array>

namespace aidledger {
namespace {

#include "aidledger/iati_codelists.inc"

template <std::size_t N>
bool Listed(const std::array<std::string_view, N>& sorted, std::string_view code) {
    return std::binary_search(sorted.begin(), sorted.end(), code);
}

bool AllowedChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == ':' || c == '.';
}

// Identifiers in examples: the agencies a coordinator of medical assistance meets most.
constexpr std::string_view kExamples =
    "XM-DAC (the OECD DAC list: XM-DAC-928 is the WHO), XI-IATI, or a national register such as "
    "GB-COH";

}  // namespace

std::string_view IatiAgencyOf(std::string_view id) {
    std::string_view best;
    for (std::size_t dash = id.find('-'); dash != std::string_view::npos;
         dash = id.find('-', dash + 1)) {
        if (dash + 1 >= id.size()) break;  // nothing after the hyphen
        std::string_view prefix = id.substr(0, dash);
        if (Listed(kIatiAgencies, prefix)) best = prefix;
    }
    return best;
}

bool IsLegacyIatiOrgId(std::string_view id) { return Listed(kIatiLegacyOrgIds, id); }

std::optional<std::string> IatiOrgIdProblem(std::string_view id) {
    if (id.empty()) return "empty: leave the field out when the organisation has no identifier";
    const auto* bad = std::find_if_not(id.begin(), id.end(), AllowedChar);
    if (bad != id.end()) {
        return "\"" + std::string(id) +
               "\" is not an IATI organisation identifier: it may hold only letters, digits, "
               "hyphens, underscores, colons and periods";
    }
    if (!IatiAgencyOf(id).empty() || IsLegacyIatiOrgId(id)) return std::nullopt;
    // The agency part as a person reads it: up to the second hyphen ("XX-AIDLEDGER" of
    // "XX-AIDLEDGER-cn-gov"), else the first.
    std::size_t first = id.find('-');
    std::size_t second = first == std::string_view::npos ? first : id.find('-', first + 1);
    std::string_view shown = id.substr(0, second == std::string_view::npos ? first : second);
    return "\"" + std::string(id) + "\" is not an IATI organisation identifier: \"" +
           std::string(shown) +
           "\" is not a registration agency of the IATI OrganisationRegistrationAgency codelist. "
           "An identifier is an agency's code, a hyphen and the organisation's number in that "
           "agency's list: " +
           std::string(kExamples) + ". Leave the field out when the organisation has none";
}

}  // namespace aidledger
