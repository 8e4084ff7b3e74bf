// A sentence as tokens: words (lower case, a possessive "'s" dropped), numbers, punctuation,
// and gaps: two or more spaces inside a line, where a copy of a report lost a number
// ("sent  teams").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace aidledger::read {

enum class TokenKind { kWord, kNumber, kPunct, kGap };

struct Token {
    TokenKind kind = TokenKind::kWord;
    std::string text;       // lower case for words; as written otherwise
    std::string raw;        // as written
    std::size_t begin = 0;  // offsets into the sentence
    std::size_t end = 0;
};

std::vector<Token> Tokenize(std::string_view sentence);

}  // namespace aidledger::read
