#include "aidledger/fuzz/targets.h"

namespace aidledger::fuzz {

const std::vector<Target>& Targets() {
    static const std::vector<Target> targets = {
        {"csv", FuzzCsv},
        {"declarations", FuzzDeclarations},
        {"json_record", FuzzJsonRecord},
        {"json_bundle", FuzzJsonBundle},
        {"date_money", FuzzDateMoney},
        {"http_request", FuzzHttpRequest},
        {"iati", FuzzIati},
        {"fts", FuzzFts},
    };
    return targets;
}

}  // namespace aidledger::fuzz
