#include "csv_writer.h"

namespace aidledger::csv {

std::string Neutralise(std::string text, std::string_view starts) {
    auto formula = [&](char c) { return starts.find(c) != std::string_view::npos; };
    if (!text.empty() && (formula(text[0]) || (text[0] == '\'' && text.size() > 1 &&
                                               (formula(text[1]) || text[1] == '\'')))) {
        text.insert(0, 1, '\'');
    }
    return text;
}

void AppendCell(std::string& out, const std::string& text) {
    bool quote = text.find_first_of(",\"\r\n") != std::string::npos ||
                 (!text.empty() && (text.front() == ' ' || text.front() == '\t' ||
                                    text.back() == ' ' || text.back() == '\t'));
    if (!quote) {
        out += text;
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void AppendRow(std::string& out, const std::vector<std::string>& cells, std::string_view line_end) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out += ',';
        AppendCell(out, cells[i]);
    }
    out += line_end;
}

}  // namespace aidledger::csv
