// SPEC.md "The demo dataset": a separate, clearly labelled synthetic generator. These tests
// check that what it makes is a valid ledger (every record passes validation with references
// only to earlier records or to the ISO country parties `aidledger init` creates), that it is
// labelled synthetic, that it is reproducible from (scale, seed), and that it has the asked
// size and the kinds of a real ledger.
#include "aidledger/synth/generate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "aidledger/core/validate.h"

namespace aidledger::synth {
namespace {

// The synth module may depend on core only, so the test carries its own ISO 3166-1 alpha-2
// list (all 249 entries of Debian's iso-codes 4.15) instead of loading io/refdata.
constexpr std::string_view kIsoAlpha2 =
    "AW AF AO AI AX AL AD AE AR AM AS AQ TF AG AU AT AZ BI BE BJ BQ BF BD BG BH BS BA BL BY BZ "
    "BM BO BR BB BN BT BV BW CF CA CC CH CL CN CI CM CD CG CK CO KM CV CR CU CW CX KY CY CZ DE "
    "DJ DM DK DO DZ EC EG ER EH ES EE ET FI FJ FK FR FO FM GA GB GE GG GH GI GN GP GM GW GQ GR "
    "GD GL GT GF GU GY HK HM HN HR HT HU ID IM IN IO IE IR IQ IS IL IT JM JE JO JP KZ KE KG KH "
    "KI KN KR KW LA LB LR LY LC LI LK LS LT LU LV MO MF MA MC MD MG MV MX MH MK ML MT MM ME MN "
    "MP MZ MR MS MQ MU MW MY YT NA NC NE NF NG NI NU NL NO NP NR NZ OM PK PA PN PE PH PW PG PL "
    "PR KP PT PY PS PF QA RE RO RU RW SA SD SN SG GS SH SJ SB SL SV SM SO PM RS SS ST SR SK SI "
    "SE SZ SX SC SY TC TD TG TH TJ TK TM TL TO TT TN TR TV TW TZ UG UA UM UY US UZ VA VC VE VG "
    "VI VN VU WF WS YE ZA ZM ZW";

ReferenceData TestReference() {
    ReferenceData ref;
    std::istringstream codes{std::string(kIsoAlpha2)};
    std::string code;
    while (codes >> code) ref.country_names[code] = "Country " + code;
    for (const char* c :
         {"USD", "EUR", "CNY", "JPY", "KRW", "GBP", "RUB", "TRY", "AED", "INR", "CHF"}) {
        ref.currencies.insert(c);
    }
    ref.minor_unit_exponent["JPY"] = 0;
    ref.minor_unit_exponent["KRW"] = 0;
    return ref;
}

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

// Validates records in order, as one ledger batch written in that order would be, but
// stricter: a reference must point to an earlier record (or an ISO country party).
std::vector<std::string> ProblemsOf(std::vector<Record> records, const ReferenceData& ref) {
    std::set<std::pair<Kind, std::string>, std::less<>> seen;
    for (const auto& [code, name] : ref.country_names) seen.emplace(Kind::kParty, Lower(code));
    RecordExists exists = [&](Kind kind, std::string_view id) {
        return seen.contains(std::pair<Kind, std::string>(kind, std::string(id)));
    };
    std::vector<std::string> out;
    for (auto& r : records) {
        std::string name = std::string(EnumName(KindOf(r))) + "/" + IdOf(r);
        for (const auto& p : NormaliseAndValidate(r, ref, exists)) {
            out.push_back(name + ": " + p.field + ": " + p.message);
        }
        if (!seen.emplace(KindOf(r), IdOf(r)).second) out.push_back(name + ": id used twice");
    }
    return out;
}

// One reference table and one scale-2000 scenario (seed 7), shared by the tests below.
const ReferenceData& Ref() {
    static const ReferenceData ref = TestReference();
    return ref;
}
const std::vector<Record>& Records() {
    static const std::vector<Record> records = Generate(Options{.scale = 2000, .seed = 7}, Ref());
    return records;
}

TEST(GenerateTest, EveryRecordValidatesAgainstEarlierRecordsAndIsoCountries) {
    auto problems = ProblemsOf(Records(), Ref());
    for (std::size_t i = 0; i < problems.size() && i < 20; ++i) ADD_FAILURE() << problems[i];
    EXPECT_TRUE(problems.empty()) << problems.size() << " problems";
}

TEST(GenerateTest, ValidationLeavesRecordsUnchanged) {
    // The generator writes codes in normal form, so a ledger stores exactly what it made.
    std::vector<Record> copy = Records();
    for (auto& r : copy)
        (void)NormaliseAndValidate(r, Ref(), [](Kind, std::string_view) { return true; });
    EXPECT_TRUE(copy == Records());
}

TEST(GenerateTest, EveryRecordIsLabelledSynthetic) {
    const std::string note = "synthetic: aidledger generate --scale 2000 --seed 7";
    EXPECT_EQ(SyntheticNote(Options{.scale = 2000, .seed = 7}), note);
    for (const auto& r : Records()) {
        const RecordBase& base = BaseOf(r);
        EXPECT_TRUE(base.synthetic) << base.id;
        EXPECT_EQ(base.notes, note) << base.id;
        EXPECT_TRUE(base.id.starts_with("syn-")) << base.id;
    }
}

TEST(GenerateTest, CountIsWithinFivePercentOfScale) {
    auto n = static_cast<double>(Records().size());
    EXPECT_GE(n, 2000 * 0.95);
    EXPECT_LE(n, 2000 * 1.05);
}

TEST(GenerateTest, HasEveryKindAndDeclarationsAreTheBulk) {
    std::array<std::size_t, kKindCount> per_kind{};
    for (const auto& r : Records()) ++per_kind[static_cast<std::size_t>(KindOf(r))];
    for (std::size_t k = 0; k < kKindCount; ++k) {
        // Clearance rules are not generated: a ledger judges every declaration imported into it
        // under its one rule set, so a synthetic rule set would judge real declarations.
        if (static_cast<Kind>(k) == Kind::kClearanceRule) {
            EXPECT_EQ(per_kind[k], 0U);
            continue;
        }
        EXPECT_GT(per_kind[k], 0U) << EnumName(static_cast<Kind>(k));
    }
    double declarations =
        static_cast<double>(per_kind[static_cast<std::size_t>(Kind::kDeclaration)]) /
        static_cast<double>(Records().size());
    EXPECT_GT(declarations, 0.45);
    EXPECT_LT(declarations, 0.75);
}

TEST(GenerateTest, NoCountryPartyIsGenerated) {
    // `aidledger init` creates them; generating them again would be a duplicate id.
    for (const auto& r : Records()) {
        if (const auto* p = std::get_if<Party>(&r)) {
            EXPECT_NE(p->kind, PartyKind::kCountry) << p->id;
        }
    }
}

TEST(GenerateTest, SameSeedGivesTheSameRecords) {
    auto again = Generate(Options{.scale = 2000, .seed = 7}, Ref());
    EXPECT_TRUE(again == Records());
}

TEST(GenerateTest, DifferentSeedGivesDifferentRecords) {
    auto other = Generate(Options{.scale = 2000, .seed = 8}, Ref());
    EXPECT_FALSE(other == Records());
}

TEST(GenerateTest, DonorCountriesNameTheProvidersCountries) {
    auto donors = DonorCountries(Options{.scale = 2000, .seed = 7}, Ref());
    ASSERT_EQ(donors.size(), 5U);
    EXPECT_EQ(donors.front(), "CN");  // the seeds' donor leads every scenario
    std::set<std::string> parents;
    for (const auto& r : Records()) {
        if (const auto* p = std::get_if<Party>(&r);
            p != nullptr && p->kind == PartyKind::kCentralGovernment && p->id.ends_with("-gov")) {
            parents.insert(*p->parent);
        }
    }
    std::set<std::string> expected;
    for (const auto& d : donors) expected.insert(Lower(d));
    EXPECT_EQ(parents, expected);
}

TEST(GenerateSmallTest, TinyAndEmptyScalesStillValidate) {
    ReferenceData ref = TestReference();
    for (std::int64_t scale : {0, 1, 10, 100}) {
        auto records = Generate(Options{.scale = scale, .seed = 3}, ref);
        EXPECT_FALSE(records.empty()) << scale;
        auto problems = ProblemsOf(std::move(records), ref);
        EXPECT_TRUE(problems.empty()) << scale << ": " << (problems.empty() ? "" : problems[0]);
    }
}

TEST(GenerateSmallTest, NoCountriesGivesNothing) {
    ReferenceData ref;
    ref.currencies.insert("USD");
    EXPECT_TRUE(Generate(Options{}, ref).empty());
}

}  // namespace
}  // namespace aidledger::synth
