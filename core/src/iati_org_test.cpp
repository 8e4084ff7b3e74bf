// IATI organisation identifiers (core/iati_org.h, issue 14 item 8).
#include "aidledger/core/iati_org.h"

#include <gtest/gtest.h>

#include "aidledger/core/validate.h"

namespace aidledger {
namespace {

TEST(IatiOrgId, RegisteredAgencyPrefixesAreAccepted) {
    for (const char* id : {"XM-DAC-928", "GB-COH-06368740", "NL-KVK-41160054", "XI-IATI-EC_DEVCO",
                           "GB-GOV-1", "CN-USCI-91110000100000000X", "US-EIN-13-1623829"}) {
        EXPECT_EQ(IatiOrgIdProblem(id), std::nullopt) << id;
    }
}

TEST(IatiOrgId, TheLongestAgencyIsTheOne) {
    EXPECT_EQ(IatiAgencyOf("XM-DAC-928"), "XM-DAC");
    EXPECT_EQ(IatiAgencyOf("CA_BC-BRC_CBR-12345"), "CA_BC-BRC_CBR");
    EXPECT_EQ(IatiAgencyOf("XM-DAC"), "");   // nothing after the agency
    EXPECT_EQ(IatiAgencyOf("XM-DAC-"), "");  // nor after its hyphen
    EXPECT_EQ(IatiAgencyOf("XX-AIDLEDGER-cn-gov"), "");
    EXPECT_EQ(IatiAgencyOf("xm-dac-928"), "");  // codes are upper case, as IATI writes them
}

TEST(IatiOrgId, RetiredCodelistCodesAreAccepted) {
    EXPECT_TRUE(IsLegacyIatiOrgId("41114"));
    EXPECT_TRUE(IsLegacyIatiOrgId("NL-1"));
    EXPECT_FALSE(IsLegacyIatiOrgId("41114-1"));
    EXPECT_EQ(IatiOrgIdProblem("41114"), std::nullopt);
    EXPECT_EQ(IatiOrgIdProblem("GB-1"), std::nullopt);
}

TEST(IatiOrgId, AnythingElseIsRefusedSayingWhy) {
    auto placeholder = IatiOrgIdProblem("XX-AIDLEDGER-cn-gov");
    ASSERT_TRUE(placeholder);
    EXPECT_NE(placeholder->find("\"XX-AIDLEDGER\" is not a registration agency"), std::string::npos)
        << *placeholder;
    auto chars = IatiOrgIdProblem("N/A");
    ASSERT_TRUE(chars);
    EXPECT_NE(chars->find("only letters, digits"), std::string::npos) << *chars;
    for (const char* id :
         {"", "EU", "20000", "XM-DAC", "XM-DAC-", "XM-DAC-928 ", "ZZ-REG-12", "XM-DAC-92/8"}) {
        EXPECT_TRUE(IatiOrgIdProblem(id)) << "accepted: \"" << id << "\"";
    }
}

TEST(IatiOrgId, APartyWithABadIdentifierIsInvalidNamingTheField) {
    Party p;
    p.id = "mf";
    p.name = "Some Foundation";
    p.kind = PartyKind::kCivilSociety;
    p.iati_id = "XX-AIDLEDGER-mf";
    Record record = p;
    ReferenceData ref;
    auto problems = NormaliseAndValidate(record, ref, [](Kind, std::string_view) { return true; });
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0].field, "iati_id");
    std::get<Party>(record).iati_id = "XM-DAC-928";
    EXPECT_TRUE(
        NormaliseAndValidate(record, ref, [](Kind, std::string_view) { return true; }).empty());
}

}  // namespace
}  // namespace aidledger
