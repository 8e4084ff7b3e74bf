#include "aidledger/core/needs.h"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

namespace aidledger {

namespace {

constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max();

// Quantities come from input: a sum saturates instead of overflowing.
std::int64_t Add(std::int64_t a, std::int64_t b) {
    if (a > kInfinity - b) return kInfinity;
    return a + b;
}

std::int64_t Sub0(std::int64_t a, std::int64_t b) { return a > b ? a - b : 0; }

void Count(QuantityRange& q, const RecordRef& ref, bool certain,
           const std::optional<std::int64_t>& quantity) {
    q.records.push_back(ref);
    if (!quantity) {
        q.unknown.push_back(ref);
        return;
    }
    q.possible = Add(q.possible, *quantity);
    if (certain) q.certain = Add(q.certain, *quantity);
}

void Finish(std::vector<RecordRef>& refs) {
    std::sort(refs.begin(), refs.end());
    refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
}

void Finish(QuantityRange& q) {
    Finish(q.records);
    Finish(q.unknown);
}

// What one request asks of one item: the known part, and whether some line's quantity is
// unknown.
struct Asked {
    std::int64_t known = 0;
    bool unknown = false;
};

struct RequestAcc {
    const ProcurementRequest* request = nullptr;
    bool certain = false;
    std::map<std::string, Asked> items;  // `items` requests only
};

struct ItemAcc {
    NeedsItem item;
    std::vector<std::size_t> requests;  // positions in RecipientAcc::requests
};

struct RecipientAcc {
    std::map<std::string, ItemAcc> items;
    std::vector<RequestAcc> requests;
    bool team_requested = false;
};

// Whether a donation surely / may have reached at least `status` by D, and not been
// cancelled. Statuses rank pledged < shipped < delivered; cancelled ends a donation.
std::pair<bool, bool> Reached(const Donation& d, DonationStatus status, Date day) {
    bool certain = false;
    bool possible = false;
    bool cancelled_certain = false;
    bool cancelled_possible = false;
    for (const auto& e : d.history) {
        if (e.status == DonationStatus::kCancelled) {
            cancelled_certain = cancelled_certain || e.on.CertainBy(day);
            cancelled_possible = cancelled_possible || e.on.PossibleBy(day);
        } else if (e.status >= status) {
            certain = certain || e.on.CertainBy(day);
            possible = possible || e.on.PossibleBy(day);
        }
    }
    return {certain && !cancelled_possible, possible && !cancelled_certain};
}

GapRange ItemGap(const NeedsItem& i) {
    GapRange g;
    if (i.delivered.unknown.empty()) g.min = Sub0(i.requested.certain, i.delivered.possible);
    if (i.requested.unknown.empty()) g.max = Sub0(i.requested.possible, i.delivered.certain);
    return g;
}

// The gap of each request asking for the item, deliveries going to the oldest request first.
// `order` holds positions in `requests`, oldest first. Adds to `gaps` (by position).
void AllocateItem(const std::string& item, const NeedsItem& totals,
                  const std::vector<std::size_t>& order, const std::vector<RequestAcc>& requests,
                  std::vector<GapRange>& gaps) {
    // Most unmet for a request: the least delivered, earlier requests taking all they may.
    std::int64_t left_max_case = totals.delivered.certain;
    // Least unmet: the most delivered (unbounded when a delivered quantity is unknown), earlier
    // requests taking only what they surely asked.
    std::int64_t left_min_case =
        totals.delivered.unknown.empty() ? totals.delivered.possible : kInfinity;
    for (std::size_t pos : order) {
        const RequestAcc& r = requests[pos];
        const Asked& a = r.items.at(item);
        GapRange& g = gaps[pos];
        if (g.max) {
            g.max =
                a.unknown ? std::nullopt : std::optional(Add(*g.max, Sub0(a.known, left_max_case)));
        }
        left_max_case = a.unknown ? 0 : Sub0(left_max_case, a.known);
        if (r.certain) {
            g.min = Add(g.min, Sub0(a.known, left_min_case));
            if (left_min_case != kInfinity) left_min_case = Sub0(left_min_case, a.known);
        }
    }
}

bool RequestBefore(const RequestAcc& a, const RequestAcc& b) {
    if (a.request->asked_on.earliest != b.request->asked_on.earliest) {
        return a.request->asked_on.earliest < b.request->asked_on.earliest;
    }
    return a.request->id < b.request->id;
}

// The recipient units being summed: every unit, or only the one asked about.
struct Units {
    const LedgerView& view;
    std::optional<std::string> only;
    std::map<std::string, RecipientAcc> by_unit;

    // The unit `party` counts for; null when it is not the one asked about.
    RecipientAcc* Of(const std::string& party) {
        std::string unit(view.RecipientUnitOf(party));
        if (only && unit != *only) return nullptr;
        return &by_unit[unit];
    }
};

NeedsItem& ItemOf(RecipientAcc& acc, const std::string& item) {
    ItemAcc& i = acc.items[item];
    i.item.item = item;
    return i.item;
}

// What the requests asked by `day`: each request's items, and which units asked for a team.
void AddRequests(Date day, Units& units) {
    for (const ProcurementRequest& r : units.view.All<ProcurementRequest>()) {
        bool declined = r.outcome == RequestOutcome::kDeclined;
        bool declined_certain = declined && (!r.outcome_on || r.outcome_on->CertainBy(day));
        bool declined_possible = declined && (!r.outcome_on || r.outcome_on->PossibleBy(day));
        bool possible = r.asked_on.PossibleBy(day) && !declined_certain;
        if (!possible) continue;
        RecipientAcc* acc = units.Of(r.requester);
        if (acc == nullptr) continue;
        RequestAcc req;
        req.request = &r;
        req.certain = r.asked_on.CertainBy(day) && !declined_possible;
        RecordRef ref{Kind::kRequest, r.id};
        if (r.request_kind == RequestKind::kItems) {
            if (r.lines.empty()) {
                req.items[""].unknown = true;
                Count(ItemOf(*acc, "").requested, ref, req.certain, std::nullopt);
            }
            for (const ItemLine& line : r.lines) {
                Asked& a = req.items[line.item];
                if (line.quantity) {
                    a.known = Add(a.known, *line.quantity);
                } else {
                    a.unknown = true;
                }
                Count(ItemOf(*acc, line.item).requested, ref, req.certain, line.quantity);
            }
        } else if (r.request_kind == RequestKind::kTeam) {
            acc->team_requested = true;
        }
        for (const auto& entry : req.items) {
            acc->items[entry.first].requests.push_back(acc->requests.size());
        }
        acc->requests.push_back(std::move(req));
    }
}

// What donations pledged, shipped and delivered by `day`, by item.
void AddDonations(Date day, Units& units) {
    for (const Donation& d : units.view.All<Donation>()) {
        auto [pc, pp] = Reached(d, DonationStatus::kPledged, day);
        if (!pp) continue;
        RecipientAcc* acc = units.Of(d.recipient);
        if (acc == nullptr) continue;
        auto [sc, sp] = Reached(d, DonationStatus::kShipped, day);
        auto [dc, dp] = Reached(d, DonationStatus::kDelivered, day);
        RecordRef ref{Kind::kDonation, d.id};
        // Copies of the bindings: clang 14 (the fuzz preset's compiler) cannot capture a
        // structured binding, which C++20 allows.
        auto count = [&, pc = pc, sc = sc, sp = sp, dc = dc, dp = dp](
                         const std::string& item, const std::optional<std::int64_t>& quantity) {
            NeedsItem& i = ItemOf(*acc, item);
            Count(i.pledged, ref, pc, quantity);
            if (sp) Count(i.shipped, ref, sc, quantity);
            if (dp) Count(i.delivered, ref, dc, quantity);
        };
        if (d.lines.empty()) count("", std::nullopt);
        for (const ItemLine& line : d.lines) count(line.item, line.quantity);
    }
}

// The teams sent by `day` to each unit that asked for a team.
std::map<std::string, QuantityRange> TeamsSent(Date day, const Units& units) {
    std::map<std::string, QuantityRange> teams;
    for (const auto& [unit, acc] : units.by_unit) {
        if (acc.team_requested) teams.emplace(unit, QuantityRange{});
    }
    if (!teams.empty()) {
        for (const TeamDeployment& t : units.view.All<TeamDeployment>()) {
            if (!t.sent.PossibleBy(day)) continue;
            auto it = teams.find(std::string(units.view.RecipientUnitOf(t.host)));
            if (it == teams.end()) continue;
            Count(it->second, RecordRef{Kind::kTeam, t.id}, t.sent.CertainBy(day), std::int64_t{1});
        }
    }
    return teams;
}

// Requests with a gap first, the largest gap first; then the oldest.
bool NeedsRequestBefore(const NeedsRequest& a, const NeedsRequest& b) {
    if (a.gap.has_value() != b.gap.has_value()) return a.gap.has_value();
    if (a.gap && b.gap) {
        if (GapBefore(*a.gap, *b.gap)) return true;
        if (GapBefore(*b.gap, *a.gap)) return false;
    }
    if (a.request->asked_on.earliest != b.request->asked_on.earliest) {
        return a.request->asked_on.earliest < b.request->asked_on.earliest;
    }
    return a.request->id < b.request->id;
}

// One unit's items with their gaps, its requests with theirs, and the teams it was sent.
NeedsRecipient MakeRecipient(const std::string& unit, RecipientAcc& acc,
                             std::map<std::string, QuantityRange>& teams) {
    NeedsRecipient rec;
    rec.recipient = unit;
    std::vector<GapRange> gaps(acc.requests.size(), GapRange{0, std::int64_t{0}});
    for (auto& [item, i] : acc.items) {
        Finish(i.item.requested);
        Finish(i.item.pledged);
        Finish(i.item.shipped);
        Finish(i.item.delivered);
        i.item.gap = ItemGap(i.item);
        std::vector<std::size_t> order = i.requests;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return RequestBefore(acc.requests[a], acc.requests[b]);
        });
        AllocateItem(item, i.item, order, acc.requests, gaps);
        rec.items.push_back(std::move(i.item));
    }
    for (std::size_t k = 0; k < acc.requests.size(); ++k) {
        NeedsRequest n;
        n.request = acc.requests[k].request;
        n.certain = acc.requests[k].certain;
        if (n.request->request_kind == RequestKind::kItems) n.gap = gaps[k];
        rec.requests.push_back(n);
    }
    std::sort(rec.requests.begin(), rec.requests.end(), NeedsRequestBefore);
    if (auto it = teams.find(unit); it != teams.end()) {
        Finish(it->second);
        rec.teams_sent = std::move(it->second);
    }
    return rec;
}

}  // namespace

bool GapBefore(const GapRange& a, const GapRange& b) {
    if (a.min != b.min) return a.min > b.min;
    if (a.max.has_value() != b.max.has_value()) return !a.max.has_value();
    return a.max && *a.max > *b.max;
}

Result<Needs> ComputeNeeds(const LedgerView& view, const NeedsQuery& query) {
    const Date day = query.as_of;
    Units units{view, std::nullopt, {}};
    if (query.recipient) {
        if (view.FindParty(*query.recipient) == nullptr) {
            return Error::NotFound("recipient", "no party \"" + *query.recipient + "\"");
        }
        units.only = std::string(view.RecipientUnitOf(*query.recipient));
    }
    AddRequests(day, units);
    AddDonations(day, units);
    std::map<std::string, QuantityRange> teams = TeamsSent(day, units);

    Needs out;
    out.as_of = day;
    out.recipient = units.only;
    for (auto& [unit, acc] : units.by_unit) {
        out.recipients.push_back(MakeRecipient(unit, acc, teams));
    }
    return out;
}

}  // namespace aidledger
