// JSON output of the customs reports (core/customs.h), shared by the CLI (`--format json`) and
// the HTTP API. Shapes (amounts in minor units by currency, dates ISO 8601):
//   clearance: {"period": {"from", "to"}, "total": {"declarations", "quantity", "value"},
//               "verdicts": [{"verdict", "declarations", "quantity", "value": {CUR: n}}],
//               "synthetic": SYNTHETIC,
//               "held": [{"batch", "line", "reference", "date", "hs_code", "item",
//                         "destination", "exporter", "exporter_kind", "quantity",
//                         "value": {"minor", "currency"}, "regime", "verdict", "verdict_now",
//                         "detail"}]}   ("held" only when asked for)
//   exports:   {"period", "filters": {"hs_code", "destination", "exporter_kind", "regime"},
//               "by", "synthetic": SYNTHETIC,
//               "cells": [{"key", "period", "basis", "statistic", "declarations", "quantity",
//                          "unit", "mixed_units", "value": {CUR: n}}]}   (unknown values are
//               null; quantity is null when mixed_units: products counted in different units)
//   SYNTHETIC: {"mode", "by_default", "left_out", "real_declarations",
//               "synthetic_declarations", "note"} (core/customs.h CustomsSyntheticNote)
#pragma once

#include <string>
#include <vector>

#include "aidledger/core/customs.h"

namespace aidledger::json {

std::string ClearanceJson(const ClearanceReport& report);
std::string ExportStatsJson(const ExportStatsQuery& query, const ExportStats& stats);

}  // namespace aidledger::json
