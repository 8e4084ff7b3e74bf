#include "text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <utility>

namespace aidledger::read {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string LowerAscii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), Lower);
    return out;
}

bool StartsWithAt(std::string_view s, std::size_t i, std::string_view prefix) {
    if (i + prefix.size() > s.size()) return false;
    for (std::size_t k = 0; k < prefix.size(); ++k) {
        if (Lower(s[i + k]) != prefix[k]) return false;
    }
    return true;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The named references news pages use; a no-break space is read as a space.
constexpr std::array<std::pair<std::string_view, std::uint32_t>, 24> kEntities = {{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", ' '},     {"ndash", 0x2013}, {"mdash", 0x2014},  {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"laquo", 0x00AB}, {"raquo", 0x00BB},
    {"euro", 0x20AC},  {"pound", 0x00A3}, {"yen", 0x00A5},    {"copy", 0x00A9},  {"middot", 0x00B7},
    {"bull", 0x2022},  {"deg", 0x00B0},   {"times", 0x00D7},  {"shy", 0x00AD},
}};

// The code point of a numeric reference's digits ("8217", "x2019"); nullopt when malformed.
std::optional<std::uint32_t> NumericReference(std::string_view digits) {
    int base = 10;
    if (!digits.empty() && (digits[0] == 'x' || digits[0] == 'X')) {
        base = 16;
        digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > 7) return std::nullopt;
    std::uint32_t cp = 0;
    for (char c : digits) {
        int d = std::isdigit(static_cast<unsigned char>(c)) != 0 ? c - '0'
                : base == 16 && std::isxdigit(static_cast<unsigned char>(c)) != 0
                    ? Lower(c) - 'a' + 10
                    : -1;
        if (d < 0) return std::nullopt;
        cp = cp * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(d);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    return cp;
}

constexpr std::array<std::string_view, 24> kBlockTags = {
    "p",      "div",    "br",         "h1",    "h2",         "h3",    "h4",      "h5",
    "h6",     "li",     "ul",         "ol",    "tr",         "table", "section", "article",
    "header", "footer", "blockquote", "title", "figcaption", "main",  "aside",   "hr"};

bool IsBlockTag(std::string_view name) {
    return std::find(kBlockTags.begin(), kBlockTags.end(), name) != kBlockTags.end();
}

// The value of attribute `name` in a tag's text (`<meta property="og:title" content="...">`).
std::optional<std::string> Attribute(std::string_view tag, std::string_view name) {
    std::string lower = LowerAscii(tag);
    std::size_t at = 0;
    while ((at = lower.find(name, at)) != std::string::npos) {
        std::size_t i = at + name.size();
        bool word_start = at > 0 && (std::isspace(static_cast<unsigned char>(lower[at - 1])) != 0);
        while (i < lower.size() && lower[i] == ' ') ++i;
        if (!word_start || i >= lower.size() || lower[i] != '=') {
            at += name.size();
            continue;
        }
        ++i;
        while (i < lower.size() && lower[i] == ' ') ++i;
        if (i >= lower.size()) return std::nullopt;
        char quote = lower[i];
        if (quote == '"' || quote == '\'') {
            std::size_t close = tag.find(quote, i + 1);
            if (close == std::string_view::npos) return std::nullopt;
            return DecodeEntities(tag.substr(i + 1, close - i - 1));
        }
        std::size_t end = i;
        while (end < tag.size() && tag[end] != ' ' && tag[end] != '>' && tag[end] != '/') ++end;
        return DecodeEntities(tag.substr(i, end - i));
    }
    return std::nullopt;
}

// What a <meta> or <time> element tells about the report.
void ReadMetadata(std::string_view name, std::string_view tag, PreparedText& out) {
    if (name == "time") {
        if (!out.date_text) out.date_text = Attribute(tag, "datetime");
        return;
    }
    auto key = Attribute(tag, "property");
    if (!key) key = Attribute(tag, "name");
    auto content = Attribute(tag, "content");
    if (!key || !content || content->empty()) return;
    std::string k = LowerAscii(*key);
    if (k == "og:site_name" || k == "application-name" || k == "publisher") {
        if (!out.outlet) out.outlet = *content;
    } else if (k == "og:title" || k == "twitter:title") {
        if (!out.title) out.title = *content;
    } else if (k == "article:published_time" || k == "date" || k == "pubdate" ||
               k == "publishdate" || k == "dc.date") {
        if (!out.date_text) out.date_text = *content;
    }
}

// Collapses spaces inside lines, trims lines and keeps at most one empty line between
// paragraphs.
std::string TidyLines(std::string_view raw) {
    std::string out;
    std::string line;
    int empty_run = 0;
    auto flush = [&] {
        while (!line.empty() && line.back() == ' ') line.pop_back();
        if (line.empty()) {
            if (!out.empty() && empty_run == 0) out += '\n';
            ++empty_run;
        } else {
            out += line;
            out += '\n';
            empty_run = 0;
        }
        line.clear();
    };
    for (char c : raw) {
        if (c == '\n') {
            flush();
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            if (!line.empty() && line.back() != ' ') line += ' ';
        } else {
            line += c;
        }
    }
    flush();
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

}  // namespace

bool LooksLikeHtml(std::string_view bytes) {
    std::size_t i = 0;
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[i])) != 0) ++i;
    if (i >= bytes.size() || bytes[i] != '<') return false;
    std::string head = LowerAscii(bytes.substr(i, 4096));
    constexpr std::array<std::string_view, 8> kMarks = {
        "<!doctype html", "<html", "<body", "<p>", "<p ", "<div", "<head", "<article"};
    return std::any_of(kMarks.begin(), kMarks.end(),
                       [&](std::string_view mark) { return head.find(mark) != std::string::npos; });
}

std::string DecodeEntities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        std::size_t semi = text.find(';', i + 1);
        if (semi == std::string_view::npos || semi - i > 10) {
            out += '&';
            continue;
        }
        std::string_view name = text.substr(i + 1, semi - i - 1);
        std::optional<std::uint32_t> cp;
        if (!name.empty() && name[0] == '#') {
            cp = NumericReference(name.substr(1));
        } else {
            for (const auto& [n, c] : kEntities) {
                if (n == name) cp = c;
            }
        }
        if (!cp) {
            out += '&';
            continue;
        }
        AppendUtf8(out, *cp == 0xA0 ? ' ' : *cp);
        i = semi;
    }
    return out;
}

PreparedText StripHtml(std::string_view html) {
    PreparedText out;
    out.html = true;
    std::string raw;
    std::string pending;  // text between tags, decoded when a tag ends it
    std::optional<std::string> title_text;
    bool in_title = false;
    auto flush_text = [&] {
        std::string decoded = DecodeEntities(pending);
        if (in_title) {
            title_text = title_text.value_or("") + decoded;
        } else {
            raw += decoded;
        }
        pending.clear();
    };
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] != '<') {
            pending += html[i++];
            continue;
        }
        flush_text();
        if (StartsWithAt(html, i, "<!--")) {
            std::size_t end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        std::size_t close = html.find('>', i);
        if (close == std::string_view::npos) break;
        std::string_view tag = html.substr(i + 1, close - i - 1);
        bool closing = !tag.empty() && tag[0] == '/';
        std::size_t n = closing ? 1 : 0;
        std::size_t name_end = n;
        while (name_end < tag.size() &&
               std::isalnum(static_cast<unsigned char>(tag[name_end])) != 0)
            ++name_end;
        std::string name = LowerAscii(tag.substr(n, name_end - n));
        i = close + 1;
        if (!closing && (name == "script" || name == "style" || name == "noscript")) {
            std::string end_tag = "</" + name;
            std::string lower_rest = LowerAscii(html.substr(i));
            std::size_t end = lower_rest.find(end_tag);
            if (end == std::string::npos) break;
            std::size_t after = html.find('>', i + end);
            i = after == std::string_view::npos ? html.size() : after + 1;
            continue;
        }
        if (name == "meta" || name == "time") ReadMetadata(name, tag, out);
        if (name == "title") in_title = !closing;
        if (IsBlockTag(name)) raw += '\n';
    }
    flush_text();
    if (title_text) {
        std::string t = TidyLines(*title_text);
        std::replace(t.begin(), t.end(), '\n', ' ');
        if (!t.empty() && !out.title) out.title = t;
    }
    out.text = TidyLines(raw);
    return out;
}

std::string NormaliseText(std::string_view text, std::size_t& replaced) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            out += ' ';
            ++replaced;
        } else if (c == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            out += ' ';  // a C1 control character, U+0080-U+009F
            ++replaced;
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::vector<Sentence> SplitSentences(std::string_view text) {
    std::vector<Sentence> out;
    auto emit = [&](std::size_t b, std::size_t e) {
        while (b < e && std::isspace(static_cast<unsigned char>(text[b])) != 0) ++b;
        while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1])) != 0) --e;
        if (e > b) out.push_back({b, e});
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n') {
            emit(start, i);
            start = i + 1;
            continue;
        }
        if (c != '.' && c != '!' && c != '?') continue;
        std::size_t j = i + 1;
        // A closing quote after the full stop belongs to the sentence.
        while (j < text.size() && (text[j] == '"' || text[j] == '\'' || text[j] == ')')) ++j;
        if (j + 2 < text.size() && text.substr(j, 3) == "\xE2\x80\x9D") j += 3;
        if (j >= text.size() || (text[j] != ' ' && text[j] != '\t')) continue;
        std::size_t k = j;
        while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
        if (k >= text.size()) continue;
        auto next = static_cast<unsigned char>(text[k]);
        bool opens = std::isupper(next) != 0 || std::isdigit(next) != 0 || next == '"' ||
                     next == '\'' || text.substr(k, 3) == "\xE2\x80\x9C" ||
                     text.substr(k, 3) == "\xE2\x80\x98";
        if (!opens) continue;
        emit(start, j);
        start = j;
    }
    emit(start, text.size());
    return out;
}

}  // namespace aidledger::read
