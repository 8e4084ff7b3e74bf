// IATI 2.03 activity XML export (pugixml lives only in this module).
//
// Aid in the ledger becomes iati-activity elements, valid against
// shared/standards/iati-2.03/iati-activities-schema.xsd, with the COVID-19 markers
// (@humanitarian="1", humanitarian-scope type 1 vocabulary 1-2 code EP-2020-000012-001, tag
// COVID-19, sector 12264): donations -> aid type C01 (values as transactions, quantities as
// result indicators), teams -> D01, expert exchanges -> D02, cash -> transactions 12 (pledge),
// 2 (commitment) / 3 (disbursement) by status; sources -> document-link. Procurement contracts,
// export declarations and statistics are trade, not aid, and are not exported.
#pragma once

#include <optional>
#include <string>

#include "aidledger/core/time.h"
#include "aidledger/core/view.h"

namespace aidledger::iati {

struct Options {
    LedgerTime generated_at{};        // iati-activities/@generated-datetime
    std::optional<Date> as_of;        // only what may have happened by this date
    bool include_synthetic = true;    // synthetic records are tagged as such when included
};

// The whole document, UTF-8, starting with the XML declaration.
std::string ExportActivities(const LedgerView& view, const Options& options);

}  // namespace aidledger::iati
