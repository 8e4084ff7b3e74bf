// The customs scenario of `aidledger generate --scenario customs --declarations N` (issue 5):
// an invented national customs service at the scale of spring 2020, for tests, demos and
// benchmarks. Everything is marked synthetic (records: synthetic = true, ids "syn-cus-*", a
// note; the declaration batch: synthetic).
//
// The records: the exporting country's customs and commerce ministry, thousands of exporters
// (enterprises mostly, some local governments, civil society groups, Red Cross), a catalogue
// of medical supplies with HS 2022 codes and categories, certified manufacturers whose
// certificates expire and are renewed (a few delisted, some of those relisted), procurement
// contracts moving through in_talks -> signed -> delivered or cancelled, some procurement
// requests, and published monthly export totals.
//
// The declarations: N rows from 2020-03-01 to 2020-05-31, daily volumes rising from March to
// May, about 150 destination countries with Zipf-skewed volumes, and a few percent that
// customs must hold, every hold reason represented (exporter not listed, delisted,
// certificate expired, certificate not yet valid, product not covered, unknown product).
// Verdicts are left to the importer (rows carry kCleared until judged).
//
// Deterministic: the same (options, ref) give the same records and rows on every build.
// Standard library only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "aidledger/core/customs.h"
#include "aidledger/core/records.h"
#include "aidledger/core/validate.h"

namespace aidledger::synth {

struct CustomsOptions {
    std::int64_t declarations = 100'000;
    std::uint64_t seed = 1;
};

// The exporting country of the scenario (ISO 3166-1 alpha-2), "CN" when the reference data
// has it.
std::string CustomsOrigin(const ReferenceData& ref);

// The scenario's records, ordered so that every reference points to an earlier record. Needs
// the ISO country parties `aidledger init` makes (id = lower-case alpha-2).
std::vector<Record> CustomsRecords(const CustomsOptions& options, const ReferenceData& ref);

// Streams the N declarations to `emit`, in date order, consistent with CustomsRecords (the
// same options and ref). Not held in memory: 10 million rows cost nothing but time.
void CustomsDeclarations(const CustomsOptions& options, const ReferenceData& ref,
                         const std::function<void(const DeclarationRow&)>& emit);

// The note every record of the scenario carries.
std::string CustomsNote(const CustomsOptions& options);

}  // namespace aidledger::synth
