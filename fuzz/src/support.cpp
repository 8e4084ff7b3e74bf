#include "support.h"

#include <cstdio>
#include <cstdlib>

namespace aidledger::fuzz {

const ReferenceData& Reference() {
    static const ReferenceData ref = [] {
        ReferenceData r;
        r.country_names = {{"RS", "Serbia"},  {"CN", "China"},         {"IT", "Italy"},
                           {"DE", "Germany"}, {"US", "United States"}, {"FR", "France"}};
        r.alpha3_to_alpha2 = {{"SRB", "RS"}, {"CHN", "CN"}, {"ITA", "IT"},
                              {"DEU", "DE"}, {"USA", "US"}, {"FRA", "FR"}};
        r.currencies = {"EUR", "USD", "CNY", "GBP", "JPY", "KWD"};
        r.minor_unit_exponent = {{"JPY", 0}, {"KWD", 3}};
        return r;
    }();
    return ref;
}

Date Today() { return Date{std::chrono::year{2020}, std::chrono::month{4}, std::chrono::day{10}}; }

LedgerTime Now() {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::sys_days{Today()} +
                                                                   std::chrono::hours{12});
}

Kind KindOf(std::uint8_t byte) {
    const auto& names = EnumNames<Kind>::kNames;
    return names[byte % names.size()].first;
}

void Broken(std::string_view what, std::string_view text) {
    std::fprintf(stderr, "fuzz target: %.*s\n--- on ---\n%.*s\n---\n",
                 static_cast<int>(what.size()), what.data(), static_cast<int>(text.size()),
                 text.data());
    std::abort();
}

}  // namespace aidledger::fuzz
