// A party's profile (docs/api.md "GET /parties/{id}/profile"): what the party, or any party
// below it in the parent chain, received, gave and requested in a view.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/time.h"
#include "aidledger/core/view.h"

namespace aidledger::app {

struct ProfileEntry {
    Record record;
    std::string role;                  // "from" (received: the provider) or "to" (given, requested)
    std::string other;                 // the party on the other side; "" when the record names none
    std::string other_name;            // its name in the view (LedgerView::NameOf)
    std::optional<DateInterval> when;  // the record's event date (EventDateOf), if any
};

struct PartyProfile {
    Party party;
    std::optional<LedgerTime> at;                 // the view's ledger time
    std::map<std::string, int> received_by_kind;  // kind's wire name -> records received
    std::vector<ProfileEntry> received;   // records whose recipients (RecipientsOf) include it
    std::vector<ProfileEntry> given;      // records whose provider (ProviderOf) is it
    std::vector<ProfileEntry> requested;  // requests it made, "to" the addressee
};

// Records for which `visible` is false are left out (an editor's read scope); an empty
// function shows every record. kNotFound naming "party/<id>" when the view has no such party.
// Entries are in kind order, then in the view's order.
[[nodiscard]] Result<PartyProfile> BuildProfile(
    const LedgerView& view, std::string_view party_id,
    const std::function<bool(const Record&)>& visible = {});

}  // namespace aidledger::app
