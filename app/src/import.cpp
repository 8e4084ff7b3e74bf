#include "aidledger/app/import.h"

#include <algorithm>

namespace aidledger::app {

Result<bool> IsBundle(const ImportRequest& request) {
    // FTS flows are JSON too, but not a bundle, whatever the request's content type says.
    if (request.files.size() == 1 && !json::LooksLikeBundle(request.files.front().text) &&
        ForeignFormatOf(request.files.front())) {
        return false;
    }
    bool bundle = request.json_declared || std::any_of(request.files.begin(), request.files.end(),
                                                       [](const csv::InputFile& f) {
                                                           return json::LooksLikeBundle(f.text);
                                                       });
    if (!bundle) return false;
    if (request.files.size() > 1) {
        return Error::Invalid("FILE", "a JSON bundle is imported on its own, one per ledger");
    }
    if (request.kind) {
        return Error::Invalid(FieldName("kind", request.spelling),
                              "a bundle holds every kind; " + FieldName("kind", request.spelling) +
                                  " does not apply");
    }
    return true;
}

Result<json::RestoreSummary> RestoreBundle(const ImportRequest& request, const ReferenceData& ref,
                                           LedgerStore* store, std::string_view ledger_name,
                                           const std::optional<RestoreAudit>& audit) {
    if (request.files.size() != 1) {
        return Error::Invalid("FILE", "a JSON bundle is imported on its own, one per ledger");
    }
    const csv::InputFile& file = request.files.front();
    return json::RestoreBundle(file.text, file.name, ref, store, ledger_name, request.dry_run,
                               audit);
}

Result<csv::ImportReport> ImportTables(Ledger& ledger, const ImportRequest& request,
                                       const WriteContext& context) {
    auto foreign = IsForeign(request);
    if (!foreign) return foreign.take_error();
    if (*foreign) return ImportForeign(ledger, request, context);
    std::vector<csv::InputFile> files = request.files;
    if (request.kind) {
        for (auto& f : files) f.kind = request.kind;
    }
    csv::ImportOptions options;
    options.dry_run = request.dry_run;
    options.progress = request.progress;
    return csv::Import(ledger, files, options, context);
}

std::string RejectedMessage(const csv::ImportReport& report) {
    bool tables = std::any_of(report.files.begin(), report.files.end(),
                              [](const csv::FileReport& f) { return f.summary.empty(); });
    if (!tables && !report.files.empty()) {
        auto n = static_cast<std::int64_t>(report.problems.size());
        return std::to_string(n) + (n == 1 ? " problem" : " problems") + "; nothing written";
    }
    std::int64_t n = report.rows.rejected;
    return std::to_string(n) + (n == 1 ? " row" : " rows") + " rejected; nothing written";
}

std::string FileNames(const ImportRequest& request) {
    std::string names;
    for (std::size_t i = 0; i < request.files.size(); ++i) {
        names += (i > 0 ? ", " : "") + request.files[i].name;
    }
    return names;
}

}  // namespace aidledger::app
