// Reading IATI activity XML (2.01-2.03, and the 1.0x files still on the registry) into
// foreign::File (core/foreign.h), which app/ matches to parties and writes
// (docs/formats.md "IATI activity files" gives the mapping element by element).
//
// Streaming: the text is split on <iati-activity> elements and each activity is parsed on its
// own (pugixml builds one small document at a time), so a 100 MB file never becomes one
// document tree; what stays in memory is the text and the records made.
//
// What becomes what:
// - Financial transactions (commitments 2/C and incoming commitments 11/IC, pledges 12/13,
//   disbursements 3/D and incoming funds 1/IF) -> one cash record per activity and flow
//   (provider, receiver, currency): pledged = the commitments' sum (the pledges' when there is
//   no commitment), paid = the disbursements' sum, each dated by the interval of its value dates.
// - Transactions whose disbursement-channel is 3 or 4 (aid in kind) -> donations, one per
//   activity and flow, one line per transaction.
// - Activities of aid type D01 (donor country personnel) or D02 (other technical assistance)
//   that name a recipient country and a start date -> team (D01) or exchange (D02) records.
// - Everything else read is listed as skipped with why (expenditure, loans, equity, no
//   counterparty), never dropped silently.
#pragma once

#include <string>
#include <string_view>

#include "aidledger/core/foreign.h"
#include "aidledger/core/result.h"

namespace aidledger::iati {

// Whether the text is IATI activity XML (an <iati-activities> root near the start).
bool LooksLikeActivities(std::string_view text);

// Reads the file. Problems (a value that is not a number, an unknown currency, a malformed
// date, XML that does not parse, an activity without an identifier) are in the result's
// problems with their line, column and element path; an Error only when the text is not IATI
// activity XML at all.
[[nodiscard]] Result<foreign::File> ReadActivities(std::string_view text, std::string name,
                                                   const foreign::ReadOptions& options);

}  // namespace aidledger::iati
