// Import templates (issue 14 item 5): for each record kind, a CSV or HXL table in the import
// format (docs/formats.md "Columns of each kind") with its header (and tag) row and one example
// row, to fill in and import. `aidledger template KIND` and GET /api/v1/templates/{kind} give
// the same bytes.
#pragma once

#include <string>

#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/validate.h"
#include "aidledger/io/csv_hxl.h"

namespace aidledger::app {

// The template of `kind`: the example row names the demo's parties and sources (cn-gov, it,
// seed-002, ...), so that it imports into a ledger with the demo loaded; replace it with your
// own rows.
[[nodiscard]] Result<std::string> TemplateTable(Kind kind, csv::Dialect dialect,
                                                const ReferenceData& ref);

}  // namespace aidledger::app
