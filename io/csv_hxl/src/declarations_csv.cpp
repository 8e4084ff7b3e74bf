#include "aidledger/io/declarations_csv.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <sstream>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "aidledger/core/money.h"
#include "aidledger/core/validate.h"
#include "declarations_stream.h"

namespace aidledger::csv {
namespace {

// The columns of the bulk format, in the order a generator writes them.
enum Col {
    kRef,
    kDate,
    kHs,
    kItem,
    kQty,
    kUnit,
    kValue,
    kCurrency,
    kDest,
    kExporter,
    kRegime,
    kCols
};
struct ColumnSpec {
    std::string_view header;
    std::string_view tag;  // normalised: hashtag then attributes sorted
    bool required;
};
constexpr std::array<ColumnSpec, kCols> kColumns{{
    {"id", "#meta +id", false},
    {"declared_on", "#date +declared", true},
    {"hs_code", "#item +code +hs", true},
    {"item", "#item +id", false},
    {"quantity", "#item +num", true},
    {"unit", "#item +unit", false},
    {"value", "#value", true},
    {"value.currency", "#currency", true},
    {"destination", "#country +code +dest", true},
    {"exporter", "#org +exporter +id", true},
    {"regime", "#meta +regime", false},
}};

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

std::string NormaliseTag(std::string_view cell) {
    std::istringstream in(Lower(cell));
    std::string hashtag;
    in >> hashtag;
    std::vector<std::string> attributes;
    for (std::string a; in >> a;) attributes.push_back(a);
    std::sort(attributes.begin(), attributes.end());
    for (const auto& a : attributes) hashtag += " " + a;
    return hashtag;
}

// One line split into cells. Views point into the line or into `unquoted`.
struct Cells {
    std::vector<std::string_view> text;
    std::vector<std::size_t> start;  // byte offset of each cell in the line
    std::vector<std::string> unquoted;
};

// Splits one line (without its line end). Quoted cells may hold commas and "" but not line
// breaks. Returns an error message, or "" when fine; `error_at` is the byte offset.
std::string Split(std::string_view line, Cells& out, std::size_t& error_at) {
    out.text.clear();
    out.start.clear();
    std::size_t used = 0;
    std::size_t i = 0;
    while (true) {
        std::size_t begin = i;
        std::size_t j = i;
        while (j < line.size() && line[j] == ' ') ++j;
        if (j < line.size() && line[j] == '"') {
            if (used == out.unquoted.size()) out.unquoted.emplace_back();
            std::string& cell = out.unquoted[used++];
            cell.clear();
            std::size_t k = j + 1;
            while (true) {
                if (k >= line.size()) {
                    error_at = j;
                    return "quoted cell not closed on its line (line breaks inside cells are "
                           "not accepted in declaration files)";
                }
                if (line[k] == '"') {
                    if (k + 1 < line.size() && line[k + 1] == '"') {
                        cell += '"';
                        k += 2;
                        continue;
                    }
                    ++k;
                    break;
                }
                cell += line[k++];
            }
            while (k < line.size() && line[k] == ' ') ++k;
            if (k < line.size() && line[k] != ',') {
                error_at = k;
                return "text after a closing quote";
            }
            out.text.emplace_back(cell);
            out.start.push_back(begin);
            if (k >= line.size()) return "";
            i = k + 1;
            continue;
        }
        const char* comma =
            static_cast<const char*>(std::memchr(line.data() + i, ',', line.size() - i));
        std::size_t end =
            comma != nullptr ? static_cast<std::size_t>(comma - line.data()) : line.size();
        out.text.push_back(line.substr(i, end - i));
        out.start.push_back(begin);
        if (comma == nullptr) return "";
        i = end + 1;
    }
}

// Characters (code points) before byte `offset` of the line, plus one.
std::int64_t ColumnAt(std::string_view line, std::size_t offset) {
    std::int64_t column = 1;
    for (std::size_t i = 0; i < offset && i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
}

bool FastDate(std::string_view s, std::int32_t& day) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    int v[8];
    static constexpr std::array<int, 8> kAt{0, 1, 2, 3, 5, 6, 8, 9};
    for (std::size_t i = 0; i < 8; ++i) {
        char c = s[static_cast<std::size_t>(kAt[i])];
        if (c < '0' || c > '9') return false;
        v[i] = c - '0';
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    auto m = static_cast<unsigned>(v[4] * 10 + v[5]);
    auto d = static_cast<unsigned>(v[6] * 10 + v[7]);
    Date date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (!date.ok() || !InYearRange(date)) return false;
    day = DayNumber(date);
    return true;
}

// Quantities are at most 10^17 (docs/formats.md), so at most 18 digits; the whole part of a
// value has at most as many digits.
constexpr std::int64_t kMaxQuantity = 100'000'000'000'000'000;
constexpr std::size_t kMaxWholeDigits = 18;

// A whole number 0 .. 10^17, 10^17 included.
bool WholeNumber(std::string_view s, std::int64_t& out) {
    if (s.empty() || s.size() > kMaxWholeDigits) return false;
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    if (v > kMaxQuantity) return false;
    out = v;
    return true;
}

// An amount in major units with at most `exponent` decimals, to minor units (core/money.h),
// neither negative nor beyond what the rollups can sum: at most kMaxWholeDigits digits before
// the dot, and a whole part of at most 2^62 minor units' worth.
constexpr std::int64_t kMaxRowMinor = std::int64_t{1} << 62;

bool Amount(std::string_view s, int exponent, std::int64_t& out) {
    if (!s.empty() && s.front() == '-') return false;
    if (s.substr(0, s.find('.')).size() > kMaxWholeDigits) return false;
    auto minor = ParseAmount(s, exponent);
    if (!minor) return false;
    std::int64_t scale = 1;
    for (int i = 0; i < exponent; ++i) scale *= 10;
    if (*minor / scale > kMaxRowMinor / scale) return false;
    out = *minor;
    return true;
}

// Texts remembered per import (parties, categories) before the memo is dropped: bounded memory
// on hostile input.
constexpr std::size_t kMaxRemembered = 1'000'000;

struct PartyFact {
    std::string id;
    PartyKind kind = PartyKind::kCountry;
    bool known = false;
    bool synthetic = false;    // a record made by `aidledger generate`
    std::uint32_t number = 0;  // ClearanceIndex::ExporterNumber of the id
};

using ByText = std::unordered_map<std::string, std::uint32_t, CustomsHash, std::equal_to<>>;

class Importer {
  public:
    Importer(const LedgerView& view, const ReferenceData& ref, const DeclarationImportOptions& o,
             DeclarationImportReport& report, bool synthetic_batch)
        : view_(view),
          ref_(ref),
          options_(o),
          report_(report),
          clearance_(view, o.rule_set),
          synthetic_batch_(synthetic_batch) {}

    Result<void> Header(std::string_view line, std::int64_t line_no) {
        Cells cells;
        std::size_t at = 0;
        if (auto e = Split(line, cells, at); !e.empty()) {
            return Error::Invalid(Where(line_no, ColumnAt(line, at)), e);
        }
        header_line_ = line_no;
        names_.clear();
        for (auto t : cells.text) names_.push_back(Trim(t));
        return Ok{};
    }

    // The row after the header: HXL tags, or the first data row. True when it was tags.
    bool MaybeTags(std::string_view line) {
        Cells cells;
        std::size_t at = 0;
        if (!Split(line, cells, at).empty() || cells.text.empty()) return false;
        std::size_t tagged = 0;
        for (auto t : cells.text) {
            std::string c = Trim(t);
            if (!c.empty() && c[0] == '#') ++tagged;
        }
        if (tagged == 0) return false;
        tags_.clear();
        for (auto t : cells.text) tags_.push_back(NormaliseTag(Trim(t)));
        report_.hxl = true;
        return true;
    }

    Result<void> MapColumns(std::int64_t line_no) {
        index_.fill(-1);
        const auto& by = report_.hxl ? tags_ : names_;
        for (std::size_t i = 0; i < by.size(); ++i) {
            bool found = false;
            for (std::size_t c = 0; c < kCols; ++c) {
                std::string_view want = report_.hxl ? kColumns[c].tag : kColumns[c].header;
                if (by[i] == want && index_[c] < 0) {
                    index_[c] = static_cast<int>(i);
                    found = true;
                    break;
                }
            }
            if (!found && !by[i].empty()) {
                report_.ignored_columns.push_back(by[i] + " (column " + std::to_string(i + 1) +
                                                  ")");
            }
        }
        for (std::size_t c = 0; c < kCols; ++c) {
            if (kColumns[c].required && index_[c] < 0) {
                return Error::Invalid(Where(line_no, 1), "required column " +
                                                             std::string(kColumns[c].header) +
                                                             " (" + std::string(kColumns[c].tag) +
                                                             ") is missing: docs/formats.md lists "
                                                             "the columns of bulk declarations");
            }
        }
        for (std::size_t c = 0; c < kCols; ++c) {
            if (index_[c] >= 0) {
                auto i = static_cast<std::size_t>(index_[c]);
                label_[c] = report_.hxl ? tags_[i] : names_[i];
            }
        }
        return Ok{};
    }

    // One data row: validated, judged, and added to `row`. False when bad (problems noted).
    bool Row(std::string_view line, std::int64_t line_no, DeclarationRow& row) {
        std::size_t at = 0;
        if (auto e = Split(line, cells_, at); !e.empty()) {
            Note("row", e, line_no, ColumnAt(line, at));
            return false;
        }
        bool good = true;
        auto cell = [&](int c) -> std::string_view {
            int i = index_[static_cast<std::size_t>(c)];
            if (i < 0 || static_cast<std::size_t>(i) >= cells_.text.size()) return {};
            std::string_view v = cells_.text[static_cast<std::size_t>(i)];
            while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
            while (!v.empty() && (v.back() == ' ' || v.back() == '\r')) v.remove_suffix(1);
            return v;
        };
        auto bad = [&](int c, std::string message) {
            int i = index_[static_cast<std::size_t>(c)];
            std::int64_t column = 1;
            if (i >= 0 && static_cast<std::size_t>(i) < cells_.start.size()) {
                column = ColumnAt(line, cells_.start[static_cast<std::size_t>(i)]);
            } else {
                column = ColumnAt(line, line.size());
            }
            Note(label_[static_cast<std::size_t>(c)], std::move(message), line_no, column);
            good = false;
        };
        row.line = line_no;
        row.reference.assign(cell(kRef));
        if (auto text = TextProblem(row.reference, TextLines::kOne)) bad(kRef, *text);
        std::string_view date = cell(kDate);
        if (date.empty()) {
            bad(kDate, "required");
        } else if (!FastDate(date, row.day)) {
            bad(kDate, "malformed date \"" + Clip(date) + "\": expected YYYY-MM-DD, one day");
        }
        std::string_view hs = cell(kHs);
        if (hs.empty()) {
            bad(kHs, "required");
        } else if (!IsHsCode(hs)) {
            bad(kHs, "malformed HS code \"" + Clip(hs) + "\": e.g. 6307.90");
        }
        row.hs_code.assign(hs);
        std::string_view item = cell(kItem);
        row.item.assign(item);
        if (!item.empty() && view_.FindItem(item) == nullptr) {
            bad(kItem, "unknown item \"" + Clip(item) + "\"");
        }
        std::string_view qty = cell(kQty);
        if (qty.empty()) {
            bad(kQty, "required");
        } else if (!WholeNumber(qty, row.quantity)) {
            bad(kQty, "not a whole number of at most 17 digits: \"" + Clip(qty) + "\"");
        }
        std::string_view currency = cell(kCurrency);
        std::string upper(currency);
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        bool currency_ok = false;
        if (currency.empty()) {
            bad(kCurrency, "required");
        } else if (!ref_.IsCurrency(upper)) {
            bad(kCurrency,
                "unknown currency \"" + Clip(currency) + "\": expected an ISO 4217 code");
        } else {
            currency_ok = true;
            row.currency = upper;
        }
        std::string_view value = cell(kValue);
        if (value.empty()) {
            bad(kValue, "required");
        } else if (currency_ok) {
            int exponent = Exponent(row.currency);
            if (!Amount(value, exponent, row.value_minor)) {
                bad(kValue, "not an amount in major units with at most " +
                                std::to_string(exponent) + " decimals: \"" + Clip(value) + "\"");
            }
        }
        const PartyFact* dest = Party(cell(kDest));
        if (cell(kDest).empty()) {
            bad(kDest, "required");
        } else if (!dest->known) {
            bad(kDest, "unknown party \"" + Clip(cell(kDest)) + "\"");
        } else {
            row.destination = dest->id;
        }
        const PartyFact* exporter = Party(cell(kExporter));
        if (cell(kExporter).empty()) {
            bad(kExporter, "required");
        } else if (!exporter->known) {
            bad(kExporter, "unknown party \"" + Clip(cell(kExporter)) + "\"");
        } else if (exporter->synthetic && !synthetic_batch_) {
            // A generated file imported as real would be counted with real declarations.
            bad(kExporter, "\"" + Clip(cell(kExporter)) +
                               "\" is a synthetic party (made by aidledger generate): a generated "
                               "file is imported with --synthetic, as a synthetic batch");
        } else {
            row.exporter = exporter->id;
            row.exporter_kind = exporter->kind;
        }
        std::string_view regime = cell(kRegime);
        if (auto r = ParseCustomsRegime(regime)) {
            row.regime = *r;
        } else {
            bad(kRegime, "unknown customs regime \"" + Clip(regime) +
                             "\": expected a four-digit code such as 0110 or 3511, or " +
                             EnumChoices<CustomsRegime>());
        }
        if (!good) return false;
        ClearanceIndex::Judgement judged =
            clearance_.Judge(exporter->number, Category(row.hs_code, row.item), row.day);
        row.verdict = judged.verdict;
        row.rule = clearance_.RuleName(judged.rule);
        return true;
    }

  private:
    // A cell quoted in a message, cut so that a hostile cell cannot flood the report.
    static constexpr std::size_t kClipChars = 40;
    static std::string Clip(std::string_view s) {
        return s.size() > kClipChars ? std::string(s.substr(0, kClipChars)) + "..."
                                     : std::string(s);
    }

    int Exponent(const std::string& currency) {
        auto it = exponents_.find(currency);
        if (it != exponents_.end()) return it->second;
        int e = ref_.Exponent(currency);
        exponents_.emplace(currency, e);
        return e;
    }

    // The ClearanceIndex number of a product's category, found once per item or HS code.
    std::uint32_t Category(std::string_view hs, std::string_view item) {
        ByText& by = item.empty() ? hs_category_ : item_category_;
        std::string_view key = item.empty() ? hs : item;
        auto it = by.find(key);
        if (it != by.end()) return it->second;
        std::uint32_t n = clearance_.CategoryNumber(clearance_.CategoryOf(hs, item));
        if (by.size() > kMaxRemembered) by.clear();  // bounded memory on hostile input
        by.emplace(std::string(key), n);
        return n;
    }

    // A party by id, or a country by ISO 3166-1 code (alpha-2 or alpha-3, any case).
    const PartyFact* Party(std::string_view text) {
        auto it = parties_.find(text);
        if (it != parties_.end()) return &it->second;
        PartyFact f;
        auto use = [&](const std::string& id) {
            if (const aidledger::Party* p = view_.FindParty(id)) {
                f.id = p->id;
                f.kind = p->kind;
                f.known = true;
                f.synthetic = p->synthetic;
                return true;
            }
            return false;
        };
        if (!text.empty() && !use(std::string(text))) {
            if (auto alpha2 = ref_.CountryCode(text)) use(CountryPartyId(*alpha2));
        }
        if (f.known) f.number = clearance_.ExporterNumber(f.id);
        if (parties_.size() > kMaxRemembered) parties_.clear();  // bounded memory on hostile input
        return &parties_.emplace(std::string(text), std::move(f)).first->second;
    }

    void Note(const std::string& column, std::string message, std::int64_t line, std::int64_t col) {
        std::string key = column + "\n" + message;
        auto it = by_key_.find(key);
        if (it == by_key_.end()) {
            if (report_.problems.size() >= options_.max_problems) {
                ++report_.more_problems;
                return;
            }
            it = by_key_.emplace(key, report_.problems.size()).first;
            report_.problems.push_back(DeclarationProblem{column, std::move(message), {}, 0});
        }
        DeclarationProblem& p = report_.problems[it->second];
        ++p.count;
        if (p.at.size() < options_.max_examples) p.at.emplace_back(line, col);
    }

    std::string Where(std::int64_t line, std::int64_t col) const {
        return report_.file + ":" + std::to_string(line) + ":" + std::to_string(col);
    }

    const LedgerView& view_;
    const ReferenceData& ref_;
    const DeclarationImportOptions& options_;
    DeclarationImportReport& report_;
    ClearanceIndex clearance_;
    std::int64_t header_line_ = 0;
    std::vector<std::string> names_;
    std::vector<std::string> tags_;
    std::array<int, kCols> index_{};
    std::array<std::string, kCols> label_;
    Cells cells_;
    std::unordered_map<std::string, PartyFact, CustomsHash, std::equal_to<>> parties_;
    ByText hs_category_;
    ByText item_category_;
    std::unordered_map<std::string, int> exponents_;
    std::unordered_map<std::string, std::size_t> by_key_;
    bool synthetic_batch_ = false;
};

}  // namespace

Result<DeclarationImportReport> ImportDeclarations(
    const std::function<std::size_t(char*, std::size_t)>& read, const LedgerView& view,
    const ReferenceData& ref, DeclarationStore& store, const DeclarationBatch& batch,
    const DeclarationImportOptions& options) {
    DeclarationImportReport report;
    report.file = batch.file;
    Importer importer(view, ref, options, report, batch.synthetic);
    std::unique_ptr<DeclarationWriter> writer;
    if (!options.dry_run) {
        auto begun = store.Begin(batch, options.audit);
        if (!begun) return begun.take_error();
        writer = std::move(*begun);
    }

    LineReader lines(read, batch.file);
    enum class Stage { kHeader, kTags, kRows } stage = Stage::kHeader;
    DeclarationRow row;
    std::optional<WriterThread> pipe;
    if (writer) pipe.emplace(*writer);
    std::vector<DeclarationRow>* chunk = pipe ? &pipe->Take() : nullptr;
    std::size_t filled = 0;

    while (true) {
        std::string_view line;
        auto more = lines.Next(line);
        if (!more) return more.take_error();
        if (!*more) break;
        const std::int64_t line_no = lines.line_no();
        bool blank = line.find_first_not_of(", \t") == std::string_view::npos;
        if (blank) continue;
        switch (stage) {
            case Stage::kHeader:
                if (auto h = importer.Header(line, line_no); !h) return h.take_error();
                stage = Stage::kTags;
                continue;
            case Stage::kTags:
                stage = Stage::kRows;
                if (importer.MaybeTags(line)) {
                    if (auto m = importer.MapColumns(line_no); !m) return m.take_error();
                    continue;
                }
                if (auto m = importer.MapColumns(line_no - 1); !m) return m.take_error();
                break;
            case Stage::kRows:
                break;
        }
        ++report.rows;
        DeclarationRow& r = chunk != nullptr ? (*chunk)[filled] : row;
        if (importer.Row(line, line_no, r)) {
            ++report.verdicts[r.verdict];
            if (chunk != nullptr && ++filled == WriterThread::kRows) {
                pipe->Push(filled);
                if (pipe->failed()) break;  // a store error: WriteRest below returns it
                chunk = &pipe->Take();
                filled = 0;
            }
        } else {
            ++report.bad_rows;
            // The batch is lost: stop writing, roll it back now, keep reporting.
            pipe.reset();
            writer.reset();
            chunk = nullptr;
        }
        if (options.progress && (report.rows & 0xFFFF) == 0) {
            options.progress(lines.bytes(), report.rows);
        }
    }
    if (stage == Stage::kHeader) return Error::Invalid(batch.file, "is empty: no header row");
    if (stage == Stage::kTags) {
        if (auto m = importer.MapColumns(lines.line_no()); !m) return m.take_error();
    }
    if (report.rows == 0) {
        return Error::Invalid(batch.file, "has a header but no declaration rows");
    }
    if (options.progress) options.progress(lines.bytes(), report.rows);
    if (auto written = WriteRest(pipe, filled, writer.get(), report); !written) {
        return written.take_error();
    }
    return report;
}

std::string FormatDeclarationReport(const DeclarationImportReport& report) {
    std::string out;
    for (const auto& p : report.problems) {
        for (const auto& [line, column] : p.at) {
            out += report.file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                   p.column + ": " + p.message + "\n";
        }
        if (p.count > static_cast<std::int64_t>(p.at.size())) {
            out += "  ... and " + std::to_string(p.count - static_cast<std::int64_t>(p.at.size())) +
                   " more rows with this problem in " + p.column + "\n";
        }
    }
    if (report.more_problems > 0) {
        out +=
            "  ... and " + std::to_string(report.more_problems) + " more problems of other kinds\n";
    }
    for (const auto& c : report.ignored_columns) out += "ignored column: " + c + "\n";
    out += report.file + ": " + std::to_string(report.rows) + " rows (" +
           (report.hxl ? "HXL" : "CSV") + ")";
    if (!report.ok()) {
        out += ", " + std::to_string(report.bad_rows) + " bad\n";
        return out;
    }
    out += "\n";
    for (const auto& [verdict, n] : report.verdicts) {
        out += "  " + std::string(EnumName(verdict)) + ": " + std::to_string(n) + "\n";
    }
    if (report.batch) {
        out += "batch " + std::to_string(report.batch->id) + ": " +
               std::to_string(report.batch->rows) + " declarations written\n";
    }
    return out;
}

std::string DeclarationCsvHeader(bool hxl) {
    std::string out;
    for (std::size_t c = 0; c < kCols; ++c) {
        out += (c != 0 ? "," : "") + std::string(kColumns[c].header);
    }
    out += "\n";
    if (hxl) {
        for (std::size_t c = 0; c < kCols; ++c)
            out += (c != 0 ? "," : "") + std::string(kColumns[c].tag);
        out += "\n";
    }
    return out;
}

void AppendDeclarationCsvRow(std::string& out, const DeclarationRow& row, int exponent) {
    out += row.reference;
    out += ',';
    out += FormatDate(DateOfDay(row.day));
    out += ',';
    out += row.hs_code;
    out += ',';
    out += row.item;
    out += ',';
    out += std::to_string(row.quantity);
    out += ",,";
    std::int64_t scale = 1;
    for (int i = 0; i < exponent; ++i) scale *= 10;
    out += std::to_string(row.value_minor / scale);
    if (exponent > 0) {
        std::string frac = std::to_string(row.value_minor % scale);
        out += '.';
        out.append(static_cast<std::size_t>(exponent) - frac.size(), '0');
        out += frac;
    }
    out += ',';
    out += row.currency;
    out += ',';
    out += row.destination;
    out += ',';
    out += row.exporter;
    out += ',';
    if (row.regime != CustomsRegime::kNotStated) out += EnumName(row.regime);
    out += '\n';
}

}  // namespace aidledger::csv
