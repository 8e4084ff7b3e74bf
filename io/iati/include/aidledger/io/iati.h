// IATI 2.03 activity XML export (pugixml lives only in this module).
//
// Aid in the ledger becomes iati-activity elements, valid against
// shared/standards/iati-2.03/iati-activities-schema.xsd, with the COVID-19 markers
// (@humanitarian="1", humanitarian-scope type 1 vocabulary 1-2 code EP-2020-000012-001, tag
// COVID-19, sector 12264): donations -> aid type C01 (values as transactions, quantities as
// result indicators), teams -> D01, expert exchanges -> D02, cash -> transactions 12 (pledge),
// 2 (commitment) / 3 (disbursement) by status; sources -> document-link. Procurement contracts,
// export declarations and statistics are trade, not aid, and are not exported.
//
// The mapping, in full (every code is from the IATI 2.03 codelists):
//
// Aid types. Donation C01 (project-type intervention), team D01 (donor country personnel),
//   exchange D02 (other technical assistance), cash C01, or B03 (contribution to a
//   specific-purpose programme managed by the partner) when the recipient is an international
//   organisation, since cash to an organisation funds its own response.
//
// Organisations. The provider (a donation's, cash's or team's provider, an exchange's
//   organiser) is the activity's reporting-org and its participating-org with role 1
//   (funding). The implementing organisation (role 4) is the recipient when the recipient is an
//   organisation (not a country or region), else the provider itself. OrganisationType from
//   PartyKind: country, region, central_government -> 10 (government); local_government -> 11;
//   international_organisation -> 40 (multilateral); enterprise -> 70 (private sector);
//   civil_society -> 22 (national NGO); red_cross -> 21 (international NGO).
//   participating-org/@ref is the party's iati_id when it has one, else left out (the name is
//   always given as narrative).
//
// Identifiers. reporting-org/@ref is the provider's own iati_id, or, when it has none,
//   `unregistered_org_prefix` + "-" + its party id ("XX-AIDLEDGER-cn-gov"): a stable prefix that
//   no registration agency issued, so a consumer can tell it is not a registered identifier
//   (a party's iati_id itself is checked on write: core/iati_org.h). UnregisteredReporters
//   names the providers that get the placeholder, for the export report's warning.
//   iati-identifier = reporting-org/@ref + "-" + kind + "-" + record id
//   ("XX-AIDLEDGER-cn-gov-team-team-ir-1", "XM-DAC-928-cash-cash-x"); the kind is in it because
//   record ids are unique per kind only. The identifier is stable across exports as long as the
//   record's provider (and that provider's iati_id) do not change.
//
// Dates. IATI dates are exact; ledger dates are intervals. Every date written is the interval's
//   LATEST end, the day by which the event surely happened (the ledger's "certain" rule): the
//   earliest end is often only a bound ("no seed reports assistance before 2020-01-01"), and a
//   consumer counting activities by date then gets the ledger's certain figure, never more.
//   When the interval is not exact, the activity-date carries a narrative giving both ends.
//   activity-date types: 2 (actual start) = team sent, donation's first shipment, cash pledge,
//   exchange held; 4 (actual end) = team left, donation delivered or cancelled, cash paid,
//   exchange held once it surely took place (by the as-of date, or without one by the day the
//   file is generated); 3 (planned end) = a team's arrival (or sending) plus its planned days.
//   A donation only pledged gets 1 (planned start) at its pledge date, since the schema
//   requires a date and nothing has started.
//
// Status (ActivityStatus). Donation: pledged 1, shipped 2, delivered 3, cancelled 5. Team: 2,
//   3 once it has left. Exchange: 3 once it surely took place, else 2. Cash: 2 while pledged,
//   3 once paid.
//
// Transactions. Cash not yet paid: 12 (outgoing pledge) of the pledged amount at the pledge
//   date. Cash paid: 2 (outgoing commitment) of the pledged amount (payment shows the pledge was
//   firm) and 3 (disbursement) of the paid amount at the payment date. Donation lines with a
//   known value: 12 while pledged, 3 once shipped or delivered, none when cancelled, each with
//   disbursement-channel 4 (aid in kind: what tells a reader the value is of goods). Amounts are
//   decimals in major units, by the currency's minor-unit exponent from `reference`. Unknown
//   amounts give no transaction (never a 0).
//
// Results. A donation line with a known quantity is a result indicator (result type 1 output,
//   indicator measure 1 unit) with a target while pledged or cancelled and an actual once
//   shipped; a team's known size and an exchange's known participant count likewise. Unknown
//   quantities are left out, never written as 0.
//
// Geography. recipient-country is the ISO code of the recipient's (host's, participants')
//   nearest country or region; several countries share 100 percent equally. With no country
//   (a contribution to an international organisation, an exchange naming no country),
//   recipient-region 998 (developing countries, unspecified).
//
// Sources. Each source a record cites is a document-link: title (or outlet, or id and file),
//   the quoted excerpts as description, category A12 (activity web page), document-date = the
//   latest end of `published`, url = the source's url, else `source_url_base` + id, else the
//   placeholder "urn:aidledger:source:<id>" (a valid URI that names the ledger's source record
//   and resolves nowhere); format text/html for a url, text/plain for a placeholder.
//
// Every activity also carries default-finance-type 110 (standard grant: everything in the ledger
// is given), xml:lang "en", and, for a record made by `aidledger generate`, a "[synthetic]" title
// prefix and a tag (vocabulary 99) with code "AIDLEDGER-SYNTHETIC".
//
// Codes whose codelist is not in shared/standards (ResultType 1, IndicatorMeasure 1,
// SectorVocabulary 1, FileFormat text/html|text/plain) are the IATI 2.03 values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/time.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger::iati {

struct Options {
    LedgerTime generated_at{};      // iati-activities/@generated-datetime
    std::optional<Date> as_of;      // only what may have happened by this date
    bool include_synthetic = true;  // synthetic records are tagged as such when included
    // Minor-unit exponents of currencies (ISO 4217); null = 2 for every currency.
    const ReferenceData* reference = nullptr;
    // Prefix of reporting-org/@ref for a provider without an iati_id (see Identifiers above).
    std::string unregistered_org_prefix = "XX-AIDLEDGER";
    // Where sources without a url are published: url = base + source id. Empty = placeholder.
    std::string source_url_base;
};

// The whole document, UTF-8, starting with the XML declaration. Activities are ordered by kind
// (donations, cash, teams, exchanges), then by record id. When nothing is selected the document
// has no iati-activity, which the schema rejects: CountActivities tells the caller first.
std::string ExportActivities(const LedgerView& view, const Options& options);

// How many activities ExportActivities would write.
std::size_t CountActivities(const LedgerView& view, const Options& options);

// The providers (party ids, sorted, each once) of the activities ExportActivities would write
// that have no iati_id: their reporting-org/@ref, and so their activities' identifiers, use the
// `unregistered_org_prefix` placeholder. The export report warns of them (app/export.h).
std::vector<std::string> UnregisteredReporters(const LedgerView& view, const Options& options);

}  // namespace aidledger::iati
