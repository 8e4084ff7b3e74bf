// The access policy of issue 3 (docs/api.md, "Access").
#include "aidledger/core/accounts.h"

#include <gtest/gtest.h>

#include <chrono>

namespace aidledger {
namespace {

using namespace std::chrono_literals;

StoredRecord Stored(Record r) { return StoredRecord{std::move(r), VersionMeta{}}; }

Party MakeParty(std::string id, std::optional<std::string> parent) {
    Party p;
    p.id = std::move(id);
    p.name = p.id;
    p.kind = PartyKind::kEnterprise;
    p.parent = std::move(parent);
    return p;
}

TeamDeployment Team(std::string id, std::string provider) {
    TeamDeployment t;
    t.id = std::move(id);
    t.provider = std::move(provider);
    t.host = "it";
    return t;
}

// redcross has a branch redcross-sh; ministry is unrelated; loop-a and loop-b form a cycle.
LedgerView View() {
    std::vector<StoredRecord> records;
    records.push_back(Stored(MakeParty("redcross", std::nullopt)));
    records.push_back(Stored(MakeParty("redcross-sh", "redcross")));
    records.push_back(Stored(MakeParty("ministry", std::nullopt)));
    records.push_back(Stored(MakeParty("loop-a", "loop-b")));
    records.push_back(Stored(MakeParty("loop-b", "loop-a")));
    return LedgerView(std::move(records));
}

const Principal kViewer{"v", Role::kViewer, std::nullopt};
const Principal kEditor{"e", Role::kEditor, std::nullopt};
const Principal kRedCrossEditor{"rc", Role::kEditor, "redcross"};
const Principal kAdmin{"a", Role::kAdmin, std::nullopt};

TEST(ProviderOf, NamesTheProvidingPartyOfEachKind) {
    EXPECT_EQ(ProviderOf(Team("t", "cn-gov")), "cn-gov");
    ExpertExchange x;
    x.organiser = "nhc";
    EXPECT_EQ(ProviderOf(x), "nhc");
    Commitment c;
    c.by = "cn-gov";
    EXPECT_EQ(ProviderOf(c), "cn-gov");
    ProcurementContract k;
    k.buyer = "it";
    k.supplier = "maker";
    EXPECT_EQ(ProviderOf(k), "maker");
    ExportDeclaration d;
    d.exporter = "maker";
    d.destination = "it";
    EXPECT_EQ(ProviderOf(d), "maker");
    ExportStatistic s;
    s.publisher = "customs";
    EXPECT_EQ(ProviderOf(s), "customs");
    Manufacturer m;
    m.party = "maker";
    EXPECT_EQ(ProviderOf(m), "maker");
    ProcurementRequest r;
    EXPECT_EQ(ProviderOf(r), std::nullopt);
    r.addressee = "cn-gov";
    EXPECT_EQ(ProviderOf(r), "cn-gov");
    EXPECT_EQ(ProviderOf(MakeParty("p", "redcross")), "redcross");
    EXPECT_EQ(ProviderOf(MakeParty("p", std::nullopt)), std::nullopt);
    EXPECT_EQ(ProviderOf(Source{}), std::nullopt);
    EXPECT_EQ(ProviderOf(Claim{}), std::nullopt);
    EXPECT_EQ(ProviderOf(CatalogueItem{}), std::nullopt);
}

TEST(InOrganisation, FollowsParentsAndStopsOnLoops) {
    LedgerView view = View();
    EXPECT_TRUE(InOrganisation(view, "redcross", "redcross"));
    EXPECT_TRUE(InOrganisation(view, "redcross-sh", "redcross"));
    EXPECT_FALSE(InOrganisation(view, "redcross", "redcross-sh"));
    EXPECT_FALSE(InOrganisation(view, "ministry", "redcross"));
    EXPECT_FALSE(InOrganisation(view, "unknown", "redcross"));
    EXPECT_FALSE(InOrganisation(view, "loop-a", "redcross"));
}

TEST(Authorize, AnonymousReadsOnlyPublicResources) {
    EXPECT_EQ(AuthorizeRead(nullptr, true), Decision::kAllow);
    EXPECT_EQ(AuthorizeRead(nullptr, false), Decision::kUnauthenticated);
    EXPECT_EQ(AuthorizeRead(&kViewer, false), Decision::kAllow);
}

TEST(Authorize, OnlyAdminsManageAccounts) {
    EXPECT_EQ(AuthorizeAdmin(nullptr), Decision::kUnauthenticated);
    EXPECT_EQ(AuthorizeAdmin(&kViewer), Decision::kForbidden);
    EXPECT_EQ(AuthorizeAdmin(&kEditor), Decision::kForbidden);
    EXPECT_EQ(AuthorizeAdmin(&kRedCrossEditor), Decision::kForbidden);
    EXPECT_EQ(AuthorizeAdmin(&kAdmin), Decision::kAllow);
}

TEST(Authorize, ViewersAndAnonymousNeverWrite) {
    LedgerView view = View();
    Record team = Team("t", "redcross");
    EXPECT_EQ(AuthorizeRecordWrite(nullptr, view, nullptr, &team), Decision::kUnauthenticated);
    EXPECT_EQ(AuthorizeRecordWrite(&kViewer, view, nullptr, &team), Decision::kForbidden);
    EXPECT_EQ(AuthorizeRecordWrite(&kEditor, view, nullptr, &team), Decision::kAllow);
    EXPECT_EQ(AuthorizeRecordWrite(&kAdmin, view, &team, nullptr), Decision::kAllow);
}

TEST(Authorize, BoundEditorWritesOnlyInsideItsOrganisationBeforeAndAfter) {
    LedgerView view = View();
    Record own = Team("t1", "redcross");
    Record branch = Team("t2", "redcross-sh");
    Record other = Team("t3", "ministry");
    EXPECT_EQ(AuthorizeRecordWrite(&kRedCrossEditor, view, nullptr, &own), Decision::kAllow);
    EXPECT_EQ(AuthorizeRecordWrite(&kRedCrossEditor, view, nullptr, &branch), Decision::kAllow);
    EXPECT_EQ(AuthorizeRecordWrite(&kRedCrossEditor, view, nullptr, &other), Decision::kForbidden);
    // Taking another organisation's record, or handing one over, is refused.
    EXPECT_EQ(AuthorizeRecordWrite(&kRedCrossEditor, view, &other, &own), Decision::kForbidden);
    EXPECT_EQ(AuthorizeRecordWrite(&kRedCrossEditor, view, &own, &other), Decision::kForbidden);
    EXPECT_EQ(AuthorizeRecordWrite(&kRedCrossEditor, view, &other, nullptr), Decision::kForbidden);
    // Records without a provider are for unbound editors only.
    Record source = Source{};
    EXPECT_EQ(AuthorizeRecordWrite(&kRedCrossEditor, view, nullptr, &source), Decision::kForbidden);
    EXPECT_EQ(AuthorizeRecordWrite(&kEditor, view, nullptr, &source), Decision::kAllow);
    // A branch of its own organisation is in scope; a new top-level party is not.
    Record new_branch = MakeParty("redcross-bj", "redcross");
    Record top = MakeParty("new-org", std::nullopt);
    EXPECT_EQ(AuthorizeRecordWrite(&kRedCrossEditor, view, nullptr, &new_branch), Decision::kAllow);
    EXPECT_EQ(AuthorizeRecordWrite(&kRedCrossEditor, view, nullptr, &top), Decision::kForbidden);
}

TEST(Authorize, ReadScopeOnlyNarrowsBoundEditors) {
    LedgerView view = View();
    Record other = Team("t3", "ministry");
    Record own = Team("t1", "redcross-sh");
    Record source = Source{};
    EXPECT_TRUE(InReadScope(kViewer, view, other));
    EXPECT_TRUE(InReadScope(kEditor, view, other));
    EXPECT_FALSE(InReadScope(kRedCrossEditor, view, other));
    EXPECT_TRUE(InReadScope(kRedCrossEditor, view, own));
    EXPECT_TRUE(InReadScope(kRedCrossEditor, view, source));
}

TEST(TokenUsable, RefusesRevokedExpiredAndDisabled) {
    LedgerTime now{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};
    User user{"alice", Role::kViewer, std::nullopt, std::nullopt, false, now};
    Token token{"id", "alice", "", "hash", now, std::nullopt, std::nullopt};
    EXPECT_TRUE(TokenUsable(token, user, now));
    Token revoked = token;
    revoked.revoked_at = now - 1s;
    EXPECT_FALSE(TokenUsable(revoked, user, now));
    Token expired = token;
    expired.expires_at = now;
    EXPECT_FALSE(TokenUsable(expired, user, now));
    expired.expires_at = now + 1s;
    EXPECT_TRUE(TokenUsable(expired, user, now));
    User disabled = user;
    disabled.disabled = true;
    EXPECT_FALSE(TokenUsable(token, disabled, now));
    Token someone_else = token;
    someone_else.user = "bob";
    EXPECT_FALSE(TokenUsable(someone_else, user, now));
}

TEST(RecipientsOf, TheOtherSideOfProviderOf) {
    Donation d;
    d.recipient = "it";
    EXPECT_EQ(RecipientsOf(d), std::vector<std::string>{"it"});
    CashContribution c;
    c.recipient = "ir";
    EXPECT_EQ(RecipientsOf(c), std::vector<std::string>{"ir"});
    EXPECT_EQ(RecipientsOf(Team("t", "cn")), std::vector<std::string>{"it"});
    ExpertExchange x;
    x.participants = {"it", "es"};
    EXPECT_EQ(RecipientsOf(x), (std::vector<std::string>{"it", "es"}));
    ProcurementContract k;
    k.buyer = "rs";
    EXPECT_EQ(RecipientsOf(k), std::vector<std::string>{"rs"});
    ExportDeclaration e;
    e.destination = "us";
    EXPECT_EQ(RecipientsOf(e), std::vector<std::string>{"us"});
    Commitment m;
    m.to = {"ve", "cu"};
    EXPECT_EQ(RecipientsOf(m), (std::vector<std::string>{"ve", "cu"}));
    ProcurementRequest r;
    r.requester = "it";
    r.addressee = "cn";
    EXPECT_TRUE(RecipientsOf(r).empty());
    EXPECT_TRUE(RecipientsOf(MakeParty("p", "it")).empty());
    EXPECT_TRUE(RecipientsOf(Source{}).empty());
}

}  // namespace
}  // namespace aidledger
