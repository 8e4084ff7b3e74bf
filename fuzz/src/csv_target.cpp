// CSV/HXL tables of records into an empty memory ledger: parse, validate, plan and (when no row
// is bad) write, then the report as text.
#include <vector>

#include "aidledger/core/ledger.h"
#include "aidledger/fuzz/targets.h"
#include "aidledger/io/csv_hxl.h"
#include "aidledger/storage/memory_store.h"
#include "support.h"

namespace aidledger::fuzz {

int FuzzCsv(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    auto store = MakeMemoryStore();
    Ledger ledger(*store, Reference());
    std::vector<csv::InputFile> files;
    files.push_back(csv::InputFile{"fuzz.csv", AsText(data + 1, size - 1), KindOf(data[0])});
    auto report =
        csv::Import(ledger, files, csv::ImportOptions{}, WriteContext{"fuzz", "fuzz", Now()});
    if (report.ok()) (void)csv::FormatReport(*report);
    return 0;
}

}  // namespace aidledger::fuzz
