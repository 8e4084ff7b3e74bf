// JSON output of the customs reports (core/customs.h), shared by the CLI (`--format json`) and
// the HTTP API. Shapes (amounts in minor units by currency, dates ISO 8601):
//   clearance: {"period": {"from", "to"}, "total": {"declarations", "quantity", "value"},
//               "verdicts": [{"verdict", "declarations", "quantity", "value": {CUR: n}}],
//               "held": [{"batch", "line", "reference", "date", "hs_code", "item",
//                         "destination", "exporter", "exporter_kind", "quantity",
//                         "value": {"minor", "currency"}, "verdict", "verdict_now",
//                         "detail"}]}   ("held" only when asked for)
//   exports:   {"period", "filters": {"hs_code", "destination", "exporter_kind"}, "by",
//               "cells": [{"key", "period", "basis", "statistic", "declarations", "quantity",
//                          "value": {CUR: n}}]}   (unknown values are null)
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/customs.h"

namespace aidledger::json {

std::string ClearanceJson(const ClearanceReport& report);
std::string ExportStatsJson(const ExportStatsQuery& query,
                            const std::vector<ExportStatsCell>& cells);

}  // namespace aidledger::json
