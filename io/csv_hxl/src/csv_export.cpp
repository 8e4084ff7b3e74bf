// Export of records as import tables (docs/formats.md): the same columns and tags the importer
// reads, so that export -> import round-trips. A spreadsheet runs a cell beginning with = + - or
// @ as a formula (CSV injection): such cells get a leading ' (csv_writer.h Neutralise), which
// import takes away again.
#include <algorithm>
#include <string>

#include "aidledger/io/csv_hxl.h"
#include "csv_writer.h"
#include "flat_record.h"
#include "hxl_tags.h"

namespace aidledger::csv {

std::string ExportTable(Kind kind, const std::vector<Record>& records, Dialect dialect,
                        const ReferenceData& ref) {
    const std::vector<ColumnInfo>& columns = ColumnsOf(kind);
    std::string out;
    std::vector<std::string> cells;
    cells.reserve(columns.size());
    for (const ColumnInfo& column : columns) cells.push_back(column.path);
    AppendRow(out, cells);
    if (dialect == Dialect::kHxl) {
        cells.clear();
        for (const ColumnInfo& column : columns) cells.emplace_back(HxlTag(kind, column.path));
        AppendRow(out, cells);
    }
    for (const Record& record : records) {
        FlatRecord flat = ToFlat(record, ref);
        std::size_t rows = 1;
        for (const auto& [list, count] : flat.counts) rows = std::max(rows, count);
        auto value = [&](const std::string& path) {
            auto it = flat.values.find(path);
            return it == flat.values.end() ? std::string() : Neutralise(it->second);
        };
        // Record-level cells repeat on every row of the record, so that each row read alone
        // (filtered in a spreadsheet) still says whose line it is.
        for (std::size_t r = 0; r < rows; ++r) {
            cells.clear();
            for (const ColumnInfo& column : columns) {
                if (column.list.empty()) {
                    cells.push_back(value(column.path));
                } else {
                    auto count = flat.counts.find(column.list);
                    bool has = count != flat.counts.end() && r < count->second;
                    cells.push_back(has ? value(column.Indexed(r)) : std::string());
                }
            }
            AppendRow(out, cells);
        }
    }
    return out;
}

}  // namespace aidledger::csv
