#include "xlsx_cells.h"

namespace aidledger::xlsx {

std::string Neutralise(std::string text) {
    if (text.empty()) return text;
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            text.insert(text.begin(), '\'');
            break;
        default:
            break;
    }
    return text;
}

std::string FitCell(std::string text) {
    if (text.size() <= kMaxCellBytes) return text;
    constexpr std::string_view kMark = " [truncated]";
    std::size_t cut = kMaxCellBytes - kMark.size();
    // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is split.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    text += kMark;
    return text;
}

std::string SheetName(std::string_view base, std::size_t part) {
    std::string suffix = part <= 1 ? "" : "_" + std::to_string(part);
    std::string name(base.substr(0, kMaxSheetName - suffix.size()));
    return name + suffix;
}

}  // namespace aidledger::xlsx
