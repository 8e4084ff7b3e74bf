// The import report as text (aidledger import prints it; a dry run prints the same).
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "aidledger/io/csv_hxl.h"

namespace aidledger::csv {
namespace {

// Past this many, a repeated problem's rows are counted rather than listed.
constexpr std::size_t kListedRepeats = 20;

std::string At(const Position& p) {
    return std::to_string(p.line) + ":" + std::to_string(p.column);
}

std::string Plural(std::int64_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string CountsLine(const char* what, const Counts& c) {
    return std::string(what) + ": " + std::to_string(c.total()) + " (" + std::to_string(c.created) +
           " created, " + std::to_string(c.updated) + " updated, " + std::to_string(c.unchanged) +
           " unchanged, " + std::to_string(c.rejected) + " rejected)\n";
}

}  // namespace

std::string FormatReport(const ImportReport& report) {
    std::string out;
    bool tables = false;
    for (const FileReport& file : report.files) {
        if (!file.summary.empty()) {
            out += file.name + ": " + file.summary + "\n";
            continue;
        }
        tables = true;
        out += file.name + ": " + Plural(file.rows, "row") + " of " +
               std::string(EnumName(file.kind)) + " records, " +
               (file.dialect == Dialect::kHxl ? "HXL tags" : "CSV header") + " on line " +
               std::to_string(file.header_line) + "\n";
        if (!file.ignored_columns.empty()) {
            out += "  ignored columns:";
            for (std::size_t i = 0; i < file.ignored_columns.size(); ++i) {
                out += (i > 0 ? ", " : " ") + file.ignored_columns[i];
            }
            out += "\n";
        }
    }

    // The same problem on many rows is one line listing them all (problems are in file order).
    struct Group {
        const RowProblem* first;
        std::vector<Position> more;
    };
    std::vector<Group> groups;
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
    for (const RowProblem& p : report.problems) {
        auto key = std::make_tuple(p.file, p.field, p.message);
        if (auto it = index.find(key); it != index.end()) {
            groups[it->second].more.push_back(p.at);
        } else {
            index.emplace(std::move(key), groups.size());
            groups.push_back(Group{&p, {}});
        }
    }
    for (const Group& g : groups) {
        const RowProblem& p = *g.first;
        out += p.file + ":" + At(p.at) + ": ";
        if (!p.field.empty()) out += p.field + ": ";
        out += p.message;
        if (!g.more.empty()) {
            out += " (" + std::to_string(g.more.size() + 1) + " times; also at";
            for (std::size_t i = 0; i < g.more.size() && i < kListedRepeats; ++i) {
                out += (i > 0 ? ", " : " ") + At(g.more[i]);
            }
            if (g.more.size() > kListedRepeats) {
                out += " and " + std::to_string(g.more.size() - kListedRepeats) + " more";
            }
            out += ")";
        }
        out += "\n";
    }
    for (const RowProblem& p : report.skipped) {
        out += p.file + ":" + At(p.at) + ": ";
        if (!p.field.empty()) out += p.field + ": ";
        out += "skipped: " + p.message + "\n";
    }
    for (const std::string& r : report.review) out += "review: " + r + "\n";
    if (!tables && !report.files.empty()) {
        out += CountsLine("records", report.records);
        if (!report.ok()) {
            out += "nothing written: " +
                   Plural(static_cast<std::int64_t>(report.problems.size()), "problem") +
                   ", and an import is all-or-nothing\n";
        }
        return out;
    }
    out += CountsLine("rows", report.rows);
    out += CountsLine("records", report.records);
    if (!report.ok()) {
        out += "nothing written: " + Plural(report.rows.rejected, "row") +
               " rejected, and an import is all-or-nothing\n";
    }
    return out;
}

}  // namespace aidledger::csv
