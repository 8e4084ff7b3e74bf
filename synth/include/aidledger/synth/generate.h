// The synthetic scenario generator behind `aidledger generate` (SPEC.md "The demo dataset":
// a separate, clearly labelled generator for tests, demos and benchmarks).
//
// Everything it makes is invented: every record has synthetic = true, an id starting "syn-"
// and the note "synthetic: aidledger generate --scale N --seed S". Names say "(synthetic)".
// Codes are real (ISO 3166-1 countries, ISO 4217 currencies, HS 2022 subheadings of the
// WCO/WHO COVID-19 medical supplies list, metric ids of core/figures.h), so the records pass
// NormaliseAndValidate and exercise every figure.
//
// The scenario runs over 2020-01-15 .. 2020-06-30: five donor countries, each with central and
// local government, enterprises, civil society and Red Cross parties; a catalogue of about
// twenty items; sources; then donations, cash, teams, expert exchanges, procurement requests,
// certified manufacturers, procurement contracts, export declarations (the bulk, about 60%),
// a few published export statistics, commitments and claims.
//
// Standard library only: no I/O, no clock. Not thread-safe to share one Options; Generate
// itself keeps no state between calls.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/validate.h"

namespace aidledger::synth {

struct Options {
    std::int64_t scale = 1000;  // how many records to make, roughly
    std::uint64_t seed = 1;
};

// Returns about `scale` records (exactly `scale` once scale is in the thousands; the fixed
// backbone of parties, items and statistics, about 350 records, is never cut), the same
// records for the same (scale, seed, ref), and ordered so that every reference points to an
// earlier record: parties, items and sources first.
//
// Country parties are NOT generated: records refer to the ISO country parties that
// `aidledger init` creates (refdata::CountryParties: id = lower-case alpha-2, e.g. "it"), so
// the ledger must hold them before these records are written. `ref` must hold the ISO 3166-1
// table and the ISO 4217 currencies; returns an empty vector when it holds fewer than two
// countries (no donor and recipient to invent).
std::vector<Record> Generate(const Options& options, const ReferenceData& ref);

// The ISO 3166-1 alpha-2 codes (upper-case) of the donor countries Generate(options, ref)
// invents, the main donor first. Cheap: it makes no records.
std::vector<std::string> DonorCountries(const Options& options, const ReferenceData& ref);

// The note every generated record carries.
std::string SyntheticNote(const Options& options);

}  // namespace aidledger::synth
