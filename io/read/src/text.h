// The text of a report: HTML stripped to text, line ends and control characters made what the
// ledger stores (core/validate.h TextProblem), and the text cut into sentences.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/result.h"

namespace aidledger::read {

struct PreparedText {
    std::string text;  // what the source stores
    bool html = false;
    // From an HTML document's <title>, <meta> and <time> elements, when present.
    std::optional<std::string> title;
    std::optional<std::string> outlet;
    std::optional<std::string> date_text;  // e.g. "2020-04-09T10:00:00+08:00"
    std::size_t replaced_controls = 0;     // control characters replaced by spaces
};

// Whether the bytes look like HTML: a document type, <html>, <body>, <p> or <div> near the
// start of a text that begins with '<'.
bool LooksLikeHtml(std::string_view bytes);

// The text of an HTML document: tags dropped (script, style and comments with their
// content), block elements (p, div, br, h1-h6, li, tr, ...) as line breaks, entities decoded
// (named ones of news pages, &#N; and &#xH;), runs of spaces in a line made one.
PreparedText StripHtml(std::string_view html);

// Decodes the character references of `text` (&amp; &rsquo; &#8217; &#x2019; ...); an unknown
// one stays as it is.
std::string DecodeEntities(std::string_view text);

// Line ends as line feeds (CR LF and CR alone), a byte order mark dropped, and other control
// characters but tab as spaces (counted in `replaced`). Invalid UTF-8 is left for the caller.
std::string NormaliseText(std::string_view text, std::size_t& replaced);

struct Sentence {
    std::size_t begin = 0;  // offsets into the text; [begin, end) has no leading or
    std::size_t end = 0;    // trailing white space
};

// The sentences of a text: a line break ends one, and so does '.', '!' or '?' followed by
// white space and a capital letter, a digit or an opening quote ("U.S. politicians" stays
// one). Empty lines give none.
std::vector<Sentence> SplitSentences(std::string_view text);

}  // namespace aidledger::read
