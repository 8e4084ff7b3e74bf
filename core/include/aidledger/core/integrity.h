// Ledger-level integrity rules, beyond what each write validates: rules that can break later
// (a cited source retired) or that span records. `aidledger check` runs them after the
// store's own checks.
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/store.h"
#include "aidledger/core/view.h"

namespace aidledger {

// Each problem is one line: "team/it-1: sources[0]: excerpt not found in source seed-003".
// Rules: every citation names a live source and, when that source holds text, its excerpt
// occurs in the text (whitespace and case folded, punctuation kept); every party's parent
// chain ends (no cycle).
std::vector<std::string> CheckLedgerIntegrity(const LedgerView& view);

// The text rule (validate.h, TextProblem) on one stored version: its author, its reason and every
// field of its record. Writes refuse such text since issue 17, but a ledger written before may
// hold it; `aidledger check` runs this on every version. One line per problem:
// "party/it version 1: reason: invalid UTF-8 at byte 0".
std::vector<std::string> CheckStoredText(const StoredRecord& version);

// Folds runs of whitespace to one space, lower-cases ASCII letters, and maps typographic
// quotes and apostrophes to ASCII ones, so a quote survives re-wrapping.
std::string FoldForQuote(std::string_view text);

}  // namespace aidledger
