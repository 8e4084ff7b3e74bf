// The live ledger's property (issue 11): a view and its figure facts kept current by applying
// each committed batch as a delta (LedgerView::WithChanges, UpdateFigureFacts) answer exactly
// what a view and facts built afresh from a scan of the same ledger answer, byte for byte:
// figures, briefing, needs and claims, at several dates and provider scopes, after every one of
// many random batches of creates, updates and retires of every kind on a generated ledger.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "aidledger/app/figure_query.h"
#include "aidledger/core/figures/facts.h"
#include "aidledger/core/needs.h"
#include "aidledger/core/store.h"
#include "aidledger/core/view.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/procurement_json.h"
#include "aidledger/io/refdata.h"
#include "aidledger/storage/memory_store.h"
#include "aidledger/synth/generate.h"

namespace aidledger {
namespace {

constexpr int kBatches = 40;
constexpr int kMaxBatch = 8;

Date D(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

Record WithId(Record r, const std::string& id) {
    std::visit([&](auto& x) { x.id = id; }, r);
    return r;
}

class LiveViewTest : public ::testing::Test {
  public:
    static void SetUpTestSuite() {
        auto loaded = refdata::Load();
        ASSERT_TRUE(loaded.ok()) << loaded.error().message;
        ref_ = new ReferenceData(std::move(*loaded));
    }
    static void TearDownTestSuite() {
        delete ref_;
        ref_ = nullptr;
    }

    // Every answer the ledger gives that the property covers, as bytes.
    static std::vector<std::string> Answers(const LedgerView& view, const FigureFacts& facts) {
        std::vector<std::string> out;
        const std::vector<Date> dates = {D(2020, 2, 15), D(2020, 4, 10), D(2020, 12, 31)};
        std::vector<ProviderScope> scopes(2);
        scopes[1].country = "CN";
        for (Date as_of : dates) {
            for (const ProviderScope& scope : scopes) {
                app::FigureRequest request;
                request.query.as_of = as_of;
                request.query.provider = scope;
                out.push_back(
                    app::FiguresAnswer(view, facts, request, app::AnswerFormat::kJson, *ref_));
                out.push_back(
                    app::BriefingAnswer(view, facts, request, app::AnswerFormat::kJson, *ref_));
                out.push_back(
                    app::BriefingAnswer(view, facts, request, app::AnswerFormat::kMarkdown, *ref_));
            }
            out.push_back(
                app::ClaimsAnswer(view, facts, as_of, app::AnswerFormat::kJson, *ref_).body);
            auto needs = ComputeNeeds(view, NeedsQuery{as_of, std::nullopt});
            out.push_back(needs.ok() ? json::NeedsJson(view, *needs) : needs.error().message);
        }
        out.push_back(
            app::ClaimsAnswer(view, facts, std::nullopt, app::AnswerFormat::kMarkdown, *ref_).body);
        return out;
    }

    // Every record of the view, encoded, in view order.
    static std::vector<std::string> Records(const LedgerView& view) {
        auto codec = json::MakeCodec();
        std::vector<std::string> out;
        view.ForEachKind([&](const auto& records) {
            for (const auto& r : records) out.push_back(codec->Encode(Record(r)));
        });
        return out;
    }

  protected:
    static ReferenceData* ref_;  // NOLINT(readability-identifier-naming): a test's shared data
};
ReferenceData* LiveViewTest::ref_ = nullptr;

// A generated ledger in a memory store, with its live view and facts kept by deltas.
class LiveLedger {
  public:
    explicit LiveLedger(const ReferenceData& ref) : store_(MakeMemoryStore()) {
        std::vector<Mutation> initial;
        for (Party& p : refdata::CountryParties(ref)) {
            std::string id = p.id;
            initial.push_back(
                Mutation{Mutation::Op::kCreate, Kind::kParty, id, Record(std::move(p)), {}});
        }
        for (Record& r : synth::Generate(synth::Options{1500, 7}, ref)) {
            initial.push_back(
                Mutation{Mutation::Op::kCreate, KindOf(r), IdOf(r), std::move(r), {}});
        }
        EXPECT_TRUE(store_->Apply(initial, Context("initial")).ok());
        auto scanned = store_->Scan(ScanQuery{});
        EXPECT_TRUE(scanned.ok());
        view_ = LedgerView(std::move(*scanned));
        facts_ = BuildFigureFacts(view_);
        seen_ = store_->GetStats()->last_seq;
    }

    LedgerStore& store() { return *store_; }
    const LedgerView& view() const { return view_; }

    // Writes the batch, applies it to the live view as a delta and expects every answer and
    // every record to be those of a view scanned afresh. Returns the live answers.
    std::vector<std::string> Write(const std::vector<Mutation>& mutations,
                                   const std::string& what) {
        auto applied = store_->Apply(mutations, Context(what));
        EXPECT_TRUE(applied.ok()) << applied.error().message;
        auto delta = store_->VersionsSince(seen_, 0);
        EXPECT_TRUE(delta.ok());
        EXPECT_EQ(delta->size(), mutations.size());
        if (!delta->empty()) seen_ = delta->back().meta.seq;
        KindSet touched{};
        view_ = view_.WithChanges(*delta, &touched);
        facts_ = UpdateFigureFacts(facts_, view_, *delta);
        for (bool t : touched) kinds_touched_ += t ? 1 : 0;

        auto fresh_records = store_->Scan(ScanQuery{});
        EXPECT_TRUE(fresh_records.ok());
        LedgerView fresh(std::move(*fresh_records));
        FigureFacts fresh_facts = BuildFigureFacts(fresh);
        EXPECT_EQ(LiveViewTest::Records(view_), LiveViewTest::Records(fresh)) << what;
        std::vector<std::string> live = LiveViewTest::Answers(view_, facts_);
        std::vector<std::string> expected = LiveViewTest::Answers(fresh, fresh_facts);
        EXPECT_EQ(live.size(), expected.size());
        for (std::size_t i = 0; i < live.size() && i < expected.size(); ++i) {
            EXPECT_EQ(live[i], expected[i]) << "answer " << i << " after " << what;
            if (live[i] != expected[i]) break;
        }
        return live;
    }

    int kinds_touched() const { return kinds_touched_; }

  private:
    WriteContext Context(const std::string& why) {
        return WriteContext{"test", why, LedgerTime(std::chrono::seconds(clock_++))};
    }
    std::unique_ptr<LedgerStore> store_;
    LedgerView view_;
    FigureFacts facts_;
    std::int64_t seen_ = 0;
    std::int64_t clock_ = 1'600'000'000;
    int kinds_touched_ = 0;
};

TEST_F(LiveViewTest, ADeltaAppliedViewAnswersLikeAFreshOneAfterEveryBatch) {
    LiveLedger ledger(*ref_);
    // Bodies for creates and updates: another generated ledger's records, by kind.
    std::vector<std::vector<Record>> pool(kKindCount);
    for (Record& r : synth::Generate(synth::Options{1500, 11}, *ref_)) {
        pool[static_cast<std::size_t>(KindOf(r))].push_back(std::move(r));
    }
    std::mt19937_64 random(20200410);
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    int created = 0;
    for (int batch = 0; batch < kBatches && !HasFailure(); ++batch) {
        // A batch of 1..kMaxBatch changes, each to a different record.
        std::vector<Mutation> mutations;
        std::set<std::pair<Kind, std::string>> in_batch;
        const std::size_t size = 1 + pick(kMaxBatch);
        for (std::size_t attempt = 0; mutations.size() < size && attempt < 100; ++attempt) {
            auto kind = static_cast<Kind>(pick(kKindCount));
            const auto& bodies = pool[static_cast<std::size_t>(kind)];
            if (bodies.empty()) continue;
            auto live = ledger.store().Scan(ScanQuery{kind, std::nullopt, false});
            ASSERT_TRUE(live.ok());
            const std::size_t op = pick(3);
            if (op == 0 || live->empty()) {
                std::string id = "live-" + std::to_string(++created);
                mutations.push_back(Mutation{
                    Mutation::Op::kCreate, kind, id, WithId(bodies[pick(bodies.size())], id), {}});
                continue;
            }
            const StoredRecord& target = (*live)[pick(live->size())];
            if (!in_batch.insert({kind, target.meta.id}).second) continue;
            if (op == 1) {
                mutations.push_back(Mutation{Mutation::Op::kUpdate, kind, target.meta.id,
                                             WithId(bodies[pick(bodies.size())], target.meta.id),
                                             target.meta.version});
            } else {
                mutations.push_back(Mutation{Mutation::Op::kRetire, kind, target.meta.id,
                                             std::nullopt, target.meta.version});
            }
        }
        ledger.Write(mutations, "batch " + std::to_string(batch));
    }
    // The batches did exercise what they claim to.
    EXPECT_GT(created, 10);
    EXPECT_GT(ledger.kinds_touched(), kBatches);
}

// A commitment's fulfilment reads the event dates of the records it links to: retiring them
// (a write to other kinds than commitments) must change the commitment's figures too.
TEST_F(LiveViewTest, RetiringWhatACommitmentLinksToIsSeenByItsFigures) {
    LiveLedger ledger(*ref_);
    const Commitment* linked = nullptr;
    for (const Commitment& k : ledger.view().All<Commitment>()) {
        if (!k.fulfilled_by.empty()) {
            linked = &k;
            break;
        }
    }
    ASSERT_NE(linked, nullptr) << "the generated ledger has no commitment linked to a record";
    std::vector<Mutation> retire;
    for (const RecordRef& target : linked->fulfilled_by) {
        if (ledger.view().PositionOf(target.kind, target.id)) {
            retire.push_back(
                Mutation{Mutation::Op::kRetire, target.kind, target.id, std::nullopt, {}});
        }
    }
    ASSERT_FALSE(retire.empty());
    // Every commitment's targets, so that the fulfilled count must move.
    std::set<std::pair<Kind, std::string>> seen;
    for (const Mutation& m : retire) seen.insert({m.kind, m.id});
    for (const Commitment& k : ledger.view().All<Commitment>()) {
        for (const RecordRef& target : k.fulfilled_by) {
            if (ledger.view().PositionOf(target.kind, target.id) &&
                seen.insert({target.kind, target.id}).second) {
                retire.push_back(
                    Mutation{Mutation::Op::kRetire, target.kind, target.id, std::nullopt, {}});
            }
        }
    }
    std::vector<std::string> before =
        LiveViewTest::Answers(ledger.view(), BuildFigureFacts(ledger.view()));
    std::vector<std::string> after = ledger.Write(retire, "retire the commitments' targets");
    EXPECT_TRUE(before != after) << "the write changed no answer, so it tests nothing";
}

// A party moved under another country changes the provider scope and recipient unit of every
// record that names it or a party below it.
TEST_F(LiveViewTest, MovingAPartyIsSeenByEveryRecordBelowIt) {
    LiveLedger ledger(*ref_);
    // The provider of the most donations, when it sits under a country.
    std::map<std::string, int> donations;
    for (const Donation& d : ledger.view().All<Donation>()) ++donations[d.provider];
    const Party* moved = nullptr;
    int most = 0;
    for (const auto& [id, count] : donations) {
        const Party* p = ledger.view().FindParty(id);
        if (p != nullptr && p->parent && p->kind != PartyKind::kCountry && count > most) {
            moved = p;
            most = count;
        }
    }
    ASSERT_NE(moved, nullptr);
    Party changed = *moved;
    changed.parent = *changed.parent == "it" ? "fr" : "it";
    std::vector<std::string> before =
        LiveViewTest::Answers(ledger.view(), BuildFigureFacts(ledger.view()));
    std::vector<std::string> after = ledger.Write(
        {Mutation{Mutation::Op::kUpdate, Kind::kParty, changed.id, Record(changed), {}}},
        "move a party");
    EXPECT_TRUE(before != after) << "the write changed no answer, so it tests nothing";
}

// The figure rows of a large kind are spliced on a write (the previous rows kept, moved to
// their new positions, the changed records' rows made again) rather than made again: a write at
// the start, in the middle or at the end of a kind, next to another change, or retiring the
// first or last record, must leave every row where a fresh build puts it. Teams, donations
// (only shipped ones have rows), cash and declarations are the kinds spliced.
TEST_F(LiveViewTest, SplicedRowsAreThoseOfAFreshBuildAtEveryEdgeOfAKind) {
    LiveLedger ledger(*ref_);
    auto splice_edges = [&]<class T>(const T* /*kind*/) {
        const std::string kind(EnumName(T::kKind));
        const auto& all = ledger.view().All<T>();
        ASSERT_GE(all.size(), 4U) << kind;
        const Kind k = T::kKind;
        auto body = [&](std::size_t position, const std::string& id) {
            return WithId(Record(ledger.view().All<T>()[position]), id);
        };
        const std::string first = all.front().id;
        const std::string last = all.back().id;
        const std::string middle = all[all.size() / 2].id;
        const std::string after_middle = all[all.size() / 2 + 1].id;
        const std::size_t size = all.size();  // `all` is the view before the writes below
        const std::string start = "0-start-" + kind;
        const std::string end = "~end-" + kind;
        const std::string inside = middle + "-inside";
        ledger.Write({Mutation{Mutation::Op::kCreate, k, start, body(1, start), {}},
                      Mutation{Mutation::Op::kCreate, k, inside, body(2, inside), {}},
                      Mutation{Mutation::Op::kCreate, k, end, body(3, end), {}}},
                     kind + ": creates at the start, in the middle and at the end");
        ledger.Write({Mutation{Mutation::Op::kUpdate, k, first, body(size, first), {}},
                      Mutation{Mutation::Op::kUpdate, k, last, body(0, last), {}},
                      Mutation{Mutation::Op::kRetire, k, middle, std::nullopt, {}},
                      Mutation{Mutation::Op::kUpdate, k, after_middle, body(5, after_middle), {}}},
                     kind + ": updates of the first and last, a retire next to an update");
        ledger.Write({Mutation{Mutation::Op::kRetire, k, start, std::nullopt, {}},
                      Mutation{Mutation::Op::kRetire, k, end, std::nullopt, {}},
                      Mutation{Mutation::Op::kRetire, k, inside, std::nullopt, {}}},
                     kind + ": retires of the first, the last and one in the middle");
        ledger.Write({Mutation{Mutation::Op::kRetire, k, first, std::nullopt, {}}},
                     kind + ": the first of the scan retired");
    };
    splice_edges(static_cast<const TeamDeployment*>(nullptr));
    splice_edges(static_cast<const Donation*>(nullptr));
    splice_edges(static_cast<const CashContribution*>(nullptr));
    splice_edges(static_cast<const ExportDeclaration*>(nullptr));
}

// A delta copies only what it touches: the property above would also hold for a full rebuild,
// so this checks that a team write shares the declarations with the view it came from.
TEST_F(LiveViewTest, OnlyTheTouchedKindsAreMadeAgain) {
    auto store = MakeMemoryStore();
    std::vector<Mutation> initial;
    for (Party& p : refdata::CountryParties(*ref_)) {
        std::string id = p.id;
        initial.push_back(
            Mutation{Mutation::Op::kCreate, Kind::kParty, id, Record(std::move(p)), {}});
    }
    std::optional<TeamDeployment> a_team;
    for (Record& r : synth::Generate(synth::Options{1500, 7}, *ref_)) {
        if (auto* t = std::get_if<TeamDeployment>(&r); t != nullptr && !a_team) a_team = *t;
        initial.push_back(Mutation{Mutation::Op::kCreate, KindOf(r), IdOf(r), std::move(r), {}});
    }
    ASSERT_TRUE(a_team.has_value());
    ASSERT_TRUE(
        store->Apply(initial, WriteContext{"t", "r", LedgerTime(std::chrono::seconds(1))}).ok());
    auto scanned = store->Scan(ScanQuery{});
    ASSERT_TRUE(scanned.ok());
    LedgerView view(std::move(*scanned));
    ASSERT_FALSE(view.All<ExportDeclaration>().empty());
    std::int64_t seen = store->GetStats()->last_seq;

    TeamDeployment team = *a_team;
    team.id = "a-new-team";
    ASSERT_TRUE(
        store
            ->Apply({Mutation{Mutation::Op::kCreate, Kind::kTeam, team.id, Record(team), {}}},
                    WriteContext{"t", "r", LedgerTime(std::chrono::seconds(2))})
            .ok());
    auto delta = store->VersionsSince(seen, 0);
    ASSERT_TRUE(delta.ok());
    KindSet touched{};
    LedgerView next = view.WithChanges(*delta, &touched);
    EXPECT_TRUE(touched[static_cast<std::size_t>(Kind::kTeam)]);
    EXPECT_FALSE(touched[static_cast<std::size_t>(Kind::kDeclaration)]);
    EXPECT_EQ(&next.All<ExportDeclaration>(), &view.All<ExportDeclaration>());
    EXPECT_NE(&next.All<TeamDeployment>(), &view.All<TeamDeployment>());
    EXPECT_EQ(next.All<TeamDeployment>().size(), view.All<TeamDeployment>().size() + 1);
    ASSERT_NE(next.PositionOf(Kind::kTeam, "a-new-team"), std::nullopt);
}

// A kind's records are kept in chunks of LedgerView::kChunkRecords that views share
// (core/view.h RecordList): a delta merges again only the chunks its changes fall in (a change
// below a chunk's first id belongs to the chunk before), splits a chunk grown past twice that
// size and drops one its retirements emptied. After each change at such an edge the view must
// hold the records of a view built afresh, in the same order, each found at its position.
class ChunkedKind {
  public:
    ChunkedKind() {
        for (int i = 0; i < 3000; ++i) {
            char id[16];
            std::snprintf(id, sizeof id, "s-%05d", i);
            expected_[id] = "first " + std::string(id);
        }
        view_ = Fresh();
    }

    // Applies the changes (text, or none to retire) as a delta and expects the view of a fresh
    // scan. Returns the view before the delta.
    LedgerView Change(const std::map<std::string, std::optional<std::string>>& changes,
                      const std::string& what) {
        std::vector<StoredRecord> versions;
        for (const auto& [id, text] : changes) {
            StoredRecord v{Record(SourceOf(id, text.value_or(""))), {}};
            v.meta.kind = Kind::kSource;
            v.meta.id = id;
            v.meta.retired = !text;
            versions.push_back(std::move(v));
            if (text) {
                expected_[id] = *text;
            } else {
                expected_.erase(id);
            }
        }
        LedgerView before = view_;
        view_ = view_.WithChanges(versions);
        const auto& all = view_.All<Source>();
        EXPECT_EQ(all.size(), expected_.size()) << what;
        EXPECT_EQ(LiveViewTest::Records(view_), LiveViewTest::Records(Fresh())) << what;
        std::size_t position = 0;
        for (const auto& [id, text] : expected_) {
            EXPECT_EQ(view_.PositionOf(Kind::kSource, id), position) << what << ": " << id;
            const Source* found = view_.FindSource(id);
            EXPECT_TRUE(found != nullptr && found->text == text) << what << ": " << id;
            if (HasFailureNow()) break;
            ++position;
        }
        EXPECT_EQ(view_.PositionOf(Kind::kSource, "s-99999"), std::nullopt) << what;
        return before;
    }

    const LedgerView& view() const { return view_; }
    // The id of the record now at this position.
    std::string At(std::size_t position) const { return view_.All<Source>()[position].id; }

  private:
    static bool HasFailureNow() { return ::testing::Test::HasFailure(); }
    static Source SourceOf(const std::string& id, const std::string& text) {
        Source s;
        s.id = id;
        s.text = text;
        return s;
    }
    LedgerView Fresh() const {
        std::vector<StoredRecord> records;
        for (const auto& [id, text] : expected_) {
            StoredRecord r{Record(SourceOf(id, text)), {}};
            r.meta.kind = Kind::kSource;
            r.meta.id = id;
            records.push_back(std::move(r));
        }
        return LedgerView(std::move(records));
    }
    std::map<std::string, std::string> expected_;
    LedgerView view_;
};

TEST(ChunkedKindTest, ChangesAtTheEdgesOfChunksGiveTheViewOfAFreshScan) {
    constexpr std::size_t kChunk = LedgerView::kChunkRecords;
    static_assert(kChunk * 5 < 3000 && kChunk * 6 > 3000, "the cases below assume 6 chunks");
    ChunkedKind kind;
    const std::string chunk1_first = kind.At(kChunk);
    const std::string chunk1_last = kind.At(2 * kChunk - 1);
    const std::string chunk3_first = kind.At(3 * kChunk);
    const std::string chunk4_first = kind.At(4 * kChunk);

    kind.Change({{"a-before-all", "new"},
                 {kind.At(kChunk - 1) + "-after", "end of chunk 0"},
                 {kind.At(kChunk + 3) + "-inside", "inside chunk 1"},
                 {"z-after-all", "new"}},
                "inserts at the start, at the end of a chunk, inside one and at the end");

    LedgerView before = kind.Change({{chunk1_first, "changed"}, {chunk1_last, "changed"}},
                                    "updates of the first and last record of a chunk");
    // Only chunk 1 was merged: the records of the others are the very same objects.
    EXPECT_EQ(&before.All<Source>().front(), &kind.view().All<Source>().front());
    EXPECT_EQ(&before.All<Source>().back(), &kind.view().All<Source>().back());
    EXPECT_NE(before.FindSource(chunk1_first), kind.view().FindSource(chunk1_first));

    // Every record of chunk 3 retired: the chunk is dropped; then a record in its range
    // belongs to chunk 2.
    std::map<std::string, std::optional<std::string>> retire_chunk;
    for (const Source& s : kind.view().All<Source>()) {
        if (s.id >= chunk3_first && s.id < chunk4_first) retire_chunk[s.id] = {};
    }
    ASSERT_EQ(retire_chunk.size(), kChunk);
    kind.Change(retire_chunk, "a chunk emptied by retirements");
    kind.Change({{chunk3_first + "-again", "in the emptied range"}, {chunk4_first, std::nullopt}},
                "an insert where a chunk was and the first of the next retired");

    // A chunk grown past twice its size is split.
    std::map<std::string, std::optional<std::string>> grow;
    for (std::size_t i = 0; i < 3 * kChunk; ++i) {
        grow[kind.At(10) + "-" + std::to_string(100000 + i)] = "grown";
    }
    kind.Change(grow, "a chunk grown to four times its size");
    kind.Change({{kind.At(kChunk), "changed after the split"}}, "a change after a split");

    // Every record retired, then a kind with no chunks written again.
    std::map<std::string, std::optional<std::string>> everything;
    for (const Source& s : kind.view().All<Source>()) everything[s.id] = {};
    kind.Change(everything, "every record retired");
    EXPECT_TRUE(kind.view().All<Source>().empty());
    kind.Change({{"m-only", "alone"}, {"n-next", "second"}}, "records of an empty kind");
}

}  // namespace
}  // namespace aidledger
