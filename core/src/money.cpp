#include "aidledger/core/money.h"

#include <algorithm>
#include <charconv>

namespace aidledger {
namespace {

// A value quoted in a message, cut so that a hostile cell cannot flood the report.
constexpr std::size_t kQuotedChars = 40;

std::string Quoted(std::string_view text) {
    std::string out = "\"";
    out.append(text.substr(0, kQuotedChars));
    if (text.size() > kQuotedChars) out += "...";
    return out + "\"";
}

bool AllDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<std::int64_t> ParseAmount(std::string_view text, int exponent) {
    bool negative = !text.empty() && text.front() == '-';
    std::string_view rest = negative ? text.substr(1) : text;
    auto dot = rest.find('.');
    std::string_view whole = rest.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? "" : rest.substr(dot + 1);
    if (whole.empty() || !AllDigits(whole) || !AllDigits(fraction) ||
        (dot != std::string_view::npos && fraction.empty())) {
        return Error::Invalid("",
                              "expected an amount such as 1250.50 (no thousands separators), "
                              "got " +
                                  Quoted(text));
    }
    auto decimals = static_cast<std::size_t>(std::max(exponent, 0));
    if (fraction.size() > decimals) {
        return Error::Invalid("", "more decimals than the currency has (" +
                                      std::to_string(decimals) + "): " + Quoted(text));
    }
    std::string digits(whole);
    digits.append(fraction);
    digits.append(decimals - fraction.size(), '0');
    std::int64_t minor = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), minor);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
        return Error::Invalid("", "amount too large: " + Quoted(text));
    }
    return negative ? -minor : minor;
}

std::string FormatAmount(std::int64_t minor, int exponent) {
    std::string digits = std::to_string(minor < 0 ? -(minor + 1) + 1ULL : minor + 0ULL);
    if (exponent <= 0) return (minor < 0 ? "-" : "") + digits;
    auto width = static_cast<std::size_t>(exponent);
    if (digits.size() <= width) digits.insert(0, width + 1 - digits.size(), '0');
    digits.insert(digits.size() - width, ".");
    return (minor < 0 ? "-" : "") + digits;
}

std::string GroupThousands(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -(value + 1) + 1ULL : value + 0ULL);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

std::string FormatMoneyForPeople(std::int64_t minor, std::string_view currency, int exponent) {
    std::string plain = FormatAmount(minor, exponent);
    bool negative = !plain.empty() && plain.front() == '-';
    if (negative) plain.erase(0, 1);
    auto dot = plain.find('.');
    std::string whole = plain.substr(0, dot);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    if (dot != std::string::npos) grouped += plain.substr(dot);
    return std::string(currency) + " " + (negative ? "-" : "") + grouped;
}

}  // namespace aidledger
