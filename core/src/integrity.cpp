#include "aidledger/core/integrity.h"

#include <set>

#include "aidledger/core/validate.h"

namespace aidledger {

std::string FoldForQuote(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        // U+2018/2019 (E2 80 98/99) and U+201C/201D (E2 80 9C/9D): typographic quotes.
        if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
            auto d = static_cast<unsigned char>(text[i + 2]);
            if (d == 0x98 || d == 0x99 || d == 0x9C || d == 0x9D) {
                if (space && !out.empty()) out += ' ';
                space = false;
                out += (d <= 0x99) ? '\'' : '"';
                i += 2;
                continue;
            }
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    }
    return out;
}

std::vector<std::string> CheckStoredText(const StoredRecord& version) {
    std::vector<std::string> problems;
    const VersionMeta& m = version.meta;
    std::string where = RefName(m.kind, m.id) + " version " + std::to_string(m.version) + ": ";
    if (auto p = TextProblem(m.author, TextLines::kOne))
        problems.push_back(where + "author: " + *p);
    if (auto p = TextProblem(m.reason, TextLines::kMany))
        problems.push_back(where + "reason: " + *p);
    for (const Problem& p : TextProblems(version.record)) {
        problems.push_back(where + p.field + ": " + p.message);
    }
    return problems;
}

std::vector<std::string> CheckLedgerIntegrity(const LedgerView& view) {
    std::vector<std::string> problems;
    auto check = [&]<class T>(const RecordList<T>& records) {
        for (const auto& r : records) {
            for (std::size_t i = 0; i < r.sources.size(); ++i) {
                const Citation& c = r.sources[i];
                std::string where = std::string(EnumName(T::kKind)) + "/" + r.id + ": sources[" +
                                    std::to_string(i) + "]";
                const Source* s = view.FindSource(c.source);
                if (s == nullptr) {
                    problems.push_back(where + ": cites source " + c.source +
                                       ", which is not live in the ledger");
                } else if (!s->text.empty() && FoldForQuote(s->text).find(
                                                   FoldForQuote(c.excerpt)) == std::string::npos) {
                    problems.push_back(where + ": excerpt not found in source " + c.source);
                }
            }
        }
    };
    view.ForEachKind(check);
    for (const auto& p : view.All<Party>()) {
        std::set<std::string> seen{p.id};
        const Party* cur = &p;
        while (cur->parent) {
            if (!seen.insert(*cur->parent).second) {
                problems.push_back("party/" + p.id + ": parent chain loops through " +
                                   *cur->parent);
                break;
            }
            cur = view.FindParty(*cur->parent);
            if (cur == nullptr) {
                problems.push_back("party/" + p.id + ": parent is not live in the ledger");
                break;
            }
        }
    }
    return problems;
}

}  // namespace aidledger
