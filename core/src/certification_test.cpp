// Issue 5: certified manufacturers on a date (listing, delisting, certificate validity and
// coverage), the rule behind clearance verdicts and recommendations.
#include "aidledger/core/certification.h"

#include <gtest/gtest.h>

#include <vector>

namespace aidledger {
namespace {

Date D(const char* s) { return *ParseDate(s, "test"); }
DateInterval I(const char* s) { return *ParseInterval(s, "test"); }

Certificate Cert(const char* number, const char* category, const char* from, const char* to) {
    Certificate c;
    c.scheme = CertificateScheme::kCe;
    c.number = number;
    c.category = category;
    c.valid_from = D(from);
    if (to) c.valid_to = D(to);
    return c;
}

Manufacturer Listed(const char* on) {
    Manufacturer m;
    m.id = "m1";
    m.party = "acme";
    m.listed_on = I(on);
    return m;
}

TEST(Certification, ClearedWithAValidCertificateForTheCategory) {
    Manufacturer m = Listed("2020-03-10");
    m.certificates = {Cert("CE-1", "masks", "2020-01-01", "2020-12-31")};
    auto c = CheckManufacturer(m, "masks", D("2020-04-01"));
    EXPECT_EQ(c.verdict, Clearance::kCleared);
    ASSERT_NE(c.certificate, nullptr);
    EXPECT_EQ(c.certificate->number, "CE-1");
}

TEST(Certification, NotListedBeforeTheListingAndWhileTheListingDateIsUncertain) {
    Manufacturer m = Listed("2020-03-10/2020-03-20");
    m.certificates = {Cert("CE-1", "masks", "2020-01-01", nullptr)};
    EXPECT_EQ(CheckManufacturer(m, "masks", D("2020-03-09")).verdict, Clearance::kNotListed);
    EXPECT_EQ(CheckManufacturer(m, "masks", D("2020-03-15")).verdict, Clearance::kNotListed);
    EXPECT_EQ(CheckManufacturer(m, "masks", D("2020-03-20")).verdict, Clearance::kCleared);
}

TEST(Certification, DelistedFromTheEarliestPossibleDelisting) {
    Manufacturer m = Listed("2020-03-10");
    m.delisted_on = I("2020-04-25/2020-04-30");
    m.certificates = {Cert("CE-1", "masks", "2020-01-01", nullptr)};
    EXPECT_EQ(CheckManufacturer(m, "masks", D("2020-04-24")).verdict, Clearance::kCleared);
    auto c = CheckManufacturer(m, "masks", D("2020-04-25"));
    EXPECT_EQ(c.verdict, Clearance::kDelisted);
    EXPECT_NE(c.detail.find("2020-04-25/2020-04-30"), std::string::npos) << c.detail;
}

TEST(Certification, ExpiryIsInclusiveOfTheLastValidDay) {
    Manufacturer m = Listed("2020-03-01");
    m.certificates = {Cert("FDA-9", "ventilators", "2020-03-01", "2020-04-15")};
    EXPECT_EQ(CheckManufacturer(m, "ventilators", D("2020-04-15")).verdict, Clearance::kCleared);
    auto c = CheckManufacturer(m, "ventilators", D("2020-04-16"));
    EXPECT_EQ(c.verdict, Clearance::kCertificateExpired);
    EXPECT_EQ(c.certificate->number, "FDA-9");
}

TEST(Certification, RenewedCertificateClearsAfterTheGap) {
    Manufacturer m = Listed("2020-03-01");
    m.certificates = {Cert("A", "masks", "2020-03-01", "2020-03-31"),
                      Cert("B", "masks", "2020-04-05", "2020-06-30")};
    EXPECT_EQ(CheckManufacturer(m, "masks", D("2020-04-02")).verdict,
              Clearance::kCertificateExpired);
    auto c = CheckManufacturer(m, "masks", D("2020-04-05"));
    EXPECT_EQ(c.verdict, Clearance::kCleared);
    EXPECT_EQ(c.certificate->number, "B");
}

TEST(Certification, NotYetValidAndNotCoveredAreTold) {
    Manufacturer m = Listed("2020-03-01");
    m.certificates = {Cert("A", "masks", "2020-05-01", nullptr)};
    EXPECT_EQ(CheckManufacturer(m, "masks", D("2020-04-01")).verdict,
              Clearance::kCertificateNotYetValid);
    EXPECT_EQ(CheckManufacturer(m, "goggles", D("2020-06-01")).verdict,
              Clearance::kProductNotCovered);
    EXPECT_EQ(CheckManufacturer(m, "", D("2020-06-01")).verdict, Clearance::kUnknownProduct);
}

TEST(Certification, ExporterClearsWhenAnyListingClearsElseTellsTheFurthest) {
    Manufacturer old = Listed("2020-02-01");
    old.id = "m-old";
    old.delisted_on = I("2020-03-01");
    old.certificates = {Cert("A", "masks", "2020-01-01", nullptr)};
    Manufacturer relisted = Listed("2020-04-01");
    relisted.id = "m-new";
    relisted.certificates = {Cert("B", "masks", "2020-04-01", nullptr)};
    const Manufacturer* both[] = {&old, &relisted};
    EXPECT_EQ(CheckExporter(both, "masks", D("2020-03-15")).verdict, Clearance::kDelisted);
    auto c = CheckExporter(both, "masks", D("2020-04-02"));
    EXPECT_EQ(c.verdict, Clearance::kCleared);
    EXPECT_EQ(c.manufacturer->id, "m-new");
    EXPECT_EQ(CheckExporter({}, "masks", D("2020-04-02")).verdict, Clearance::kNotListed);
}

}  // namespace
}  // namespace aidledger

// ---------------------------------------------------------------- clearance rules (issue 16.4)

namespace aidledger {
namespace {

namespace rules {

ClearanceRule Rule(const char* id, const char* from, std::vector<std::string> categories,
                   std::vector<ClearanceList> lists) {
    ClearanceRule r;
    r.id = id;
    r.rule_set = "cn-2020";
    r.effective_from = D(from);
    r.categories = std::move(categories);
    r.lists = std::move(lists);
    r.documents = {"declaration of Chinese registration"};
    r.sources = {Citation{"announcement", "from 1 April 2020"}};
    return r;
}

Manufacturer NonCompliant(const char* party, const char* on) {
    Manufacturer m;
    m.id = std::string("nc-") + party;
    m.party = party;
    m.listed_on = I(on);
    m.list = ClearanceList::kNonCompliant;
    return m;
}

}  // namespace rules

// With no rule record the built-in rule judges, and the check names it.
TEST(ClearanceRules, NoRuleIsTheBuiltInRule) {
    Manufacturer m = Listed("2020-03-10");
    m.certificates = {Cert("CE-1", "masks", "2020-01-01", nullptr)};
    std::vector<const Manufacturer*> listings{&m};
    auto builtin = CheckExporter(listings, "masks", D("2020-04-01"));
    auto none = CheckExporter(nullptr, listings, "masks", D("2020-04-01"));
    EXPECT_EQ(none.verdict, builtin.verdict);
    EXPECT_EQ(none.detail, builtin.detail);
    EXPECT_EQ(RuleName(none.rule), "builtin");
    std::vector<const ClearanceRule*> no_rules;
    EXPECT_EQ(RuleInForce(no_rules, "masks", D("2020-04-01")), nullptr);
}

// A rule is in force from its effective date: the day before, none is (the built-in rule
// applies); from that day, it does, and the verdict names it.
TEST(ClearanceRules, ARuleIsInForceFromItsEffectiveDateOn) {
    ClearanceRule a5 =
        rules::Rule("a5-masks", "2020-04-01", {"masks"}, {ClearanceList::kCertifiedManufacturers});
    a5.schemes = {CertificateScheme::kNationalRegistration};
    a5.effective_until = D("2020-04-25");
    std::vector<const ClearanceRule*> set{&a5};
    EXPECT_EQ(RuleInForce(set, "masks", D("2020-03-31")), nullptr);
    EXPECT_EQ(RuleInForce(set, "masks", D("2020-04-01")), &a5);
    EXPECT_EQ(RuleInForce(set, "masks", D("2020-04-25")), &a5);
    EXPECT_EQ(RuleInForce(set, "masks", D("2020-04-26")), nullptr);
    EXPECT_EQ(RuleInForce(set, "ventilators", D("2020-04-10")), nullptr);

    // A CE certificate clears under the built-in rule, not under a rule counting only Chinese
    // registration.
    Manufacturer m = Listed("2020-03-10");
    m.certificates = {Cert("CE-1", "masks", "2020-01-01", nullptr)};
    std::vector<const Manufacturer*> listings{&m};
    auto before = CheckExporter(RuleInForce(set, "masks", D("2020-03-31")), listings, "masks",
                                D("2020-03-31"));
    EXPECT_EQ(before.verdict, Clearance::kCleared);
    EXPECT_EQ(RuleName(before.rule), "builtin");
    auto after = CheckExporter(RuleInForce(set, "masks", D("2020-04-01")), listings, "masks",
                               D("2020-04-01"));
    EXPECT_EQ(after.verdict, Clearance::kProductNotCovered);
    EXPECT_EQ(RuleName(after.rule), "a5-masks");
    EXPECT_NE(after.detail.find("national_registration"), std::string::npos) << after.detail;

    m.certificates.push_back(Cert("NR-1", "masks", "2020-02-01", nullptr));
    m.certificates.back().scheme = CertificateScheme::kNationalRegistration;
    auto registered = CheckExporter(&a5, listings, "masks", D("2020-04-01"));
    EXPECT_EQ(registered.verdict, Clearance::kCleared);
    ASSERT_NE(registered.certificate, nullptr);
    EXPECT_EQ(registered.certificate->number, "NR-1");
}

// The documents a rule requires are named in the verdict's detail (declarations do not say
// which documents came with them, so they are not checked).
TEST(ClearanceRules, TheDocumentsRequiredAreNamed) {
    ClearanceRule a5 =
        rules::Rule("a5-masks", "2020-04-01", {"masks"}, {ClearanceList::kCertifiedManufacturers});
    std::vector<const Manufacturer*> none;
    auto c = CheckExporter(&a5, none, "masks", D("2020-04-02"));
    EXPECT_EQ(c.verdict, Clearance::kNotListed);
    EXPECT_NE(c.detail.find("declaration of Chinese registration"), std::string::npos) << c.detail;
    EXPECT_NE(c.detail.find("rule a5-masks"), std::string::npos) << c.detail;
    // A rule with no list clears whatever the listings.
    ClearanceRule documents_only = rules::Rule("docs", "2020-04-01", {}, {});
    EXPECT_EQ(CheckExporter(&documents_only, none, "masks", D("2020-04-02")).verdict,
              Clearance::kCleared);
}

// The negative list: an exporter on the list of non-compliant products on the day is held,
// whatever its certificates; before its entry, and without a rule applying the list, it is not.
TEST(ClearanceRules, TheNegativeListHoldsAnExporterOnIt) {
    ClearanceRule a12 = rules::Rule("a12-non-medical", "2020-04-26", {"non_medical_masks"},
                                    {ClearanceList::kNonCompliant});
    Manufacturer nc = rules::NonCompliant("acme", "2020-04-28");
    nc.delisted_on = I("2020-05-10");
    std::vector<const Manufacturer*> listings{&nc};
    EXPECT_EQ(CheckExporter(&a12, listings, "non_medical_masks", D("2020-04-27")).verdict,
              Clearance::kCleared);
    auto held = CheckExporter(&a12, listings, "non_medical_masks", D("2020-04-28"));
    EXPECT_EQ(held.verdict, Clearance::kNonCompliant);
    EXPECT_EQ(held.manufacturer, &nc);
    EXPECT_EQ(RuleName(held.rule), "a12-non-medical");
    EXPECT_EQ(CheckExporter(&a12, listings, "non_medical_masks", D("2020-05-10")).verdict,
              Clearance::kCleared);
    // The built-in rule does not read the negative list, nor count its entries as listings.
    EXPECT_EQ(CheckExporter(listings, "non_medical_masks", D("2020-04-28")).verdict,
              Clearance::kNotListed);
}

// Of several rules in force, one naming the category beats one for every category, then the
// latest.
TEST(ClearanceRules, TheMostSpecificThenLatestRuleIsInForce) {
    ClearanceRule all = rules::Rule("all", "2020-04-01", {}, {});
    ClearanceRule masks = rules::Rule("masks", "2020-04-01", {"masks"}, {});
    ClearanceRule later = rules::Rule("masks-later", "2020-04-26", {"masks"}, {});
    std::vector<const ClearanceRule*> set{&later, &all, &masks};
    EXPECT_EQ(RuleInForce(set, "masks", D("2020-04-10")), &masks);
    EXPECT_EQ(RuleInForce(set, "masks", D("2020-04-26")), &later);
    EXPECT_EQ(RuleInForce(set, "ventilators", D("2020-04-26")), &all);
}

}  // namespace
}  // namespace aidledger
