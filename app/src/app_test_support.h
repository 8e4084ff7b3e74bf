// A small ledger for the app tests: two countries and a team, on the memory store (a test may
// use a concrete store; the module itself never names one).
#pragma once

#include <memory>
#include <vector>

#include "aidledger/core/ledger.h"
#include "aidledger/storage/memory_store.h"

namespace aidledger::app::testing {

inline ReferenceData Ref() {
    ReferenceData ref;
    ref.country_names = {{"CN", "China"}, {"IT", "Italy"}, {"RS", "Serbia"}};
    ref.alpha3_to_alpha2 = {{"CHN", "CN"}, {"ITA", "IT"}, {"SRB", "RS"}};
    ref.currencies = {"USD", "EUR"};
    return ref;
}

inline Party Country(const char* id, const char* iso, const char* name) {
    Party p;
    p.id = id;
    p.name = name;
    p.kind = PartyKind::kCountry;
    p.iso_code = iso;
    return p;
}

inline TeamDeployment Team(const char* id, const char* provider, const char* host) {
    TeamDeployment t;
    t.id = id;
    t.provider = provider;
    t.host = host;
    t.sent = *ParseInterval("2020-03-12", "sent");
    return t;
}

inline Mutation Create(Record r) {
    Mutation m;
    m.op = Mutation::Op::kCreate;
    m.kind = KindOf(r);
    m.id = IdOf(r);
    m.record = std::move(r);
    return m;
}

inline LedgerTime T(const char* text) { return *ParseLedgerTime(text, "t"); }

// China sent a team to Italy, written at 2020-04-01T00:00:00Z.
class SmallLedger {
  public:
    SmallLedger() : store_(MakeMemoryStore()), ledger_(*store_, ref_) {
        auto w = ledger_.Write(
            {Create(Country("cn", "CN", "China")), Create(Country("it", "IT", "Italy")),
             Create(Team("team-cn-it", "cn", "it"))},
            WriteContext{"tester", "seed", T("2020-04-01T00:00:00Z")});
        ok_ = w.ok();
    }
    bool ok() const { return ok_; }
    const ReferenceData& ref() const { return ref_; }
    LedgerStore& store() { return *store_; }
    Ledger& ledger() { return ledger_; }

  private:
    ReferenceData ref_ = Ref();
    std::unique_ptr<LedgerStore> store_;
    Ledger ledger_;
    bool ok_ = false;
};

}  // namespace aidledger::app::testing
