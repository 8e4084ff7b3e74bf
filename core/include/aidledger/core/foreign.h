// Aid read from other publishers' files (IATI activity XML, OCHA FTS flows) on its way into the
// ledger (docs/formats.md "IATI activity files", "OCHA FTS flows"). A reader (io/iati, io/json,
// io/csv_hxl) turns a file into a ForeignFile: records whose party fields still name
// organisations as the file gives them (an identifier, a name, a type, a country), one source
// per activity or flow, the problems that make the file unimportable and what it skips on
// purpose. app/ matches the organisations to parties, plans and writes the batch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/time.h"
#include "aidledger/core/validate.h"

namespace aidledger::foreign {

// Where something is in the file: 1-based line and column (characters), and the element path
// ("iati-activities/iati-activity[3]/transaction[2]/value") or JSON pointer / CSV column.
struct Place {
    std::int64_t line = 0;
    std::int64_t column = 0;
    std::string path;
};

// An organisation as a file names it.
struct Org {
    std::optional<std::string> ref;      // IATI organisation identifier, FTS organisation id
    std::string name;                    // may be empty when only ref or country is given
    std::optional<PartyKind> kind;       // from the organisation type, when the file says
    std::optional<std::string> country;  // ISO 3166-1 code when the "organisation" is a country
    Place at;
};

// Which party field of the record an organisation fills: "provider", "recipient", "host",
// "organiser", or "participants" (appended, in order).
struct PartyField {
    std::string field;
    Org org;
};

// The catalogue item of a donation line whose items the file does not name in the catalogue's
// terms; app/ creates it when the ledger has none (docs/formats.md).
inline constexpr std::string_view kUnspecifiedItem = "unspecified-in-kind";

struct Item {
    Record record;  // id, citations and every field but the parties set
    std::vector<PartyField> parties;
    // For a donation, per line: the item as the file names it ("Masks"), matched to a catalogue
    // item by name; lines keep kUnspecifiedItem when none matches.
    std::vector<std::string> line_items;
    Place at;  // the element the record comes from (the activity, the flow)
};

struct Problem {
    Place at;
    std::string message;
};

struct File {
    std::string name;
    std::string format;  // "IATI 2.03", "IATI 1.05", "OCHA FTS flows (JSON)", ...
    std::string sha256;
    std::vector<Source> sources;  // one per activity or flow; each item cites its own
    std::vector<Item> items;
    std::vector<Problem> problems;  // any one of them: nothing of the import is written
    std::vector<Problem> skipped;   // read and deliberately not imported, each with why
    std::int64_t units = 0;         // activities or flows read
    std::int64_t not_covid = 0;     // left out by only_covid
};

// What every reader takes.
struct ReadOptions {
    bool only_covid = false;  // keep only activities or flows marked COVID-19
    Date today{};             // a source's date when the file gives none
    // Currencies (ISO 4217, minor-unit exponents) and country names; must not be null.
    const ReferenceData* reference = nullptr;
};

// A stable record id (IsValidId): `prefix`, then `readable` in lower case with anything but
// [a-z0-9._-] as '-', cut so that the whole fits kMaxIdLength, then '-' and the first 10 hex
// digits of the SHA-256 of `key`. The same key always gives the same id, so importing a file
// again (or a newer version of it) finds the records it made.
std::string StableId(std::string_view prefix, std::string_view readable, std::string_view key);

// An amount in major units as files write it ("1500", "-20.5", "1234.567") in minor units of a
// currency with `exponent` decimals; extra decimals are rounded half away from zero (IATI
// values are xsd:decimal, and some publishers write more decimals than the currency has).
// nullopt for anything else (thousands separators, exponents, empty, beyond int64).
std::optional<std::int64_t> ParseDecimal(std::string_view text, int exponent);

// A date as files write it: "2020-04-01", or a date-time starting so ("2020-04-01T00:00:00Z").
std::optional<Date> ParseLooseDate(std::string_view text);

// One OCHA FTS flow as the JSON of the flow API or the HDX CSV give it.
struct FtsFlow {
    std::string id;
    std::string status;             // "pledge", "commitment", "paid"
    std::string contribution_type;  // "financial", "inKind" / "in-kind"
    std::string date;
    std::string original_amount;
    std::string original_currency;
    std::string amount_usd;
    std::string description;
    std::vector<Org> sources;       // organisations and locations (kind kCountry) it comes from
    std::vector<Org> destinations;  // organisations and locations it goes to
    bool covid = false;             // an emergency, plan or keyword names COVID-19
    std::string excerpt;            // the flow's text as it stands in the file
    Place at;
};

// Adds one flow to `file`: its source record (text = the flow's excerpt) and a cash record, or
// a donation for an in-kind flow; a flow that cannot be read is a problem, one that is not aid
// the ledger records is skipped with why.
void AddFtsFlow(File& file, const FtsFlow& flow, const ReadOptions& options);

// The party kind of an FTS organisation type ("Governments", "UN agencies, funds and other
// entities", "NGOs", "Private organizations/foundations", "Red Cross/Red Crescent", ...).
std::optional<PartyKind> FtsOrganisationKind(std::string_view type);

}  // namespace aidledger::foreign
