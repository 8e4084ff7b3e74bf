// Parsing JSON that aidledger accepts (issue 17): beyond the grammar, a number must fit a double
// (`1e999` is refused, not turned into an exception) and an object must not repeat a key
// (`{"size": 1, "size": 2}` is refused, not silently the last one). Header-only so that the API
// module, which keeps its own JSON type, applies the same rule.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/result.h"

namespace aidledger::json {

inline constexpr std::string_view kNumberOutOfRange = "number out of range";
inline constexpr std::string_view kDuplicateKey = "duplicate key";

// Whether an error is one of ParseCheckedJson's refusals of the text itself (a 400, like a
// syntax error), rather than a problem with what the JSON says.
inline bool IsJsonTextError(const Error& e) {
    return e.message == kNumberOutOfRange || e.message == kDuplicateKey;
}

// Parses `text`. A syntax error throws J::parse_error, as J::parse does: the caller reports its
// position. A number out of range is Error::Invalid naming the path of the value ("pledged.minor",
// "lines[0].quantity"; `origin` when the number is the whole text), a repeated key the same naming
// the key's path; both messages say what is wrong without quoting the text.
template <class J>
Result<J> ParseCheckedJson(std::string_view text, const std::string& origin) {
    struct Frame {
        bool array = false;
        std::string key;
        std::size_t index = 0;
        std::set<std::string, std::less<>> keys;
    };
    std::vector<Frame> stack;
    std::string duplicate;
    auto path = [&]() {
        std::string out;
        for (const auto& f : stack) {
            if (f.array) {
                out += "[" + std::to_string(f.index) + "]";
            } else if (!f.key.empty()) {
                out += (out.empty() ? "" : ".") + f.key;
            }
        }
        return out.empty() ? origin : out;
    };
    auto next_in_array = [&]() {
        if (!stack.empty() && stack.back().array) ++stack.back().index;
    };
    using Event = nlohmann::json::parse_event_t;
    typename J::parser_callback_t callback = [&](int /*depth*/, Event event, J& parsed) {
        switch (event) {
            case Event::object_start:
                stack.push_back(Frame{});
                break;
            case Event::array_start:
                stack.push_back(Frame{true, {}, 0, {}});
                break;
            case Event::key: {
                auto key = parsed.template get<std::string>();
                if (!stack.back().keys.insert(key).second && duplicate.empty()) {
                    stack.back().key = key;
                    duplicate = path();
                }
                stack.back().key = std::move(key);
                break;
            }
            case Event::object_end:
            case Event::array_end:
                if (!stack.empty()) stack.pop_back();
                next_in_array();
                break;
            case Event::value:
                next_in_array();
                break;
        }
        return true;
    };
    J parsed;
    try {
        parsed = J::parse(text.begin(), text.end(), callback, true);
    } catch (const typename J::out_of_range&) {
        return Error::Invalid(path(), std::string(kNumberOutOfRange));
    }
    if (!duplicate.empty()) return Error::Invalid(duplicate, std::string(kDuplicateKey));
    return parsed;
}

}  // namespace aidledger::json
