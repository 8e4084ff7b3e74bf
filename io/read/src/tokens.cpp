#include "tokens.h"

#include <cctype>

namespace aidledger::read {
namespace {

bool IsAlpha(unsigned char c) { return std::isalpha(c) != 0; }
bool IsDigit(unsigned char c) { return std::isdigit(c) != 0; }

// The length of the UTF-8 punctuation a word does not hold: typographic quotes and dashes,
// currency signs. 0 when `s[i]` starts none.
std::size_t PunctuationAt(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
        auto d = static_cast<unsigned char>(s[i + 2]);
        if (d >= 0x90 && d <= 0xA6) return 3;  // dashes, quotes, bullet, ellipsis
    }
    if (c == 0xE2 && i + 2 < s.size() && s.substr(i, 3) == "\xE2\x82\xAC") return 3;  // euro
    if (c == 0xC2 && i + 1 < s.size()) {
        auto d = static_cast<unsigned char>(s[i + 1]);
        if (d == 0xA3 || d == 0xA5 || d == 0xAB || d == 0xBB) return 2;  // pound yen quotes
    }
    return 0;
}

bool WordByte(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (IsAlpha(c) || IsDigit(c)) return true;
    if (c >= 0x80) return PunctuationAt(s, i) == 0;
    return false;
}

// A word joins letters, digits and inner hyphens, apostrophes and dots ("anti-epidemic",
// "china's", "u.s.").
std::size_t WordEnd(std::string_view s, std::size_t i) {
    while (i < s.size()) {
        bool inner =
            (s[i] == '-' || s[i] == '\'' || s[i] == '.') && i + 1 < s.size() && WordByte(s, i + 1);
        if (WordByte(s, i) || inner) {
            ++i;
        } else if (s.substr(i, 3) == "\xE2\x80\x99" && i + 3 < s.size() && WordByte(s, i + 3)) {
            i += 3;  // a typographic apostrophe inside a word
        } else {
            break;
        }
    }
    return i;
}

std::string Normalise(std::string_view raw) {
    std::string w;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw.substr(i, 3) == "\xE2\x80\x99") {
            w += '\'';
            i += 2;
        } else {
            w += static_cast<char>(std::tolower(static_cast<unsigned char>(raw[i])));
        }
    }
    if (w.size() > 2 && w.substr(w.size() - 2) == "'s") w.resize(w.size() - 2);
    return w;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || c == '\n') {
            std::size_t j = i;
            while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
            bool gap = j - i >= 2 && !out.empty() && j < s.size() && s[i] == ' ';
            if (gap) out.push_back({TokenKind::kGap, "", "", i, j});
            i = j == i ? i + 1 : j;
            continue;
        }
        if (IsDigit(c)) {
            // 16,000 and 3.86: separators only between digits.
            std::size_t j = i;
            while (j < s.size() && (IsDigit(static_cast<unsigned char>(s[j])) ||
                                    ((s[j] == ',' || s[j] == '.') && j + 1 < s.size() &&
                                     IsDigit(static_cast<unsigned char>(s[j + 1])) && j > i))) {
                ++j;
            }
            bool glued = j < s.size() && (WordByte(s, j) ||
                                          (s[j] == '-' && j + 1 < s.size() && WordByte(s, j + 1)));
            if (!glued) {
                std::string raw(s.substr(i, j - i));
                out.push_back({TokenKind::kNumber, raw, raw, i, j});
                i = j;
                continue;
            }
        }
        if (WordByte(s, i)) {
            std::size_t j = WordEnd(s, i);
            std::string raw(s.substr(i, j - i));
            // A number glued to letters ("G20", "Covid-19") is a name, never a figure.
            out.push_back({TokenKind::kWord, Normalise(raw), raw, i, j});
            i = j;
            continue;
        }
        std::size_t n = PunctuationAt(s, i);
        if (n == 0) n = 1;
        std::string raw(s.substr(i, n));
        out.push_back({TokenKind::kPunct, raw, raw, i, i + n});
        i += n;
    }
    return out;
}

}  // namespace aidledger::read
