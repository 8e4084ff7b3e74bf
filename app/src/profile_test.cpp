// Issue 10: a party's profile (docs/api.md "GET /parties/{id}/profile"): what the party or its
// branches received (RecipientsOf), gave (ProviderOf) and requested, with the other side named.
#include "aidledger/app/profile.h"

#include <gtest/gtest.h>

#include "app_test_support.h"

namespace aidledger::app {
namespace {

using testing::Country;
using testing::T;
using testing::Team;

StoredRecord Stored(Record r) {
    StoredRecord s;
    s.record = std::move(r);
    s.meta.kind = KindOf(s.record);
    s.meta.id = IdOf(s.record);
    s.meta.version = 1;
    return s;
}

LedgerView View() {
    Party hospital;
    hospital.id = "it-hospital";
    hospital.name = "Hospital";
    hospital.kind = PartyKind::kCivilSociety;
    hospital.parent = "it";
    ProcurementRequest asked;
    asked.id = "req-it-cn";
    asked.requester = "it-hospital";
    asked.addressee = "cn";
    asked.asked_on = *ParseInterval("2020-03-01", "asked_on");
    Donation d;
    d.id = "don-it-rs";
    d.provider = "it";
    d.recipient = "rs";
    std::vector<StoredRecord> records{Stored(Country("cn", "CN", "China")),
                                      Stored(Country("it", "IT", "Italy")),
                                      Stored(Country("rs", "RS", "Serbia")),
                                      Stored(hospital),
                                      Stored(Team("team-cn-it", "cn", "it-hospital")),
                                      Stored(asked),
                                      Stored(d)};
    return LedgerView(std::move(records), T("2020-06-01T00:00:00Z"));
}

std::vector<std::string> Ids(const std::vector<ProfileEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(IdOf(e.record));
    return out;
}

TEST(Profile, WhatThePartyAndItsBranchesReceivedGaveAndRequested) {
    LedgerView view = View();
    auto p = BuildProfile(view, "it");
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->party.name, "Italy");
    ASSERT_TRUE(p->at.has_value());
    EXPECT_EQ(Ids(p->received), std::vector<std::string>{"team-cn-it"});
    EXPECT_EQ(p->received.front().role, "from");
    EXPECT_EQ(p->received.front().other, "cn");
    EXPECT_EQ(p->received.front().other_name, "China");
    ASSERT_TRUE(p->received.front().when.has_value());
    EXPECT_EQ(p->received_by_kind, (std::map<std::string, int>{{"team", 1}}));
    EXPECT_EQ(Ids(p->given), std::vector<std::string>{"don-it-rs"});
    EXPECT_EQ(p->given.front().role, "to");
    EXPECT_EQ(p->given.front().other, "rs");
    EXPECT_EQ(Ids(p->requested), std::vector<std::string>{"req-it-cn"});
    EXPECT_EQ(p->requested.front().other, "cn");

    // China: gave the team, was asked for help but gave nothing by it; the hospital is not a
    // gift of its parent.
    auto cn = BuildProfile(view, "cn");
    ASSERT_TRUE(cn.ok());
    EXPECT_EQ(Ids(cn->given), std::vector<std::string>{"team-cn-it"});
    EXPECT_EQ(cn->given.front().other, "it-hospital");
    EXPECT_TRUE(cn->received.empty());
    EXPECT_TRUE(cn->requested.empty());
}

TEST(Profile, RecordsOutOfScopeAreLeftOut) {
    LedgerView view = View();
    auto p = BuildProfile(view, "it", [](const Record& r) { return KindOf(r) != Kind::kTeam; });
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->received.empty());
    EXPECT_TRUE(p->received_by_kind.empty());
    EXPECT_EQ(Ids(p->given), std::vector<std::string>{"don-it-rs"});
}

TEST(Profile, AnUnknownPartyIsNotFoundNamingIt) {
    LedgerView view = View();
    auto p = BuildProfile(view, "atlantis");
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(p.error().field, "party/atlantis");
}

}  // namespace
}  // namespace aidledger::app
