// app/read.h (issue 15, docs/reading.md "Using it"): the accept list, the options and the batch
// of `aidledger read` and POST /api/v1/sources/read, each error naming the field as the caller
// spelled it.
#include "aidledger/app/read.h"

#include <gtest/gtest.h>

#include "app_test_support.h"

namespace aidledger::app {
namespace {

read::Reading TwoDrafts(bool dated) {
    read::Reading r;
    r.dated = dated;
    r.source.id = "src-1";
    r.source.text = "China sent 12 teams. It sent  teams more.";
    for (int i = 1; i <= 2; ++i) {
        read::DraftClaim d;
        d.claim.id = "src-1-c" + std::to_string(i);
        d.claim.metric = "teams.sent";
        r.claims.push_back(d);
    }
    TeamDeployment t;
    t.id = "src-1-t1";
    r.records.push_back({"t1", Record{t}, "one team"});
    Donation d;
    d.id = "src-1-d1";
    r.records.push_back({"d1", Record{d}, "supplies"});
    return r;
}

std::vector<read::DraftRecord> Labelled(std::initializer_list<const char*> labels) {
    std::vector<read::DraftRecord> out;
    for (const char* l : labels) out.push_back({l, Record{TeamDeployment{}}, ""});
    return out;
}

TEST(ReadAccept, TheListNamesClaimsByNumberAndDraftRecordsByLabel) {
    auto records = Labelled({"t1", "d1", "m1", "p1", "d2"});
    auto all = ParseDraftList("accept", "all", 3, records);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->claims, (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_EQ(all->records, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
    auto some = ParseDraftList("accept", "3,1,3,d2,t1,p1,d2", 3, records);
    ASSERT_TRUE(some.ok());
    EXPECT_EQ(some->claims, (std::vector<std::size_t>{2, 0})) << "each once, in the order given";
    EXPECT_EQ(some->records, (std::vector<std::size_t>{4, 0, 3}));
}

TEST(ReadAccept, ABadListNamesTheFieldAsSpelled) {
    for (const char* bad : {"", "1,,2", "x", "0", "4", "t2", "d2", "m1", "x1", "1234567", "-1"}) {
        auto r = ParseDraftList("accept", bad, 3, Labelled({"t1", "d1"}));
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().field, "accept") << bad;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
    }
    auto flag = ParseDraftList("--accept", "4", 3, Labelled({"t1"}));
    ASSERT_FALSE(flag.ok());
    EXPECT_EQ(flag.error().field, "--accept");
    EXPECT_EQ(flag.error().message, "no draft 4: the reading has 3 draft claims");
    auto donation = ParseDraftList("--accept", "d3", 3, Labelled({"t1", "d1", "d2"}));
    ASSERT_FALSE(donation.ok());
    EXPECT_EQ(donation.error().message, "no draft d3: the reading has 2 draft records dN");
}

TEST(ReadAccept, OptionsNameIdAndPublished) {
    ReadAsked asked;
    asked.id = "Bad Id";
    auto bad_id = ReadOptionsOf(asked, Spelling::kQuery);
    ASSERT_FALSE(bad_id.ok());
    EXPECT_EQ(bad_id.error().field, "id");
    asked.id = "good-id";
    asked.published = "09/04/2020";
    auto bad_date = ReadOptionsOf(asked, Spelling::kFlag);
    ASSERT_FALSE(bad_date.ok());
    EXPECT_EQ(bad_date.error().field, "--published");
    asked.published = "2020-04-10/2020-04-17";
    auto good = ReadOptionsOf(asked, Spelling::kQuery);
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(good->source_id, "good-id");
    ASSERT_TRUE(good->published.has_value());
}

TEST(ReadAccept, AnUndatedReadingIsNotAcceptedAndFillNeedsAProposal) {
    auto undated = TwoDrafts(false);
    auto refused = AcceptedBatch(undated, {}, AcceptAsked{"all", "", "", ""}, Spelling::kQuery);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().field, "accept");
    EXPECT_NE(refused.error().message.find("give published (D or D1/D2)"), std::string::npos);

    auto dated = TwoDrafts(true);
    auto no_proposal = AcceptedBatch(dated, {}, AcceptAsked{"1", "1", "", ""}, Spelling::kQuery);
    ASSERT_FALSE(no_proposal.ok());
    EXPECT_EQ(no_proposal.error().field, "fill");
    auto not_accepted = AcceptedBatch(dated, {}, AcceptAsked{"1", "2", "", ""}, Spelling::kFlag);
    ASSERT_FALSE(not_accepted.ok());
    EXPECT_EQ(not_accepted.error().field, "--fill");
}

TEST(ReadAccept, TheBatchIsTheSourceThenTheChosenDrafts) {
    auto dated = TwoDrafts(true);
    auto batch = AcceptedBatch(dated, {}, AcceptAsked{"2,d1,t1", "", "", ""}, Spelling::kQuery);
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    ASSERT_EQ(batch->size(), 4U);
    EXPECT_EQ((*batch)[0].kind, Kind::kSource);
    EXPECT_EQ((*batch)[0].id, "src-1");
    EXPECT_EQ((*batch)[1].id, "src-1-c2");
    EXPECT_EQ((*batch)[2].kind, Kind::kDonation);
    EXPECT_EQ((*batch)[3].kind, Kind::kTeam);
    for (const auto& m : *batch) EXPECT_EQ(m.op, Mutation::Op::kCreate);
}

// docs/reading.md "Duplicates and corroboration of records": a draft that looks like a record
// already in the ledger cites that record instead of making a second one.
TEST(ReadAccept, ADraftLikeAnExistingRecordIsWrittenAsACitationOfIt) {
    testing::SmallLedger small;
    ASSERT_TRUE(small.ok());
    auto view = small.ledger().View();
    ASSERT_TRUE(view.ok());
    read::Reading reading = TwoDrafts(true);
    reading.source.published = DateInterval::Exact(*ParseDate("2020-03-13", "d"));
    reading.records.resize(1);
    auto& draft = std::get<TeamDeployment>(reading.records[0].record);
    draft.provider = "cn";
    draft.host = "it";
    draft.sent = *ParseInterval("2020-03-11/2020-03-12", "sent");
    draft.sources.push_back(Citation{"src-1", "China sent 12 teams."});
    auto matches = MatchDrafts(reading, *view);
    ASSERT_EQ(matches.size(), 1U);
    EXPECT_EQ(matches[0].record, 0U);
    ASSERT_EQ(matches[0].matches.size(), 1U);
    EXPECT_EQ(matches[0].matches[0].second, "team-cn-it");
    EXPECT_TRUE(MatchDrafts(reading, *view, [](const Record&) { return false; }).empty())
        << "records the caller may not read are not proposed";

    read::Reading as_new = reading;
    auto fresh =
        AcceptedBatch(as_new, {}, AcceptAsked{"t1", "", "t1", ""}, Spelling::kQuery, matches);
    ASSERT_TRUE(fresh.ok()) << fresh.error().message;
    ASSERT_EQ(fresh->size(), 2U);
    EXPECT_EQ((*fresh)[1].op, Mutation::Op::kCreate) << "as_new writes the draft as it is";

    auto batch =
        AcceptedBatch(reading, {}, AcceptAsked{"t1", "", "", ""}, Spelling::kQuery, matches);
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    ASSERT_EQ(batch->size(), 2U);
    EXPECT_EQ((*batch)[1].op, Mutation::Op::kUpdate);
    EXPECT_EQ((*batch)[1].id, "team-cn-it");
    auto written =
        WriteAccepted(small.ledger(), std::move(*batch),
                      WriteContext{"reader", "read", testing::T("2020-04-02T00:00:00Z")});
    ASSERT_TRUE(written.ok()) << written.error().message;
    auto team = small.store().Get(Kind::kTeam, "team-cn-it", std::nullopt);
    ASSERT_TRUE(team.ok() && team->has_value());
    EXPECT_EQ((*team)->meta.version, 2);
    const auto& cited = BaseOf((*team)->record).sources;
    ASSERT_EQ(cited.size(), 1U);
    EXPECT_EQ(cited[0].source, "src-1");
    EXPECT_EQ((*team)->meta.author, "reader");
}

}  // namespace
}  // namespace aidledger::app
