// The analysis CSV: io/flat's flattening (Layout::kAnalysis) written as RFC 4180 text.
#include "aidledger/io/flat_csv.h"

#include <array>
#include <string_view>
#include <variant>

#include "aidledger/core/money.h"
#include "aidledger/io/flat_table.h"
#include "csv_writer.h"

namespace aidledger::csv {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kLineEnd = "\r\n";

// The version's own columns, after the record's.
constexpr std::array<std::string_view, 3> kVersionColumns{"version", "recorded_at", "retired"};

std::string Flag(bool b) { return b ? "true" : "false"; }

std::string CellText(const flat::Cell& cell) {
    struct Text {
        std::string operator()(std::monostate /*blank*/) const { return ""; }
        std::string operator()(const std::string& s) const {
            return Neutralise(s, kFormulaOrHiddenStarts);
        }
        std::string operator()(std::int64_t n) const { return std::to_string(n); }
        std::string operator()(const flat::Amount& a) const {
            return FormatAmount(a.minor, a.exponent);
        }
        std::string operator()(bool b) const { return Flag(b); }
        std::string operator()(const Date& d) const { return FormatDate(d); }
    };
    return std::visit(Text{}, cell);
}

}  // namespace

std::vector<std::string> FlatColumns(Kind kind) {
    std::vector<std::string> names = flat::ColumnsOf(kind, flat::Layout::kAnalysis).names;
    names.insert(names.end(), kVersionColumns.begin(), kVersionColumns.end());
    return names;
}

std::string WriteFlatTable(Kind kind, const std::vector<StoredRecord>& records,
                           const ReferenceData& ref, const LedgerView* view) {
    std::string out(kByteOrderMark);
    AppendRow(out, FlatColumns(kind), kLineEnd);
    const flat::Context context{&ref, view};
    std::vector<std::string> cells;
    for (const StoredRecord& stored : records) {
        flat::Row row = flat::Flatten(stored.record, flat::Layout::kAnalysis, context);
        cells.clear();
        cells.reserve(row.cells.size() + kVersionColumns.size());
        for (const flat::Cell& cell : row.cells) cells.push_back(CellText(cell));
        cells.push_back(std::to_string(stored.meta.version));
        cells.push_back(FormatLedgerTime(stored.meta.recorded_at));
        cells.push_back(Flag(stored.meta.retired));
        AppendRow(out, cells, kLineEnd);
    }
    return out;
}

std::string FlatFileName(Kind kind) { return std::string(EnumName(kind)) + ".flat.csv"; }

}  // namespace aidledger::csv
