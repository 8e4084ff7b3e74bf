#include "aidledger/app/export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

#include "aidledger/core/figures.h"
#include "aidledger/core/ledger.h"
#include "aidledger/io/csv_hxl.h"
#include "aidledger/io/flat_csv.h"
#include "aidledger/io/iati.h"
#include "aidledger/io/json_bundle.h"
#include "aidledger/io/xlsx.h"

namespace aidledger::app {
namespace {

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Result<LedgerView> ViewOf(LedgerStore& store, const ReferenceData& ref,
                          std::optional<LedgerTime> at) {
    Ledger reader(store, ref);
    return reader.View(at);
}

// The parties and items at ledger time `at`: all the analysis table needs to name ids (a view
// of two kinds, not of the whole ledger).
Result<LedgerView> NamesAt(LedgerStore& store, std::optional<LedgerTime> at) {
    std::vector<StoredRecord> records;
    for (Kind kind : {Kind::kParty, Kind::kItem}) {
        auto scanned = store.Scan(ScanQuery{kind, at, false});
        if (!scanned) return scanned.take_error();
        std::move(scanned->begin(), scanned->end(), std::back_inserter(records));
    }
    return LedgerView(std::move(records), at);
}

Result<bool> RetiredParam(const Params& params, Spelling spelling) {
    auto text = One(params, "retired");
    if (!text || *text == "true" || *text == "1" || text->empty()) return text.has_value();
    if (*text == "false" || *text == "0") return false;
    return Error::Invalid(FieldName("retired", spelling), "expected true or false");
}

FigureQuery WorkbookQuery(const ExportRequest& request) {
    FigureQuery query;
    query.as_of =
        request.as_of ? *request.as_of : Date{std::chrono::floor<std::chrono::days>(request.now)};
    return query;
}

Result<void> WriteWorkbookOf(const LedgerView& view, const ReferenceData& ref,
                             const ExportRequest& request, const std::string& path) {
    FigureQuery query = WorkbookQuery(request);
    return xlsx::WriteWorkbook(view, query, AnswerFigures(view, query).figures, ref, path);
}

// The export report's sentence on providers with no IATI organisation identifier.
std::string UnregisteredWarning(const std::vector<std::string>& ids, const std::string& prefix) {
    constexpr std::size_t kNamed = 8;  // a longer list is cut, with the count of the rest
    std::string list;
    for (std::size_t i = 0; i < ids.size() && i < kNamed; ++i) list += (i > 0 ? ", " : "") + ids[i];
    if (ids.size() > kNamed) list += " and " + std::to_string(ids.size() - kNamed) + " more";
    return std::to_string(ids.size()) + (ids.size() == 1 ? " provider has" : " providers have") +
           " no IATI organisation identifier (" + list +
           "): " + (ids.size() == 1 ? "its" : "their") +
           " activities are identified with the placeholder "
           "prefix " +
           prefix +
           ", which no registration agency issued. Give a party its iati_id "
           "where it has one (docs/formats.md \"IATI organisation identifiers\")";
}

Result<ExportFile> Iati(LedgerStore& store, const ReferenceData& ref,
                        const ExportRequest& request) {
    auto view = ViewOf(store, ref, request.at);
    if (!view) return view.take_error();
    iati::Options options;
    options.generated_at = request.now;
    options.as_of = request.as_of;
    options.reference = &ref;
    if (iati::CountActivities(*view, options) == 0) {
        return Error::NotFound(
            "",
            "nothing to export as IATI: no donation, cash contribution, team "
            "or expert exchange" +
                (request.as_of ? " by " + FieldName("as_of", request.spelling) : std::string()));
    }
    ExportFile file{iati::ExportActivities(*view, options),
                    "application/xml; charset=utf-8",
                    "aidledger-iati.xml",
                    0,
                    {}};
    if (auto unregistered = iati::UnregisteredReporters(*view, options); !unregistered.empty()) {
        file.warnings.push_back(UnregisteredWarning(unregistered, options.unregistered_org_prefix));
    }
    return file;
}

Result<ExportFile> Workbook(LedgerStore& store, const ReferenceData& ref,
                            const ExportRequest& request) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path path = fs::temp_directory_path(ec);
    if (ec) return Error::Unavailable("no temporary folder");
    std::random_device random;
    path /= "aidledger-export-" + std::to_string(random()) + std::to_string(random()) + ".xlsx";
    auto written = WriteWorkbook(store, ref, request, path.string());
    std::string data;
    if (written) {
        std::ifstream in(path, std::ios::binary);
        data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) written = Error::Unavailable("cannot read the workbook back");
    }
    fs::remove(path, ec);
    if (!written) return written.take_error();
    return ExportFile{std::move(data), std::string(kXlsxType), "aidledger.xlsx", 0, {}};
}

}  // namespace

Result<ExportFormat> ParseExportFormat(std::string_view text, std::string_view field) {
    for (auto f : {ExportFormat::kHxl, ExportFormat::kCsv, ExportFormat::kFlatCsv,
                   ExportFormat::kJson, ExportFormat::kIati, ExportFormat::kXlsx}) {
        if (text == ExportFormatName(f)) return f;
    }
    return Error::NotFound(
        std::string(field),
        "no such export format: expected hxl, csv, flat-csv, json, iati or xlsx");
}

std::string_view ExportFormatName(ExportFormat format) {
    switch (format) {
        case ExportFormat::kHxl:
            return "hxl";
        case ExportFormat::kCsv:
            return "csv";
        case ExportFormat::kFlatCsv:
            return "flat-csv";
        case ExportFormat::kJson:
            return "json";
        case ExportFormat::kIati:
            return "iati";
        case ExportFormat::kXlsx:
            return "xlsx";
    }
    return "";
}

bool IsTable(ExportFormat format) {
    return format == ExportFormat::kHxl || format == ExportFormat::kCsv;
}

bool TakesKind(ExportFormat format) { return IsTable(format) || format == ExportFormat::kFlatCsv; }

Result<ExportRequest> ParseExportRequest(ExportFormat format, const Params& params, LedgerTime now,
                                         Spelling spelling) {
    ExportRequest out;
    out.format = format;
    out.now = now;
    out.spelling = spelling;
    auto kind = KindParam(params, "kind", spelling);
    if (!kind) return kind.take_error();
    out.kind = *kind;
    std::string name(ExportFormatName(format));
    if (One(params, "as_of") && (TakesKind(format) || format == ExportFormat::kJson)) {
        return Error::Invalid(FieldName("as_of", spelling),
                              "applies to iati and xlsx only; " + name +
                                  " exports the ledger's records (use " +
                                  FieldName("at", spelling) + " for the ledger as it was)");
    }
    if (out.kind && !TakesKind(format)) {
        return Error::Invalid(FieldName("kind", spelling),
                              format == ExportFormat::kJson
                                  ? "a bundle holds the whole ledger; " +
                                        FieldName("kind", spelling) + " does not apply"
                                  : std::string("applies to hxl, csv and flat-csv only"));
    }
    if (One(params, "retired") && format != ExportFormat::kFlatCsv) {
        return Error::Invalid(FieldName("retired", spelling),
                              "applies to flat-csv only; " +
                                  (format == ExportFormat::kJson
                                       ? std::string("a bundle holds every version, retired "
                                                     "ones included")
                                       : name + " exports the live records"));
    }
    auto retired = RetiredParam(params, spelling);
    if (!retired) return retired.take_error();
    out.include_retired = *retired;
    auto as_of = DateParam(params, "as_of", spelling);
    if (!as_of) return as_of.take_error();
    out.as_of = *as_of;
    auto at = LedgerTimeParam(params, "at", spelling);
    if (!at) return at.take_error();
    out.at = *at;
    return out;
}

Result<ExportFile> ExportTable(LedgerStore& store, const ReferenceData& ref,
                               const ExportRequest& request, Kind kind) {
    auto scanned = store.Scan(ScanQuery{kind, request.at, false});
    if (!scanned) return scanned.take_error();
    std::vector<Record> records;
    records.reserve(scanned->size());
    for (auto& r : *scanned) records.push_back(std::move(r.record));
    bool hxl = request.format == ExportFormat::kHxl;
    auto dialect = hxl ? csv::Dialect::kHxl : csv::Dialect::kPlain;
    return ExportFile{csv::ExportTable(kind, records, dialect, ref),
                      "text/csv; charset=utf-8",
                      std::string(EnumName(kind)) + (hxl ? ".hxl.csv" : ".csv"),
                      records.size(),
                      {}};
}

Result<ExportFile> ExportFlatTable(LedgerStore& store, const ReferenceData& ref,
                                   const ExportRequest& request, Kind kind,
                                   const RecordFilter& keep) {
    auto names = NamesAt(store, request.at);
    if (!names) return names.take_error();
    auto scanned = store.Scan(ScanQuery{kind, request.at, request.include_retired});
    if (!scanned) return scanned.take_error();
    if (keep) std::erase_if(*scanned, [&](const StoredRecord& s) { return !keep(s.record); });
    std::size_t records = scanned->size();
    return ExportFile{csv::WriteFlatTable(kind, *scanned, ref, &*names),
                      "text/csv; charset=utf-8",
                      csv::FlatFileName(kind),
                      records,
                      {}};
}

Result<void> WriteWorkbook(LedgerStore& store, const ReferenceData& ref,
                           const ExportRequest& request, const std::string& path) {
    auto view = ViewOf(store, ref, request.at);
    if (!view) return view.take_error();
    return WriteWorkbookOf(*view, ref, request, path);
}

Result<ExportFile> ExportLedger(LedgerStore& store, const ReferenceData& ref,
                                const ExportRequest& request) {
    switch (request.format) {
        case ExportFormat::kHxl:
        case ExportFormat::kCsv:
            if (!request.kind) {
                return Error::Invalid(FieldName("kind", request.spelling),
                                      "give the kind of the table");
            }
            return ExportTable(store, ref, request, *request.kind);
        case ExportFormat::kFlatCsv:
            if (!request.kind) {
                return Error::Invalid(FieldName("kind", request.spelling),
                                      "give the kind of the table: " + EnumChoices<Kind>());
            }
            return ExportFlatTable(store, ref, request, *request.kind);
        case ExportFormat::kJson: {
            auto versions = json::CollectHistory(store, request.at);
            if (!versions) return versions.take_error();
            return ExportFile{json::WriteBundle(*versions, request.now, request.at),
                              "application/json",
                              "aidledger-bundle.json",
                              0,
                              {}};
        }
        case ExportFormat::kIati:
            return Iati(store, ref, request);
        case ExportFormat::kXlsx:
            return Workbook(store, ref, request);
    }
    return Error::Invalid(FieldName("format", request.spelling), "unknown export format");
}

}  // namespace aidledger::app
