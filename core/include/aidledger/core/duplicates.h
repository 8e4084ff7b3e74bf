// Likely duplicates among the ledger's records, and which sources support or contradict a record
// (issue 15 item 4, records; docs/reading.md "Duplicates and corroboration of records").
//
// A record reported by several sources is one record with several citations. Two records look
// like one event when all of these hold:
//   - the same kind, among those that say who gave what to whom and when: donation, cash, team,
//     exchange, contract and commitment (declarations are customs lines, many a day by right;
//     the other kinds have no recipient);
//   - the same provider (ProviderOf: provider, organiser, supplier, by): the same party, or one
//     inside the other by the parties' parent chain (a report's "China" and the ledger's
//     central government of China); two bodies side by side (a ministry and the Red Cross)
//     are not the same provider;
//   - the same recipient (RecipientsOf: recipient, host, participants, buyer, to), compared by
//     the unit it counts for (LedgerView::RecipientUnitOf: a pharmacy in the Vatican is the
//     Vatican); of two lists (participants, to), at least one unit in common;
//   - overlapping dates: the event date (EventDateOf), or for a donation or a contract that
//     has none (pledged, in talks), its first status date; intervals meet when neither ends
//     before the other begins. A record with no date is never paired;
//   - both synthetic (`aidledger generate`) or both real: a synthetic record is never paired
//     with a real one;
//   - no cited source in common: a source read into two such records tells of two events
//     (seed-003's "third team to Italy" gives the demo three Italian teams, each citing it).
// The rule is the same for a draft (MatchExisting) as for the ledger's records.
//
// Standard library only: no I/O, no SQL, no clock.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/time.h"
#include "aidledger/core/view.h"

namespace aidledger {

// A number two records of one event both give, and give differently (team size 9 and 12). Only
// numbers both records know are compared: team size and planned days, an exchange's participant
// count, a cash contribution's pledged and paid amounts (same currency), a contract's value
// (same currency), and a donation's quantity of an item both list once.
struct FieldDifference {
    std::string field;   // wire name, "size", "pledged", "lines[item-masks].quantity"
    std::string first;   // the first record's value, as text
    std::string second;  // the second record's value
    bool operator==(const FieldDifference&) const = default;
};

struct LikelyDuplicate {
    Kind kind = Kind::kTeam;
    std::string first;   // id; for FindLikelyDuplicates the smaller id; for MatchExisting the draft
    std::string second;  // id of the other (existing) record
    bool synthetic = false;
    std::string provider;         // the first record's provider
    std::string second_provider;  // the second's: the same, or one inside the other
    std::string recipient;        // the recipient unit both give to (the first in common)
    std::string recipient_field;  // its wire name: "recipient", "host", "participants", ...
    DateInterval first_dates{};   // the dates compared
    DateInterval second_dates{};
    std::vector<FieldDifference> differences;  // empty: nothing known disagrees
};

// One sentence saying why the pair looks like one event: "same provider cn, same host it,
// dates 2020-03-11 and 2020-03-10/2020-03-12 overlap", then the differences if any
// ("; size 9 vs 12").
std::string ExplainDuplicate(const LikelyDuplicate& pair);

// Every pair of live records of the view that look like one event, ordered by kind, then first
// id, then second id; each pair once. A group of N records of one event gives its N*(N-1)/2
// pairs. At most `limit` pairs are returned (0: no limit); `*total`, when given, receives how
// many there are (counting stops at a bound above the limit, so very large synthetic ledgers stay
// bounded: `*total` is then that bound).
std::vector<LikelyDuplicate> FindLikelyDuplicates(const LedgerView& view, std::size_t limit = 0,
                                                  std::size_t* total = nullptr);

// The live records of the view a draft looks like, by the same rule, ordered by id; `first` is
// the draft's id. A record with the draft's own id is not matched (it is the draft's earlier
// version). Kinds outside the rule match nothing.
std::vector<LikelyDuplicate> MatchExisting(const LedgerView& view, const Record& draft);

// Which sources support a record and which contradict it.
//   supported_by: the record's own cited sources, then those of its likely duplicates that
//     give no different number, first-seen order, each once;
//   contradicted_by: the sources of its likely duplicates that give a different number
//     (FieldDifference), not among supported_by.
// Claims are not compared with single records: a claim states a figure that counts many
// records (figures answer against claims, docs/figures.md).
struct RecordCorroboration {
    std::vector<std::string> supported_by;
    std::vector<std::string> agreeing_records;  // ids of likely duplicates with no difference
    std::vector<std::string> contradicted_by;
    std::vector<std::string> contradicting_records;  // ids of likely duplicates that differ
};

// For one record of the view; nullopt when the view has no live record of that kind and id.
std::optional<RecordCorroboration> CorroborateRecord(const LedgerView& view, Kind kind,
                                                     const std::string& id);

// The same from the record's pairs as MatchExisting gives them (the record first), or some of
// them (those a caller may read): what CorroborateRecord computes.
RecordCorroboration CorroborationOf(const LedgerView& view, const Record& record,
                                    const std::vector<LikelyDuplicate>& pairs);

// The live record of that kind and id in the view, as a Record; nullopt when there is none.
std::optional<Record> RecordOf(const LedgerView& view, Kind kind, const std::string& id);

}  // namespace aidledger
