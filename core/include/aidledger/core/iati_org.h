// IATI organisation identifiers (docs/formats.md "IATI organisation identifiers", issue 14).
//
// A party's `iati_id` is what IATI files name it by (reporting-org/@ref, participating-org/@ref).
// An identifier is accepted when it is either
//   - a registration agency's code from the IATI OrganisationRegistrationAgency codelist
//     (replicated from org-id.guide: data/iati/organisation-registration-agency.csv), a hyphen,
//     and the organisation's number in that agency's list: "XM-DAC-928" (the WHO in the OECD
//     DAC list), "GB-COH-06368740", "NL-KVK-41160054"; or
//   - a code of the retired OrganisationIdentifier codelist (IATI 1.0x, still found in
//     published files: data/iati/organisation-identifier-legacy.csv): "41114", "GB-1";
// and holds only letters, digits, hyphens, underscores, colons and periods, as IATI requires.
// Codes are compared as IATI writes them (upper case); the number part is kept as given.
// Both lists are compiled in (cmake/iati_codelists.cmake): core reads no file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aidledger {

// The longest agency code of the codelist that begins `id` followed by a hyphen and at least
// one more character ("XM-DAC" of "XM-DAC-928"); empty when there is none.
std::string_view IatiAgencyOf(std::string_view id);

// Whether `id` is a code of the retired OrganisationIdentifier codelist.
bool IsLegacyIatiOrgId(std::string_view id);

// Why `id` is not an IATI organisation identifier (a sentence naming what is wrong, for a
// person who typed it); nullopt when it is one.
std::optional<std::string> IatiOrgIdProblem(std::string_view id);

}  // namespace aidledger
