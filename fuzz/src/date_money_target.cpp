// Dates, intervals, periods, ledger times and amounts: what parses prints back as it was read
// (a date is strict YYYY-MM-DD) or parses back to the same value.
#include <string>

#include "aidledger/core/money.h"
#include "aidledger/fuzz/targets.h"
#include "support.h"

namespace aidledger::fuzz {

int FuzzDateMoney(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const int exponent = data[0] % 5;
    std::string_view text = AsText(data + 1, size - 1);

    if (auto d = ParseDate(text, "date"); d.ok()) {
        if (FormatDate(*d) != text) Broken("a date prints otherwise than it was read", text);
        (void)FormatLongDate(*d);
    }
    if (auto i = ParseInterval(text, "interval"); i.ok()) {
        std::string written = FormatInterval(*i);
        auto again = ParseInterval(written, "interval");
        if (!again.ok() || !(*again == *i)) Broken("an interval does not read back", written);
    }
    if (auto p = ParsePeriod(text, "period"); p.ok()) {
        std::string written = FormatPeriod(*p);
        auto again = ParsePeriod(written, "period");
        if (!again.ok() || !(*again == *p)) Broken("a period does not read back", written);
    }
    if (auto t = ParseLedgerTime(text, "at"); t.ok()) {
        std::string written = FormatLedgerTime(*t);
        auto again = ParseLedgerTime(written, "at");
        if (!again.ok() || *again != *t) Broken("a ledger time does not read back", written);
    }
    if (auto a = ParseAmount(text, exponent); a.ok()) {
        std::string written = FormatAmount(*a, exponent);
        auto again = ParseAmount(written, exponent);
        if (!again.ok() || *again != *a) Broken("an amount does not read back", written);
        (void)FormatMoneyForPeople(*a, "EUR", exponent);
    }
    return 0;
}

}  // namespace aidledger::fuzz
