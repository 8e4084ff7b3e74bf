// The confidence grade of a record or of figures (issue 15 item 5; core/confidence.h,
// docs/confidence.md): the use cases `aidledger confidence` and GET /api/v1/confidence share, so
// that both give the same answer.
//
// Parameters (canonical names, app/params.h): for one record, kind (a record kind other than
// source) and id, both required together; for figures, those of app/figure_query.h (as_of
// required, provider_country, provider_kind, from/to, metric, synthetic, at). Every error
// names its field: kInvalidArgument for a bad or missing parameter, kNotFound (naming the
// record, "team/x") for a record the view has no live version of or the caller may not read.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/app/figure_query.h"
#include "aidledger/app/params.h"
#include "aidledger/core/confidence.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/view.h"

namespace aidledger::app {

// Whether the parameters ask for one record's grade (kind or id given) rather than figures'.
bool AsksForRecord(const Params& params);

// The record the parameters name: kind and id, checked (kind first, then id).
[[nodiscard]] Result<RecordRef> RecordParam(const Params& params, Spelling spelling);

// One record's grade, its corroboration taken from the records `keep` accepts (all when it is
// not given; a bound editor's read scope otherwise). kNotFound when the view has no such live
// record or `keep` refuses it.
[[nodiscard]] Result<RecordConfidence> ConfidenceOfRecord(
    const LedgerView& view, const RecordRef& ref,
    const std::function<bool(const Record&)>& keep = {});

// The figures of `request` on `view` (only the records its synthetic mode keeps; bulk customs
// declarations are not records and are not counted here), each with its grade from its
// records (GradeFigureIn), in the order figures are answered.
struct FiguresConfidence {
    FigureQuery query;
    std::optional<LedgerTime> at;
    SyntheticNote synthetic;
    std::vector<GradedFigure> figures;
};
FiguresConfidence ConfidenceOfFigures(const LedgerView& view, const FigureRequest& request);

}  // namespace aidledger::app
