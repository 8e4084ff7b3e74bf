// The one flattening of records into tables (aidledger/io/flat_table.h), for both of its
// layouts: the workbook's (io/xlsx.h "Layout") and the analysis CSV's (docs/formats.md "The
// analysis CSV"): names beside ids, lists joined, dates as intervals with their two ends, money
// in major units beside its exact minor units, unknown values blank and never 0.
#include "aidledger/io/flat_table.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

namespace aidledger::flat {
namespace {

Date D(const char* text) { return *ParseDate(text, "test"); }

// The cell of `row` under the column `name` of `columns`.
const Cell& At(const Columns& columns, const Row& row, const std::string& name) {
    for (std::size_t i = 0; i < columns.names.size(); ++i) {
        if (columns.names[i] == name) return row.cells.at(i);
    }
    ADD_FAILURE() << "no column " << name;
    static const Cell none;
    return none;
}

class FlatTableTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ref_.minor_unit_exponent["JPY"] = 0;
        std::vector<StoredRecord> records;
        for (auto [id, name] : {std::pair{"cn-gov", "Government of China"},
                                std::pair{"it", "Italy"}, std::pair{"ir", "Iran"}}) {
            Party p;
            p.id = id;
            p.name = name;
            p.kind = std::string_view(id) == "cn-gov" ? PartyKind::kCentralGovernment
                                                      : PartyKind::kCountry;
            records.push_back({Record(p), {}});
        }
        CatalogueItem masks;
        masks.id = "masks";
        masks.name = "Surgical masks";
        masks.hs_code = "6307.90";
        masks.unit = "piece";
        records.push_back({Record(masks), {}});
        view_ = LedgerView(std::move(records));
    }

    ReferenceData ref_;
    LedgerView view_;
};

TEST_F(FlatTableTest, AnalysisColumnsOfATeamPutNamesBesideIdsAndIntervalsBesideTheirEnds) {
    std::vector<std::string> expected{
        "id",          "sources",          "source_count",   "notes",         "synthetic",
        "provider",    "provider_name",    "host",           "host_name",     "team_kind",
        "size",        "specialties",      "sent",           "sent_earliest", "sent_latest",
        "arrived",     "arrived_earliest", "arrived_latest", "left",          "left_earliest",
        "left_latest", "planned_days",     "activities"};
    EXPECT_EQ(ColumnsOf(Kind::kTeam, Layout::kAnalysis).names, expected);
    EXPECT_TRUE(ColumnsOf(Kind::kTeam, Layout::kAnalysis).children.empty());
}

TEST_F(FlatTableTest, WorkbookColumnsAreTheWorkbooksContract) {
    Columns team = ColumnsOf(Kind::kTeam, Layout::kWorkbook);
    std::vector<std::string> expected{
        "id",           "sources",          "notes",          "synthetic",     "provider",
        "host",         "team_kind",        "size",           "specialties",   "sent_earliest",
        "sent_latest",  "arrived_earliest", "arrived_latest", "left_earliest", "left_latest",
        "planned_days", "activities"};
    EXPECT_EQ(team.names, expected);

    Columns donation = ColumnsOf(Kind::kDonation, Layout::kWorkbook);
    EXPECT_EQ(donation.names,
              (std::vector<std::string>{"id", "sources", "notes", "synthetic", "provider",
                                        "recipient", "lines", "status"}));
    ASSERT_EQ(donation.children.size(), 2U);
    EXPECT_EQ(donation.children[0].first, "lines");
    EXPECT_EQ(donation.children[0].second,
              (std::vector<std::string>{"item", "quantity", "unit", "value", "value_minor",
                                        "value_currency"}));
    EXPECT_EQ(donation.children[1].first, "history");
    EXPECT_EQ(donation.children[1].second,
              (std::vector<std::string>{"status", "on_earliest", "on_latest"}));
}

TEST_F(FlatTableTest, EveryKindsRowHasACellForEveryColumnInBothLayouts) {
    const Context context{&ref_, &view_};
    for (std::size_t k = 0; k < kKindCount; ++k) {
        auto kind = static_cast<Kind>(k);
        for (Layout layout : {Layout::kWorkbook, Layout::kAnalysis}) {
            Columns columns = ColumnsOf(kind, layout);
            Row row = Flatten(MakeRecord(kind), layout, context);
            EXPECT_EQ(row.cells.size(), columns.names.size()) << EnumName(kind);
            if (layout == Layout::kWorkbook) {
                EXPECT_EQ(row.children.size(), columns.children.size()) << EnumName(kind);
            } else {
                EXPECT_TRUE(row.children.empty()) << EnumName(kind);
            }
        }
    }
}

TEST_F(FlatTableTest, ADonationIsOneAnalysisRowWithItsListsJoined) {
    Donation d;
    d.id = "don-1";
    d.provider = "cn-gov";
    d.recipient = "it";
    d.sources = {
        {"seed-002", "masks \"and\" suits"}, {"seed-003", "to Italy"}, {"seed-002", "again"}};
    ItemLine masks;
    masks.item = "masks";
    masks.quantity = 100000;
    masks.unit = "piece";
    ItemLine suits;
    suits.item = "suits";
    suits.value = Money{1500050, "USD"};
    d.lines = {masks, suits};
    d.history = {{DonationStatus::kPledged, {D("2020-03-01"), D("2020-03-05")}},
                 {DonationStatus::kDelivered, DateInterval::Exact(D("2020-04-01"))}};
    Columns columns = ColumnsOf(Kind::kDonation, Layout::kAnalysis);
    Row row = Flatten(d, Layout::kAnalysis, Context{&ref_, &view_});
    ASSERT_EQ(row.cells.size(), columns.names.size());
    EXPECT_EQ(At(columns, row, "provider"), Cell{std::string("cn-gov")});
    EXPECT_EQ(At(columns, row, "provider_name"), Cell{std::string("Government of China")});
    EXPECT_EQ(At(columns, row, "recipient_name"), Cell{std::string("Italy")});
    EXPECT_EQ(At(columns, row, "sources"),
              Cell{std::string(
                  R"(seed-002: "masks "and" suits"; seed-003: "to Italy"; seed-002: "again")")});
    EXPECT_EQ(At(columns, row, "source_count"), Cell{std::int64_t{2}});
    EXPECT_EQ(At(columns, row, "lines"),
              Cell{std::string("item=masks, quantity=100000, unit=piece; "
                               "item=suits, value=15000.50 USD")});
    EXPECT_EQ(At(columns, row, "lines_count"), Cell{std::int64_t{2}});
    EXPECT_EQ(At(columns, row, "status"), Cell{std::string("delivered")});
    EXPECT_EQ(At(columns, row, "history"),
              Cell{std::string("pledged 2020-03-01/2020-03-05; delivered 2020-04-01")});
    EXPECT_EQ(At(columns, row, "synthetic"), Cell{false});
    EXPECT_EQ(At(columns, row, "notes"), Cell{});
}

TEST_F(FlatTableTest, MoneyIsMajorUnitsBesideExactMinorUnitsAndUnknownIsBlankNeverZero) {
    CashContribution c;
    c.id = "cash-1";
    c.provider = "cn-gov";
    c.recipient = "who";  // not in the view: its name is blank
    c.pledged = Money{2000000000, "USD"};
    c.pledged_on = DateInterval::Exact(D("2020-03-11"));
    Columns columns = ColumnsOf(Kind::kCash, Layout::kAnalysis);
    Row row = Flatten(Record(c), Layout::kAnalysis, Context{&ref_, &view_});
    EXPECT_EQ(At(columns, row, "pledged"), (Cell{Amount{2000000000, 2}}));
    EXPECT_EQ(At(columns, row, "pledged_minor"), Cell{std::int64_t{2000000000}});
    EXPECT_EQ(At(columns, row, "pledged_currency"), Cell{std::string("USD")});
    EXPECT_EQ(At(columns, row, "pledged_on"), Cell{std::string("2020-03-11")});
    EXPECT_EQ(At(columns, row, "pledged_on_earliest"), Cell{D("2020-03-11")});
    EXPECT_EQ(At(columns, row, "pledged_on_latest"), Cell{D("2020-03-11")});
    for (const char* unknown : {"paid", "paid_minor", "paid_currency", "paid_on",
                                "paid_on_earliest", "paid_on_latest", "recipient_name"}) {
        EXPECT_EQ(At(columns, row, unknown), Cell{}) << unknown;
    }
    EXPECT_EQ(At(columns, row, "source_count"), Cell{std::int64_t{0}});

    c.pledged = Money{150, "JPY"};
    row = Flatten(Record(c), Layout::kAnalysis, Context{&ref_, &view_});
    EXPECT_EQ(At(columns, row, "pledged"), (Cell{Amount{150, 0}}));
}

TEST_F(FlatTableTest, PartyListsGetTheirNamesInOrderAndAnUncertainDateItsInterval) {
    ExpertExchange e;
    e.id = "exch-1";
    e.organiser = "cn-gov";
    e.held = {D("2020-03-27"), D("2020-04-09")};
    e.participants = {"ir", "it", "xx"};
    e.materials = {"diagnosis plan", "ICU"};
    Columns columns = ColumnsOf(Kind::kExchange, Layout::kAnalysis);
    Row row = Flatten(e, Layout::kAnalysis, Context{&ref_, &view_});
    EXPECT_EQ(At(columns, row, "participants"), Cell{std::string("ir; it; xx")});
    EXPECT_EQ(At(columns, row, "participants_names"), Cell{std::string("Iran; Italy; ")});
    EXPECT_EQ(At(columns, row, "materials"), Cell{std::string("diagnosis plan; ICU")});
    EXPECT_EQ(At(columns, row, "held"), Cell{std::string("2020-03-27/2020-04-09")});
    EXPECT_EQ(At(columns, row, "participant_count"), Cell{});

    // Without a view there are no names, and nothing else changes.
    Row unnamed = Flatten(e, Layout::kAnalysis, Context{&ref_, nullptr});
    EXPECT_EQ(At(columns, unnamed, "organiser_name"), Cell{});
    EXPECT_EQ(At(columns, unnamed, "participants"), Cell{std::string("ir; it; xx")});
}

TEST_F(FlatTableTest, TheWorkbookPutsListsOfStructsInChildRows) {
    ProcurementContract c;
    c.id = "con-1";
    c.buyer = "it";
    c.supplier = "cn-gov";
    ItemLine line;
    line.item = "masks";
    line.quantity = 5;
    c.lines = {line, line};
    c.history = {{ContractStatus::kInTalks, DateInterval::Exact(D("2020-04-01"))}};
    Row row = Flatten(c, Layout::kWorkbook, Context{&ref_, &view_});
    Columns columns = ColumnsOf(Kind::kContract, Layout::kWorkbook);
    EXPECT_EQ(At(columns, row, "lines"), Cell{std::int64_t{2}});
    EXPECT_EQ(At(columns, row, "status"), Cell{std::string("in_talks")});
    ASSERT_EQ(row.children.size(), 2U);
    ASSERT_EQ(row.children[0].size(), 2U);
    EXPECT_EQ(row.children[0][0].at(0), Cell{std::string("masks")});
    EXPECT_EQ(row.children[0][0].at(1), Cell{std::int64_t{5}});
    EXPECT_EQ(row.children[0][0].at(3), Cell{});  // value unknown
    ASSERT_EQ(row.children[1].size(), 1U);
    EXPECT_EQ(row.children[1][0].at(1), Cell{D("2020-04-01")});
}

TEST(FlatText, KeysAndReferencesAsOneCell) {
    EXPECT_EQ(KeyText({{"host_country", "it"}, {"currency", "USD"}}),
              "currency=USD; host_country=it");
    std::vector<RecordRef> refs{{Kind::kTeam, "a"}, {Kind::kTeam, "b"}, {Kind::kCash, "c"}};
    EXPECT_EQ(RefList(refs, 100), "team/a, team/b, cash/c");
    EXPECT_EQ(RefList(refs, 16), "team/a, team/b (+1 more)");
    EXPECT_EQ(Joined({"respiratory", "ICU"}), "respiratory; ICU");
}

}  // namespace
}  // namespace aidledger::flat
