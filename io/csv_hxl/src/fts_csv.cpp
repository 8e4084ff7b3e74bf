#include "aidledger/io/fts_csv.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "aidledger/core/sha256.h"
#include "csv_reader.h"

namespace aidledger::csv {
namespace {

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string Trim(std::string_view s) {
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) != 0))
        s.remove_prefix(1);
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) != 0))
        s.remove_suffix(1);
    return std::string(s);
}

std::string_view SkipBom(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

std::map<std::string, std::size_t> Header(const Row& row) {
    std::map<std::string, std::size_t> columns;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
        columns.emplace(Lower(Trim(row.cells[i].text)), i);
    }
    return columns;
}

bool IsFtsHeader(const std::map<std::string, std::size_t>& c) {
    return c.contains("id") && c.contains("status") &&
           (c.contains("amountusd") || c.contains("originalamount")) &&
           c.contains("srcorganization") && c.contains("destorganization");
}

// "AFG,AGO" or "AFG | AGO" -> the codes.
std::vector<std::string> List(std::string_view cell) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : cell) {
        if (c == ',' || c == '|' || c == ';') {
            if (!Trim(cur).empty()) out.push_back(Trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!Trim(cur).empty()) out.push_back(Trim(cur));
    return out;
}

}  // namespace

bool LooksLikeFtsFlows(std::string_view text) {
    CsvReader reader(SkipBom(text));
    Row row;
    if (reader.Next(row) != CsvReader::Status::kRow) return false;
    return IsFtsHeader(Header(row));
}

Result<foreign::File> ReadFtsFlows(std::string_view text, std::string name,
                                   const foreign::ReadOptions& options) {
    foreign::File file;
    file.name = std::move(name);
    file.format = "OCHA FTS flows (HDX CSV)";
    file.sha256 = Sha256Hex(text);
    std::string_view body = SkipBom(text);
    std::size_t skipped_bytes = text.size() - body.size();
    CsvReader reader(body);
    Row header;
    if (reader.Next(header) != CsvReader::Status::kRow) {
        return Error::Invalid(file.name, "is empty: no header row");
    }
    auto columns = Header(header);
    if (!IsFtsHeader(columns)) {
        return Error::Invalid(file.name, "is not a table of FTS flows");
    }
    auto cell = [&](const Row& row, const char* column) -> std::string {
        auto it = columns.find(column);
        if (it == columns.end() || it->second >= row.cells.size()) return "";
        return Trim(row.cells[it->second].text);
    };
    Row row;
    for (;;) {
        auto status = reader.Next(row);
        if (status == CsvReader::Status::kEnd) break;
        if (status == CsvReader::Status::kError) {
            return Error::Invalid(file.name + ":" + std::to_string(reader.error_at().line) + ":" +
                                      std::to_string(reader.error_at().column),
                                  reader.error());
        }
        if (row.blank()) continue;
        if (!row.cells.empty() && Trim(row.cells.front().text).rfind('#', 0) == 0) continue;
        foreign::FtsFlow flow;
        flow.at = {row.at.line, row.at.column, "row " + std::to_string(row.at.line)};
        flow.id = cell(row, "id");
        flow.status = cell(row, "status");
        flow.contribution_type = cell(row, "contributiontype");
        flow.date = cell(row, "date");
        flow.original_amount = cell(row, "originalamount");
        flow.original_currency = cell(row, "originalcurrency");
        flow.amount_usd = cell(row, "amountusd");
        flow.description = cell(row, "description");
        auto org = [&](const char* name_col, const char* type_col, const char* places_col,
                       std::vector<foreign::Org>& out) {
            std::string org_name = cell(row, name_col);
            if (!org_name.empty()) {
                foreign::Org o;
                o.name = org_name;
                std::vector<std::string> types = List(cell(row, type_col));
                if (!types.empty()) o.kind = foreign::FtsOrganisationKind(types.front());
                o.at = flow.at;
                out.push_back(std::move(o));
            }
            for (const std::string& code : List(cell(row, places_col))) {
                foreign::Org o;
                if (auto alpha2 = options.reference->CountryCode(code)) {
                    o.country = *alpha2;
                } else {
                    o.kind = PartyKind::kCountry;
                    o.name = code;
                }
                o.at = flow.at;
                out.push_back(std::move(o));
            }
        };
        org("srcorganization", "srcorganizationtypes", "srclocations", flow.sources);
        org("destorganization", "destorganizationtypes", "destlocations", flow.destinations);
        std::string marks = cell(row, "destemergency") + " " + cell(row, "destplan") + " " +
                            cell(row, "keywords") + " " + cell(row, "destplancode");
        std::string lower = Lower(marks);
        flow.covid =
            lower.find("covid") != std::string::npos || lower.find("hcovd20") != std::string::npos;
        std::size_t begin = row.offset;
        std::size_t end = reader.offset();
        std::string raw(body.substr(begin, end - begin));
        while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.pop_back();
        flow.excerpt = raw;
        (void)skipped_bytes;
        foreign::AddFtsFlow(file, flow, options);
    }
    if (file.units == 0) return Error::Invalid(file.name, "has a header row but no flows");
    return file;
}

}  // namespace aidledger::csv
