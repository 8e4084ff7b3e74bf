#include "aidledger/app/profile.h"

#include <algorithm>

#include "aidledger/core/accounts.h"
#include "aidledger/core/figures.h"

namespace aidledger::app {

Result<PartyProfile> BuildProfile(const LedgerView& view, std::string_view party_id,
                                  const std::function<bool(const Record&)>& visible) {
    const Party* party = view.FindParty(party_id);
    if (party == nullptr) {
        return Error::NotFound("party/" + std::string(party_id), "does not exist");
    }
    PartyProfile out;
    out.party = *party;
    out.at = view.at();
    auto in_party = [&](std::string_view p) { return InOrganisation(view, p, party_id); };
    auto entry = [&](const Record& record, std::string role, std::string_view other) {
        return ProfileEntry{record, std::move(role), std::string(other),
                            std::string(view.NameOf(other)), EventDateOf(record)};
    };
    auto visit = [&](const Record& record) {
        if (visible && !visible(record)) return;
        Kind kind = KindOf(record);
        if (kind == Kind::kRequest) {
            const auto& r = std::get<ProcurementRequest>(record);
            if (in_party(r.requester)) {
                out.requested.push_back(entry(record, "to", r.addressee.value_or("")));
            }
        }
        auto provider = ProviderOf(record);
        auto recipients = RecipientsOf(record);
        if (std::any_of(recipients.begin(), recipients.end(), in_party)) {
            out.received.push_back(entry(record, "from", provider.value_or("")));
            ++out.received_by_kind[std::string(EnumName(kind))];
        }
        // A party's provider is its parent and a request's its addressee: neither is given.
        if (kind != Kind::kParty && kind != Kind::kRequest && provider && in_party(*provider)) {
            out.given.push_back(entry(record, "to", recipients.empty() ? "" : recipients.front()));
        }
    };
    view.ForEachKind([&](const auto& records) {
        for (const auto& r : records) visit(Record(r));
    });
    return out;
}

}  // namespace aidledger::app
