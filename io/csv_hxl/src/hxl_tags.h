// The HXL 1.1 hashtags of the import/export tables (docs/formats.md lists them per kind).
//
// A tag is a hashtag with attributes: "#org +funder +id". Tags match case-insensitively and in
// any attribute order, so "#ORG +id +Funder" is the same column; a tag with another set of
// attributes is another column.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"

namespace aidledger::csv {

// A parsed tag in normal form: lower case, attributes sorted, no duplicates.
struct TagSpec {
    std::string hashtag;                  // "#org"
    std::vector<std::string> attributes;  // {"funder", "id"}
    bool operator==(const TagSpec&) const = default;
    std::string ToString() const;  // "#org +funder +id"
};

// Parses "#org +funder +id" (spaces optional: "#org+funder+id"); nullopt when the text is not a
// tag. Names are a letter followed by letters, digits and '_'.
std::optional<TagSpec> ParseTagSpec(std::string_view text);

// The tag of a column (a path of ColumnsOf) as written on export: "#org +funder +id".
// Empty when the column has none (a bug: hxl_tags_test checks that every column has one).
std::string_view HxlTag(Kind kind, std::string_view path);

}  // namespace aidledger::csv
