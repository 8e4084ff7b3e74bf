#include "aidledger/core/accounts.h"

#include <type_traits>

#include "aidledger/core/validate.h"

namespace aidledger {
namespace {

// Parent chains are user data; a cycle must not hang the check.
constexpr int kMaxDepth = 32;

bool Bound(const Principal& p) { return p.role == Role::kEditor && p.org.has_value(); }

}  // namespace

bool IsValidUserName(std::string_view name) { return IsValidId(name); }

bool TokenUsable(const Token& token, const User& user, LedgerTime now) {
    if (user.disabled || token.user != user.name) return false;
    if (token.revoked_at && *token.revoked_at <= now) return false;
    if (token.expires_at && *token.expires_at <= now) return false;
    return true;
}

std::optional<std::string> ProviderOf(const Record& record) {
    return std::visit(
        [](const auto& r) -> std::optional<std::string> {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, Donation> || std::is_same_v<T, CashContribution> ||
                          std::is_same_v<T, TeamDeployment>) {
                return r.provider;
            } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                return r.organiser;
            } else if constexpr (std::is_same_v<T, ProcurementRequest>) {
                return r.addressee;
            } else if constexpr (std::is_same_v<T, Manufacturer>) {
                return r.party;
            } else if constexpr (std::is_same_v<T, ProcurementContract>) {
                return r.supplier;
            } else if constexpr (std::is_same_v<T, ExportDeclaration>) {
                return r.exporter;
            } else if constexpr (std::is_same_v<T, ExportStatistic>) {
                return r.publisher;
            } else if constexpr (std::is_same_v<T, Commitment>) {
                return r.by;
            } else if constexpr (std::is_same_v<T, Party>) {
                return r.parent;
            } else if constexpr (std::is_same_v<T, ExchangeRate>) {
                return r.publisher;
            } else if constexpr (std::is_same_v<T, ClearanceRule>) {
                return r.announced_by;
            } else {
                static_assert(std::is_same_v<T, CatalogueItem> || std::is_same_v<T, Source> ||
                                  std::is_same_v<T, Claim> || std::is_same_v<T, ReferencePrice>,
                              "a new record kind needs a provider rule");
                return std::nullopt;
            }
        },
        record);
}

std::vector<std::string> RecipientsOf(const Record& record) {
    return std::visit(
        [](const auto& r) -> std::vector<std::string> {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, Donation> || std::is_same_v<T, CashContribution>) {
                return {r.recipient};
            } else if constexpr (std::is_same_v<T, TeamDeployment>) {
                return {r.host};
            } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                return r.participants;
            } else if constexpr (std::is_same_v<T, ProcurementContract>) {
                return {r.buyer};
            } else if constexpr (std::is_same_v<T, ExportDeclaration>) {
                return {r.destination};
            } else if constexpr (std::is_same_v<T, Commitment>) {
                return r.to;
            } else {
                static_assert(
                    std::is_same_v<T, Party> || std::is_same_v<T, CatalogueItem> ||
                        std::is_same_v<T, ProcurementRequest> || std::is_same_v<T, Manufacturer> ||
                        std::is_same_v<T, ExportStatistic> || std::is_same_v<T, Source> ||
                        std::is_same_v<T, Claim> || std::is_same_v<T, ExchangeRate> ||
                        std::is_same_v<T, ReferencePrice> || std::is_same_v<T, ClearanceRule>,
                    "a new record kind needs a recipient rule");
                return {};
            }
        },
        record);
}

bool InOrganisation(const LedgerView& view, std::string_view party, std::string_view org) {
    std::string_view current = party;
    for (int depth = 0; depth < kMaxDepth; ++depth) {
        if (current == org) return true;
        const Party* p = view.FindParty(current);
        if (p == nullptr || !p->parent) return false;
        current = *p->parent;
    }
    return false;
}

Decision AuthorizeRead(const Principal* principal, bool resource_is_public) {
    if (resource_is_public || principal != nullptr) return Decision::kAllow;
    return Decision::kUnauthenticated;
}

Decision AuthorizeAdmin(const Principal* principal) {
    if (principal == nullptr) return Decision::kUnauthenticated;
    return principal->role == Role::kAdmin ? Decision::kAllow : Decision::kForbidden;
}

Decision AuthorizeRecordWrite(const Principal* principal, const LedgerView& view,
                              const Record* before, const Record* after) {
    if (principal == nullptr) return Decision::kUnauthenticated;
    if (principal->role == Role::kViewer) return Decision::kForbidden;
    if (!Bound(*principal)) return Decision::kAllow;
    for (const Record* record : {before, after}) {
        if (record == nullptr) continue;
        auto provider = ProviderOf(*record);
        if (!provider || !InOrganisation(view, *provider, *principal->org)) {
            return Decision::kForbidden;
        }
    }
    return before != nullptr || after != nullptr ? Decision::kAllow : Decision::kForbidden;
}

bool InReadScope(const Principal& principal, const LedgerView& view, const Record& record) {
    if (!Bound(principal)) return true;
    auto provider = ProviderOf(record);
    return !provider || InOrganisation(view, *provider, *principal.org);
}

}  // namespace aidledger
