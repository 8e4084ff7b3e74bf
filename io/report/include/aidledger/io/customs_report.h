// Text and Markdown rendering of the customs reports (core/customs.h): the clearance summary
// by reason with its held declarations, and export statistics with each cell's basis.
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/customs.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"
#include "aidledger/io/report.h"

namespace aidledger::report {

std::string RenderClearance(const ClearanceReport& report, const ReferenceData& ref, Style style);
std::string RenderExportStats(const LedgerView& view, const ExportStatsQuery& query,
                              const ExportStats& stats, const ReferenceData& ref, Style style);

}  // namespace aidledger::report
