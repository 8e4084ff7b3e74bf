// Issue 5: certified manufacturers on a date (listing, delisting, certificate validity and
// coverage), the rule behind clearance verdicts and recommendations.
#include "aidledger/core/certification.h"

#include <gtest/gtest.h>

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
