#include "aidledger/core/foreign.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "aidledger/core/sha256.h"

namespace aidledger::foreign {
namespace {

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool Contains(std::string_view text, std::string_view word) {
    return Lower(text).find(Lower(word)) != std::string::npos;
}

}  // namespace

std::string StableId(std::string_view prefix, std::string_view readable, std::string_view key) {
    constexpr std::size_t kHashDigits = 10;
    std::string slug(prefix);
    for (char c : readable) {
        auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '.' || c == '_') {
            slug += c;
        } else if (u >= 'A' && u <= 'Z') {
            slug += static_cast<char>(u - 'A' + 'a');
        } else if (slug.empty() || slug.back() != '-') {
            slug += '-';
        }
    }
    std::size_t room = kMaxIdLength - kHashDigits - 1;
    if (slug.size() > room) slug.resize(room);
    while (!slug.empty() && (slug.back() == '-' || slug.back() == '.')) slug.pop_back();
    if (slug.empty()) slug = "x";
    return slug + "-" + Sha256Hex(key).substr(0, kHashDigits);
}

std::optional<std::int64_t> ParseDecimal(std::string_view text, int exponent) {
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.front())) != 0)) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) != 0)) {
        text.remove_suffix(1);
    }
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    std::size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view decimals = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    if (whole.empty() && decimals.empty()) return std::nullopt;
    auto digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) {
            return (std::isdigit(static_cast<unsigned char>(c)) != 0);
        });
    };
    if (!digits(whole) || !digits(decimals)) return std::nullopt;
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t value = 0;
    auto push = [&](char c) {
        int d = c - '0';
        if (value > (kMax - d) / 10) return false;
        value = value * 10 + d;
        return true;
    };
    for (char c : whole) {
        if (!push(c)) return std::nullopt;
    }
    auto exp = static_cast<std::size_t>(std::max(exponent, 0));
    for (std::size_t i = 0; i < exp; ++i) {
        if (!push(i < decimals.size() ? decimals[i] : '0')) return std::nullopt;
    }
    if (decimals.size() > exp && decimals[exp] >= '5') {
        if (value == kMax) return std::nullopt;
        ++value;
    }
    return negative ? -value : value;
}

std::optional<Date> ParseLooseDate(std::string_view text) {
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.front())) != 0)) {
        text.remove_prefix(1);
    }
    constexpr std::size_t kDateLength = 10;
    if (text.size() < kDateLength) return std::nullopt;
    if (text.size() > kDateLength && text[kDateLength] != 'T' && text[kDateLength] != ' ' &&
        text[kDateLength] != 'Z' && text[kDateLength] != '+') {
        return std::nullopt;
    }
    auto date = ParseDate(text.substr(0, kDateLength), "date");
    if (!date) return std::nullopt;
    return *date;
}

std::optional<PartyKind> FtsOrganisationKind(std::string_view type) {
    std::string t = Lower(type);
    if (t.empty()) return std::nullopt;
    if (t.find("red cross") != std::string::npos || t.find("red crescent") != std::string::npos) {
        return PartyKind::kRedCross;
    }
    if (t.find("local government") != std::string::npos) return PartyKind::kLocalGovernment;
    if (t.find("government") != std::string::npos) return PartyKind::kCentralGovernment;
    if (t.find("un agenc") != std::string::npos || t.find("multilateral") != std::string::npos ||
        t.find("inter-governmental") != std::string::npos ||
        t.find("pooled fund") != std::string::npos ||
        t.find("european commission") != std::string::npos) {
        return PartyKind::kInternationalOrganisation;
    }
    if (t.find("ngo") != std::string::npos || t.find("foundation") != std::string::npos ||
        t.find("academic") != std::string::npos || t.find("civil society") != std::string::npos) {
        return PartyKind::kCivilSociety;
    }
    if (t.find("private") != std::string::npos || t.find("corporat") != std::string::npos) {
        return PartyKind::kEnterprise;
    }
    return std::nullopt;
}

void AddFtsFlow(File& file, const FtsFlow& flow, const ReadOptions& options) {
    ++file.units;
    auto problem = [&](const std::string& message) {
        file.problems.push_back({flow.at, "flow " + flow.id + ": " + message});
    };
    auto skip = [&](const std::string& message) {
        file.skipped.push_back({flow.at, "flow " + flow.id + ": " + message});
    };
    if (flow.id.empty()) {
        file.problems.push_back({flow.at, "a flow without an id"});
        return;
    }
    if (options.only_covid && !flow.covid) {
        ++file.not_covid;
        return;
    }
    std::string status = Lower(flow.status);
    if (status != "pledge" && status != "commitment" && status != "paid") {
        problem("status \"" + flow.status + "\": expected pledge, commitment or paid");
        return;
    }
    auto date = ParseLooseDate(flow.date);
    if (!date) {
        problem("date \"" + flow.date + "\": expected YYYY-MM-DD");
        return;
    }
    std::optional<Money> amount;
    const ReferenceData& ref = *options.reference;
    if (!flow.original_amount.empty() && !flow.original_currency.empty()) {
        std::string currency = flow.original_currency;
        for (char& c : currency) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (!ref.IsCurrency(currency)) {
            problem("originalCurrency \"" + flow.original_currency +
                    "\": not an ISO 4217 currency");
            return;
        }
        auto minor = ParseDecimal(flow.original_amount, ref.Exponent(currency));
        if (!minor) {
            problem("originalAmount \"" + flow.original_amount + "\": not a number");
            return;
        }
        amount = Money{*minor, currency};
    } else if (!flow.amount_usd.empty()) {
        auto minor = ParseDecimal(flow.amount_usd, ref.Exponent("USD"));
        if (!minor) {
            problem("amountUSD \"" + flow.amount_usd + "\": not a number");
            return;
        }
        amount = Money{*minor, "USD"};
    }
    if (amount && amount->minor < 0) {
        skip("a negative amount (a correction of another flow) is not aid the ledger records");
        return;
    }
    auto first = [](const std::vector<Org>& orgs) -> const Org* {
        for (const Org& o : orgs) {
            if (!o.country) return &o;
        }
        return orgs.empty() ? nullptr : &orgs.front();
    };
    const Org* provider = first(flow.sources);
    const Org* recipient = first(flow.destinations);
    if (provider == nullptr || recipient == nullptr) {
        skip(std::string("no ") + (provider == nullptr ? "source" : "destination") +
             " organisation or location: no party to record it for");
        return;
    }

    Source source;
    source.id = StableId("fts-src-", flow.id, "fts-flow:" + flow.id);
    source.outlet = "OCHA Financial Tracking Service";
    source.title = "FTS flow " + flow.id;
    source.published = DateInterval::Exact(*date);
    source.file = file.name + " (SHA-256 " + file.sha256 + ")";
    source.text = flow.excerpt;
    source.notes = "FTS flow " + flow.id + " in " + file.name + ", SHA-256 " + file.sha256;
    Citation cite{source.id, flow.excerpt};

    bool in_kind = Contains(flow.contribution_type, "kind");
    Item item;
    item.at = flow.at;
    item.parties.push_back({"provider", *provider});
    item.parties.push_back({"recipient", *recipient});
    std::string id = StableId("fts-", flow.id, "fts-flow:" + flow.id);
    if (in_kind) {
        Donation d;
        d.id = id;
        d.sources = {cite};
        ItemLine line;
        line.item = std::string(kUnspecifiedItem);
        line.value = amount;
        d.lines.push_back(line);
        item.line_items.push_back(flow.description);
        DonationStatus s = status == "paid" ? DonationStatus::kShipped : DonationStatus::kPledged;
        d.history.push_back({s, DateInterval::Exact(*date)});
        if (!flow.description.empty()) d.notes = flow.description;
        item.record = std::move(d);
    } else {
        CashContribution c;
        c.id = id;
        c.sources = {cite};
        c.pledged_on = DateInterval::Exact(*date);
        if (status == "paid") {
            c.paid = amount;
            c.paid_on = DateInterval::Exact(*date);
        } else {
            c.pledged = amount;
        }
        if (!flow.description.empty()) c.notes = flow.description;
        item.record = std::move(c);
    }
    file.sources.push_back(std::move(source));
    file.items.push_back(std::move(item));
}

}  // namespace aidledger::foreign
