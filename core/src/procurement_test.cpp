// Issue 5 part A on hand-built ledgers: needs against deliveries (docs/figures.md "Needs":
// ranges as of D, unknown never zero, gap = requested - delivered, requests ranked by gap),
// recommendations (judged on the latest day of asked_on by certification.h: delisting, expiry
// on that very day, not yet valid, product not covered), the request validation rules, and
// the contract figures with buyers of mixed statuses (docs/figures.md "Metrics").
#include <gtest/gtest.h>

#include <deque>

#include "aidledger/core/figures.h"
#include "aidledger/core/needs.h"
#include "aidledger/core/recommend.h"
#include "aidledger/core/validate.h"

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }
DateInterval I(const char* s) { return *ParseInterval(s, "test"); }

Party MakeParty(std::string id, PartyKind kind, std::optional<std::string> parent = {},
                std::optional<std::string> iso = {}) {
    Party p;
    p.id = std::move(id);
    p.name = p.id;
    p.kind = kind;
    p.parent = std::move(parent);
    p.iso_code = std::move(iso);
    return p;
}

ItemLine Line(std::string item, std::optional<std::int64_t> quantity) {
    ItemLine l;
    l.item = std::move(item);
    l.quantity = quantity;
    return l;
}

ProcurementRequest Request(std::string id, std::string requester, const char* asked,
                           std::vector<ItemLine> lines, RequestKind kind = RequestKind::kItems) {
    ProcurementRequest r;
    r.id = std::move(id);
    r.requester = std::move(requester);
    r.asked_on = I(asked);
    r.request_kind = kind;
    r.lines = std::move(lines);
    return r;
}

Donation Gift(std::string id, std::string recipient, std::vector<ItemLine> lines,
              std::vector<StatusEntry<DonationStatus>> history) {
    Donation d;
    d.id = std::move(id);
    d.provider = "cn-gov";
    d.recipient = std::move(recipient);
    d.lines = std::move(lines);
    d.history = std::move(history);
    return d;
}

Certificate Cert(std::string number, std::string category, const char* from,
                 std::optional<const char*> to) {
    Certificate c;
    c.scheme = CertificateScheme::kCe;
    c.number = std::move(number);
    c.category = std::move(category);
    c.valid_from = D(from);
    if (to) c.valid_to = D(*to);
    return c;
}

Manufacturer Listing(std::string id, std::string party, const char* listed,
                     std::vector<Certificate> certificates,
                     std::optional<const char*> delisted = {}) {
    Manufacturer m;
    m.id = std::move(id);
    m.party = std::move(party);
    m.listed_on = I(listed);
    if (delisted) m.delisted_on = I(*delisted);
    m.certificates = std::move(certificates);
    return m;
}

class ProcurementTest : public ::testing::Test {
  protected:
    void SetUp() override {
        Add(MakeParty("cn", PartyKind::kCountry, {}, "CN"));
        Add(MakeParty("cn-gov", PartyKind::kCentralGovernment, "cn"));
        Add(MakeParty("it", PartyKind::kCountry, {}, "IT"));
        Add(MakeParty("it-health", PartyKind::kCentralGovernment, "it"));
        Add(MakeParty("ir", PartyKind::kCountry, {}, "IR"));
        Add(MakeParty("who", PartyKind::kInternationalOrganisation));
        for (const char* f : {"f-a", "f-b", "f-c", "f-d", "f-e", "f-f"}) {
            Add(MakeParty(f, PartyKind::kEnterprise, "cn"));
        }
        CatalogueItem masks;
        masks.id = "masks";
        masks.name = "Masks";
        masks.hs_code = "6307.90";
        masks.unit = "piece";
        masks.category = "masks";
        Add(masks);
        CatalogueItem vents = masks;
        vents.id = "ventilators";
        vents.name = "Ventilators";
        vents.hs_code = "9019.20";
        vents.category = "ventilators";
        Add(vents);
        CatalogueItem misc = masks;
        misc.id = "misc";
        misc.name = "Assorted supplies";
        misc.category.reset();
        Add(misc);
    }
    template <class T>
    void Add(T record) {
        StoredRecord s{Record(std::move(record)), {}};
        s.meta.kind = KindOf(s.record);
        s.meta.id = IdOf(s.record);
        records_.push_back(std::move(s));
    }
    LedgerView View() { return LedgerView(records_); }
    // The needs stay with the fixture (the last asked), so pointers into them stay valid
    // within a statement's use of the result.
    const Needs& NeedsAsOf(const char* day, std::optional<std::string> recipient = {}) {
        const LedgerView& view = views_.emplace_back(View());
        auto n = ComputeNeeds(view, NeedsQuery{D(day), std::move(recipient)});
        EXPECT_TRUE(n.ok()) << n.error().message;
        answers_.push_back(n.ok() ? *n : Needs{});
        return answers_.back();
    }
    static const NeedsRecipient* Of(const Needs& n, const std::string& recipient) {
        for (const auto& r : n.recipients) {
            if (r.recipient == recipient) return &r;
        }
        return nullptr;
    }
    static const NeedsItem* ItemOf(const NeedsRecipient* r, const std::string& item) {
        if (r == nullptr) return nullptr;
        for (const auto& i : r->items) {
            if (i.item == item) return &i;
        }
        return nullptr;
    }
    std::vector<StoredRecord> records_;
    LedgerView view_;
    std::deque<LedgerView> views_;  // every view and answer, kept: answers point into views
    std::deque<Needs> answers_;
};

// ---------------------------------------------------------------- needs

TEST_F(ProcurementTest, NeedsCountDonationsByStatusAtTheDateAndGapIsRequestedMinusDelivered) {
    Add(Request("req-1", "it", "2020-03-01", {Line("masks", 1000)}));
    Add(Gift("don-1", "it", {Line("masks", 300)},
             {{DonationStatus::kPledged, I("2020-03-02")},
              {DonationStatus::kShipped, I("2020-03-05")},
              {DonationStatus::kDelivered, I("2020-03-08")}}));
    Add(Gift("don-2", "it", {Line("masks", 200)}, {{DonationStatus::kPledged, I("2020-03-03")}}));

    const NeedsItem* before = ItemOf(Of(NeedsAsOf("2020-03-06"), "it"), "masks");
    ASSERT_NE(before, nullptr);
    EXPECT_EQ(before->requested.certain, 1000);
    EXPECT_EQ(before->pledged.certain, 500);  // cumulative: a shipped donation was pledged
    EXPECT_EQ(before->shipped.certain, 300);
    EXPECT_EQ(before->delivered.certain, 0);
    EXPECT_TRUE(before->gap.exact());
    EXPECT_EQ(before->gap.min, 1000);

    const NeedsItem* after = ItemOf(Of(NeedsAsOf("2020-03-08"), "it"), "masks");
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(after->delivered.certain, 300);
    EXPECT_EQ(after->gap.min, 700);
    EXPECT_EQ(after->gap.max, 700);
    EXPECT_EQ(after->delivered.records, (std::vector<RecordRef>{{Kind::kDonation, "don-1"}}));
    EXPECT_EQ(after->requested.records, (std::vector<RecordRef>{{Kind::kRequest, "req-1"}}));
}

TEST_F(ProcurementTest, GapIsNeverBelowZero) {
    Add(Request("req-1", "it", "2020-03-01", {Line("masks", 100)}));
    Add(Gift("don-1", "it", {Line("masks", 500)},
             {{DonationStatus::kPledged, I("2020-03-01")},
              {DonationStatus::kDelivered, I("2020-03-02")}}));
    const NeedsItem* i = ItemOf(Of(NeedsAsOf("2020-03-10"), "it"), "masks");
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->gap.min, 0);
    EXPECT_EQ(i->gap.max, 0);
}

TEST_F(ProcurementTest, UncertainDatesGiveRanges) {
    Add(Request("req-1", "it", "2020-03-01/2020-03-20", {Line("masks", 1000)}));
    Add(Gift("don-1", "it", {Line("masks", 400)},
             {{DonationStatus::kPledged, I("2020-03-01")},
              {DonationStatus::kDelivered, I("2020-03-05/2020-03-15")}}));
    const NeedsItem* i = ItemOf(Of(NeedsAsOf("2020-03-10"), "it"), "masks");
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->requested.certain, 0);
    EXPECT_EQ(i->requested.possible, 1000);
    EXPECT_EQ(i->delivered.certain, 0);
    EXPECT_EQ(i->delivered.possible, 400);
    // At least 0 (the request may not exist yet, or 400 arrived), at most 1000.
    EXPECT_EQ(i->gap.min, 0);
    EXPECT_EQ(i->gap.max, 1000);
    EXPECT_FALSE(i->gap.exact());
    // Before anything could have happened, nothing is listed.
    EXPECT_EQ(Of(NeedsAsOf("2020-02-28"), "it"), nullptr);
}

TEST_F(ProcurementTest, UnknownQuantitiesAreListedNeverZero) {
    Add(Request("req-1", "it", "2020-03-01", {Line("masks", std::nullopt)}));
    Add(Request("req-2", "it", "2020-03-02", {Line("masks", 100)}));
    Add(Gift("don-1", "it", {Line("masks", std::nullopt)},
             {{DonationStatus::kPledged, I("2020-03-01")},
              {DonationStatus::kDelivered, I("2020-03-03")}}));
    const NeedsItem* i = ItemOf(Of(NeedsAsOf("2020-03-10"), "it"), "masks");
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->requested.certain, 100);
    EXPECT_EQ(i->requested.unknown, (std::vector<RecordRef>{{Kind::kRequest, "req-1"}}));
    EXPECT_FALSE(i->requested.exact());
    EXPECT_EQ(i->delivered.unknown, (std::vector<RecordRef>{{Kind::kDonation, "don-1"}}));
    // Requested is at least 100 and delivered unknown: the gap is unknown, not 100 and not 0.
    EXPECT_TRUE(i->gap.unknown());
}

TEST_F(ProcurementTest, ARequestOrDonationNamingNoItemsCountsUnderItemsNotReported) {
    Add(Request("req-ng", "it", "2020-01-01/2020-04-10", {}));
    Add(Gift("don-ng", "it", {}, {{DonationStatus::kShipped, I("2020-01-01/2020-04-10")}}));
    const NeedsRecipient* r = Of(NeedsAsOf("2020-04-10"), "it");
    const NeedsItem* i = ItemOf(r, "");
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->requested.unknown.size(), 1u);
    EXPECT_EQ(i->shipped.unknown.size(), 1u);
    EXPECT_EQ(i->pledged.unknown.size(), 1u);  // shipped implies pledged
    EXPECT_TRUE(i->delivered.records.empty());
    EXPECT_TRUE(i->gap.unknown());
    ASSERT_EQ(r->requests.size(), 1u);
    ASSERT_TRUE(r->requests[0].gap.has_value());
    EXPECT_TRUE(r->requests[0].gap->unknown());
}

TEST_F(ProcurementTest, ARecipientInsideACountryCountsForTheCountryAndTheFilterResolvesToIt) {
    Add(Request("req-1", "it-health", "2020-03-01", {Line("masks", 100)}));
    Add(Gift("don-1", "it", {Line("masks", 40)},
             {{DonationStatus::kPledged, I("2020-03-01")},
              {DonationStatus::kDelivered, I("2020-03-02")}}));
    Add(Request("req-2", "ir", "2020-03-01", {Line("masks", 5)}));
    const Needs& n = NeedsAsOf("2020-03-10", "it-health");
    ASSERT_EQ(n.recipients.size(), 1u);
    EXPECT_EQ(n.recipients[0].recipient, "it");
    EXPECT_EQ(n.recipient, "it");
    EXPECT_EQ(ItemOf(&n.recipients[0], "masks")->gap.min, 60);

    view_ = View();
    auto missing = ComputeNeeds(view_, NeedsQuery{D("2020-03-10"), "atlantis"});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().field, "recipient");
}

TEST_F(ProcurementTest, ACancelledPledgeCountsOnlyUntilItMayHaveBeenCancelled) {
    Add(Gift("don-1", "it", {Line("masks", 100)},
             {{DonationStatus::kPledged, I("2020-03-01")},
              {DonationStatus::kCancelled, I("2020-03-05/2020-03-10")}}));
    EXPECT_EQ(ItemOf(Of(NeedsAsOf("2020-03-03"), "it"), "masks")->pledged.certain, 100);
    const NeedsItem* maybe = ItemOf(Of(NeedsAsOf("2020-03-07"), "it"), "masks");
    EXPECT_EQ(maybe->pledged.certain, 0);
    EXPECT_EQ(maybe->pledged.possible, 100);
    EXPECT_EQ(Of(NeedsAsOf("2020-03-11"), "it"), nullptr);
}

TEST_F(ProcurementTest, DeliveriesGoToTheOldestRequestFirstAndRequestsAreRankedByGap) {
    Add(Request("req-old", "it", "2020-03-01", {Line("masks", 100)}));
    Add(Request("req-new", "it", "2020-03-05", {Line("masks", 100)}));
    Add(Request("req-vent", "it", "2020-03-06", {Line("ventilators", 10)}));
    Add(Request("req-team", "it", "2020-03-02", {}, RequestKind::kTeam));
    Add(Gift("don-1", "it", {Line("masks", 150)},
             {{DonationStatus::kPledged, I("2020-03-01")},
              {DonationStatus::kDelivered, I("2020-03-08")}}));
    const NeedsRecipient* r = Of(NeedsAsOf("2020-03-10"), "it");
    ASSERT_NE(r, nullptr);
    std::vector<std::string> order;
    for (const auto& n : r->requests) order.push_back(n.request->id);
    // req-new: 50 unmet; req-vent: 10; req-old: 0 (filled first); the team request last.
    EXPECT_EQ(order, (std::vector<std::string>{"req-new", "req-vent", "req-old", "req-team"}));
    EXPECT_EQ(r->requests[0].gap->min, 50);
    EXPECT_EQ(r->requests[0].gap->max, 50);
    EXPECT_EQ(r->requests[2].gap->max, 0);
    EXPECT_FALSE(r->requests[3].gap.has_value());
    ASSERT_TRUE(r->teams_sent.has_value());
    EXPECT_EQ(r->teams_sent->possible, 0);
}

TEST_F(ProcurementTest, ADeclinedRequestStopsCountingOnceSurelyDeclined) {
    ProcurementRequest r = Request("req-1", "it", "2020-03-01", {Line("masks", 100)});
    r.outcome = RequestOutcome::kDeclined;
    r.outcome_on = I("2020-03-05");
    Add(r);
    EXPECT_EQ(ItemOf(Of(NeedsAsOf("2020-03-03"), "it"), "masks")->requested.certain, 100);
    EXPECT_EQ(Of(NeedsAsOf("2020-03-06"), "it"), nullptr);
}

// docs/figures.md "Needs": deliveries go to requests oldest first, so on any ledger the gaps of
// a recipient's requests for an item add up to the item's gap, at both ends of the range
// (single-item requests, known quantities). Random ledgers from a fixed seed.
TEST_F(ProcurementTest, RequestGapsAddUpToTheItemGapOnRandomLedgers) {
    // A fixed-seed linear congruential generator (core takes no <random>: layering_test.cpp).
    std::uint64_t state = 20200410;
    auto pick = [&](int lo, int hi) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return lo + static_cast<int>((state >> 33) % static_cast<std::uint64_t>(hi - lo + 1));
    };
    auto day = [&](int offset) { return FormatDate(AddDays(D("2020-03-01"), offset)); };
    const std::size_t base = records_.size();  // the parties and items of SetUp
    int checked = 0;
    for (int round = 0; round < 200; ++round) {
        records_.erase(records_.begin() + static_cast<std::ptrdiff_t>(base), records_.end());
        int requests = pick(1, 5);
        for (int i = 0; i < requests; ++i) {
            int start = pick(0, 20);
            std::string asked = day(start) + "/" + day(start + pick(0, 6));
            Add(Request("r" + std::to_string(i), pick(0, 1) ? "it" : "it-health", asked.c_str(),
                        {Line("masks", pick(0, 500))}));
        }
        int gifts = pick(0, 4);
        for (int i = 0; i < gifts; ++i) {
            int start = pick(0, 20);
            std::string delivered = day(start) + "/" + day(start + pick(0, 6));
            Add(Gift("d" + std::to_string(i), "it", {Line("masks", pick(0, 500))},
                     {{DonationStatus::kPledged, I("2020-02-01")},
                      {DonationStatus::kDelivered, I(delivered.c_str())}}));
        }
        std::string as_of = day(pick(0, 30));
        const NeedsRecipient* r = Of(NeedsAsOf(as_of.c_str()), "it");
        if (r == nullptr) continue;
        ++checked;
        const NeedsItem* masks = ItemOf(r, "masks");
        ASSERT_NE(masks, nullptr);
        ASSERT_TRUE(masks->gap.max.has_value());
        std::int64_t min = 0;
        std::int64_t max = 0;
        for (const auto& n : r->requests) {
            ASSERT_TRUE(n.gap && n.gap->max);
            EXPECT_LE(n.gap->min, *n.gap->max);
            min += n.gap->min;
            max += *n.gap->max;
        }
        EXPECT_EQ(min, masks->gap.min) << "round " << round << " as of " << as_of;
        EXPECT_EQ(max, *masks->gap.max) << "round " << round << " as of " << as_of;
        // And the ranking is by gap: no request ranks above one with a larger least gap.
        for (std::size_t k = 1; k < r->requests.size(); ++k) {
            EXPECT_GE(r->requests[k - 1].gap->min, r->requests[k].gap->min);
        }
    }
    EXPECT_GT(checked, 100);  // most random ledgers have something to check
}

// ---------------------------------------------------------------- recommendations

class RecommendTest : public ProcurementTest {
  protected:
    void SetUp() override {
        ProcurementTest::SetUp();
        // Judged on 2020-03-10, the latest day the request may have been made.
        Add(Request("req-1", "it", "2020-03-01/2020-03-10",
                    {Line("masks", 1000), Line("ventilators", 5), Line("misc", 1)}));
        // f-a: certified for masks until exactly the request's day: valid through that day.
        Add(Listing("m-a", "f-a", "2020-02-01",
                    {Cert("CE-A", "masks", "2019-01-01", "2020-03-10")}));
        // f-b: delisted before the day.
        Add(Listing("m-b", "f-b", "2020-02-01", {Cert("CE-B", "masks", "2019-01-01", {})},
                    "2020-03-05"));
        // f-c: certificate expired the day before.
        Add(Listing("m-c", "f-c", "2020-02-01",
                    {Cert("CE-C", "masks", "2019-01-01", "2020-03-09")}));
        // f-d: certificate valid only from the day after.
        Add(Listing("m-d", "f-d", "2020-02-01", {Cert("CE-D", "masks", "2020-03-11", {})}));
        // f-e: certified, but for ventilators only.
        Add(Listing("m-e", "f-e", "2020-02-01", {Cert("CE-E", "ventilators", "2020-01-01", {})}));
        // f-f: delisted, then listed again as a new record: the relisting clears.
        Add(Listing("m-f1", "f-f", "2020-01-01", {Cert("CE-F", "masks", "2019-01-01", {})},
                    "2020-02-01"));
        Add(Listing("m-f2", "f-f", "2020-03-01", {Cert("CE-F2", "masks", "2020-03-01", {})}));
    }
    Recommendations Get(const char* id) {
        view_ = View();
        auto r = Recommend(view_, id);
        EXPECT_TRUE(r.ok()) << r.error().message;
        return r.ok() ? *r : Recommendations{};
    }
    static const ManufacturerMatch* Find(const std::vector<ManufacturerMatch>& v,
                                         const std::string& party) {
        for (const auto& m : v) {
            if (m.party == party) return &m;
        }
        return nullptr;
    }
};

TEST_F(RecommendTest, JudgedOnTheLatestDayAskedWithEveryExclusionExplained) {
    Recommendations r = Get("req-1");
    EXPECT_EQ(r.judged_on, D("2020-03-10"));
    ASSERT_EQ(r.categories.size(), 2u);
    const CategoryMatches& masks = r.categories[0];
    EXPECT_EQ(masks.category, "masks");
    EXPECT_EQ(masks.items, (std::vector<std::string>{"masks"}));

    // Expiry exactly on the request's day: still valid that day.
    const ManufacturerMatch* a = Find(masks.recommended, "f-a");
    ASSERT_NE(a, nullptr);
    ASSERT_NE(a->check.certificate, nullptr);
    EXPECT_EQ(a->check.certificate->number, "CE-A");
    const ManufacturerMatch* f = Find(masks.recommended, "f-f");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->check.manufacturer->id, "m-f2");
    EXPECT_EQ(masks.recommended.size(), 2u);

    auto verdict = [&](const char* party) {
        const ManufacturerMatch* m = Find(masks.excluded, party);
        return m ? m->check.verdict : Clearance::kCleared;
    };
    EXPECT_EQ(verdict("f-b"), Clearance::kDelisted);
    EXPECT_EQ(verdict("f-c"), Clearance::kCertificateExpired);
    EXPECT_EQ(verdict("f-d"), Clearance::kCertificateNotYetValid);
    EXPECT_EQ(verdict("f-e"), Clearance::kProductNotCovered);
    EXPECT_NE(Find(masks.excluded, "f-c")->check.detail.find("2020-03-09"), std::string::npos);

    const CategoryMatches& vents = r.categories[1];
    EXPECT_EQ(vents.category, "ventilators");
    ASSERT_EQ(vents.recommended.size(), 1u);
    EXPECT_EQ(vents.recommended[0].party, "f-e");
    EXPECT_EQ(r.uncategorised, (std::vector<std::string>{"misc"}));
}

TEST_F(RecommendTest, ExpiryOnTheDayBeforeTheRequestExcludes) {
    // The same certificate as f-a's, for a request surely made a day later: expired.
    Add(Request("req-2", "it", "2020-03-11", {Line("masks", 1)}));
    Recommendations r = Get("req-2");
    const ManufacturerMatch* a = Find(r.categories[0].excluded, "f-a");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->check.verdict, Clearance::kCertificateExpired);
    // And f-d becomes valid that day.
    EXPECT_NE(Find(r.categories[0].recommended, "f-d"), nullptr);
}

// docs/figures.md "Recommendations": a manufacturer on the list of non-compliant products (a
// clearance rule's negative list) is excluded whatever it is certified for, while its entry may
// stand on the day judged; an entry surely removed by then excludes nothing.
TEST_F(RecommendTest, AManufacturerFoundNonCompliantIsNeverRecommended) {
    Manufacturer bad = Listing("m-a-bad", "f-a", "2020-03-01", {});
    bad.list = ClearanceList::kNonCompliant;
    Add(bad);
    Manufacturer gone = Listing("m-f-bad", "f-f", "2020-01-01", {}, "2020-02-01");
    gone.list = ClearanceList::kNonCompliant;
    Add(gone);
    Recommendations r = Get("req-1");
    const CategoryMatches& masks = r.categories[0];
    EXPECT_EQ(Find(masks.recommended, "f-a"), nullptr);
    const ManufacturerMatch* a = Find(masks.excluded, "f-a");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->check.verdict, Clearance::kNonCompliant);
    EXPECT_NE(a->check.detail.find("m-a-bad"), std::string::npos) << a->check.detail;
    // f-f's entry was removed before the day judged: its certified listing still clears it.
    EXPECT_NE(Find(masks.recommended, "f-f"), nullptr);
}

TEST_F(RecommendTest, UnknownRequestsAndTeamRequestsAreErrorsNamingThem) {
    view_ = View();
    auto missing = Recommend(view_, "req-nope");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_NE(missing.error().message.find("req-nope"), std::string::npos);

    Add(Request("req-team", "it", "2020-03-01", {}, RequestKind::kTeam));
    view_ = View();
    auto team = Recommend(view_, "req-team");
    ASSERT_FALSE(team.ok());
    EXPECT_EQ(team.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(team.error().message.find("team"), std::string::npos);

    Add(Request("req-none", "it", "2020-03-01", {}));
    Recommendations none = Get("req-none");
    EXPECT_TRUE(none.categories.empty());
    EXPECT_TRUE(none.uncategorised.empty());
}

// ---------------------------------------------------------------- validation

const RecordExists kAll = [](Kind, std::string_view) { return true; };

std::vector<std::string> Problems(ProcurementRequest r) {
    Record rec = std::move(r);
    std::vector<std::string> fields;
    for (const auto& p : NormaliseAndValidate(rec, ReferenceData{}, kAll)) {
        fields.push_back(p.field);
    }
    return fields;
}

TEST(RequestValidation, KindsOutcomesAndDatesAreConsistent) {
    EXPECT_TRUE(Problems(Request("r", "it", "2020-03-01", {Line("masks", 1)})).empty());
    // Items not reported: allowed, unknown is not zero.
    EXPECT_TRUE(Problems(Request("r", "it", "2020-03-01", {})).empty());

    ProcurementRequest team =
        Request("r", "it", "2020-03-01", {Line("masks", 1)}, RequestKind::kTeam);
    EXPECT_EQ(Problems(team), (std::vector<std::string>{"lines"}));

    ProcurementRequest items = Request("r", "it", "2020-03-01", {Line("masks", 1)});
    items.specialties = {"icu"};
    EXPECT_EQ(Problems(items), (std::vector<std::string>{"specialties"}));

    ProcurementRequest undated = Request("r", "it", "2020-03-01", {});
    undated.outcome = RequestOutcome::kFulfilled;
    EXPECT_EQ(Problems(undated), (std::vector<std::string>{"outcome_on"}));

    ProcurementRequest early = undated;
    early.outcome_on = I("2020-02-01");
    EXPECT_EQ(Problems(early), (std::vector<std::string>{"outcome_on"}));

    ProcurementRequest open = Request("r", "it", "2020-03-01", {});
    open.outcome_on = I("2020-03-02");
    open.recommended = {"m-a"};
    EXPECT_EQ(Problems(open), (std::vector<std::string>{"outcome_on", "recommended"}));

    ProcurementRequest team_rec = Request("r", "it", "2020-03-01", {}, RequestKind::kTeam);
    team_rec.outcome = RequestOutcome::kManufacturersRecommended;
    team_rec.outcome_on = I("2020-03-02");
    EXPECT_EQ(Problems(team_rec), (std::vector<std::string>{"outcome"}));
}

// ---------------------------------------------------------------- contract figures

ProcurementContract Contract(std::string id, std::string buyer,
                             std::vector<StatusEntry<ContractStatus>> history) {
    ProcurementContract k;
    k.id = std::move(id);
    k.buyer = std::move(buyer);
    k.supplier = "f-a";
    k.history = std::move(history);
    return k;
}

class ContractFiguresTest : public ProcurementTest {
  protected:
    Figure Get(const char* metric, const char* as_of) {
        view_ = View();
        return FindFigure(ComputeFigures(view_, FigureQuery{D(as_of), {}, {}}), metric, {});
    }
};

TEST_F(ContractFiguresTest, ABuyerWithOneSignedAndOneInTalksCountsAsSignedOnly) {
    Add(Contract(
        "k1", "it",
        {{ContractStatus::kInTalks, I("2020-03-01")}, {ContractStatus::kSigned, I("2020-03-10")}}));
    Add(Contract("k2", "it", {{ContractStatus::kInTalks, I("2020-03-05")}}));
    Add(Contract(
        "k3", "who",
        {{ContractStatus::kInTalks, I("2020-03-01")}, {ContractStatus::kSigned, I("2020-03-02")}}));
    Add(Contract("k4", "who", {{ContractStatus::kInTalks, I("2020-03-03")}}));
    Figure signed_countries = Get("contracts.signed.countries", "2020-04-08");
    EXPECT_EQ(signed_countries.certain, 1);
    EXPECT_TRUE(signed_countries.exact());
    EXPECT_EQ(Get("contracts.in_talks.countries", "2020-04-08").possible, 0);
    EXPECT_EQ(Get("contracts.signed.organisations", "2020-04-08").certain, 1);
    EXPECT_EQ(Get("contracts.in_talks.organisations", "2020-04-08").possible, 0);
    // Before the signature, Italy is in talks (two contracts, one buyer).
    Figure talks = Get("contracts.in_talks.countries", "2020-03-06");
    EXPECT_EQ(talks.certain, 1);
    EXPECT_EQ(talks.possible, 1);
    EXPECT_EQ(talks.records.size(), 2u);
}

TEST_F(ContractFiguresTest, ASignedThenCancelledContractStopsCounting) {
    Add(Contract("k1", "ir",
                 {{ContractStatus::kInTalks, I("2020-03-01")},
                  {ContractStatus::kSigned, I("2020-03-05")},
                  {ContractStatus::kCancelled, I("2020-03-20")}}));
    EXPECT_EQ(Get("contracts.signed.countries", "2020-03-10").certain, 1);
    Figure after = Get("contracts.signed.countries", "2020-03-25");
    EXPECT_EQ(after.certain, 0);
    EXPECT_EQ(after.possible, 0);
    EXPECT_EQ(Get("contracts.in_talks.countries", "2020-03-25").possible, 0);
}

TEST_F(ContractFiguresTest, ABuyerInsideACountryCountsForTheCountryOnce) {
    Add(Contract("k1", "it-health", {{ContractStatus::kSigned, I("2020-03-01")}}));
    Add(Contract("k2", "it", {{ContractStatus::kSigned, I("2020-03-02")}}));
    Figure f = Get("contracts.signed.countries", "2020-03-10");
    EXPECT_EQ(f.certain, 1);
    EXPECT_EQ(f.records.size(), 2u);
    EXPECT_EQ(Get("contracts.signed.organisations", "2020-03-10").possible, 0);
}

// docs/figures.md "Contracts": a deal is one record whose history holds its progress; two
// deals of one buyer with one supplier are two records, and the buyer still counts once.
TEST_F(ContractFiguresTest, TwoDealsOfOneBuyerWithOneSupplierCountTheBuyerOnce) {
    Add(Contract("k1", "it", {{ContractStatus::kSigned, I("2020-03-01")}}));
    Add(Contract("k2", "it", {{ContractStatus::kSigned, I("2020-03-01")}}));
    Figure f = Get("contracts.signed.countries", "2020-03-10");
    EXPECT_EQ(f.certain, 1);
    EXPECT_EQ(f.possible, 1);
    EXPECT_EQ(f.records,
              (std::vector<RecordRef>{{Kind::kContract, "k1"}, {Kind::kContract, "k2"}}));
}

TEST_F(ContractFiguresTest, AnUncertainSignatureDateGivesARange) {
    Add(Contract("k1", "it",
                 {{ContractStatus::kInTalks, I("2020-03-01")},
                  {ContractStatus::kSigned, I("2020-03-05/2020-03-15")}}));
    Figure signed_ = Get("contracts.signed.countries", "2020-03-10");
    Figure talks = Get("contracts.in_talks.countries", "2020-03-10");
    EXPECT_EQ(signed_.certain, 0);
    EXPECT_EQ(signed_.possible, 1);
    EXPECT_EQ(talks.certain, 0);  // may already be signed
    EXPECT_EQ(talks.possible, 1);
    EXPECT_EQ(Get("contracts.signed.countries", "2020-03-15").certain, 1);
}

}  // namespace
}  // namespace aidledger
