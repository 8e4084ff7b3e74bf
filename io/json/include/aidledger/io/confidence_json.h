// JSON of confidence grades (core/confidence.h, docs/confidence.md), shared by
// `aidledger confidence --json` and GET /api/v1/confidence:
//   one record: {"at": T|null, "record": {"kind", "id"}, "grade", "reasons": [{"rule",
//                "effect", "text"}], "sources": [{"id", "origin", "official", "why"}],
//                "origins": [labels], "contradicted_by": [source ids], "date": D|null}
//   figures:    {"at": T|null, "as_of", "provider": {"country", "kinds"}, "synthetic": text|null,
//                "figures": [{"metric", "keys": {...}, "certain", "possible", "records": N,
//                             "confidence": {"grade": G|null, "by_grade": {"synthetic",
//                             "unverified", "low", "moderate", "high"}, "weakest": [{"kind",
//                             "id"}], "reason"}}]}
// A grade is one of synthetic, unverified, low, moderate, high; an origin is an index into
// "origins". A figure that counts no record has a null grade, never a zero.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/confidence.h"
#include "aidledger/core/figures/query.h"
#include "aidledger/core/synthetic.h"

namespace aidledger::json {

std::string RecordConfidenceJson(std::optional<LedgerTime> at, const RecordConfidence& c);

std::string FiguresConfidenceJson(std::optional<LedgerTime> at, const FigureQuery& query,
                                  const SyntheticNote& synthetic,
                                  const std::vector<GradedFigure>& figures);

}  // namespace aidledger::json
