// Files from outside the ledger: IATI activity XML and OCHA FTS flows (CSV and JSON).
#include <string>

#include "aidledger/fuzz/targets.h"
#include "aidledger/io/fts_csv.h"
#include "aidledger/io/fts_json.h"
#include "aidledger/io/iati_import.h"
#include "support.h"

namespace aidledger::fuzz {

namespace {

foreign::ReadOptions Options(bool only_covid) {
    foreign::ReadOptions options;
    options.only_covid = only_covid;
    options.today = Today();
    options.reference = &Reference();
    return options;
}

}  // namespace

int FuzzIati(const std::uint8_t* data, std::size_t size) {
    std::string_view text = AsText(data, size);
    (void)iati::LooksLikeActivities(text);
    (void)iati::ReadActivities(text, "fuzz.xml", Options(size % 2 == 1));
    return 0;
}

int FuzzFts(const std::uint8_t* data, std::size_t size) {
    std::string_view text = AsText(data, size);
    (void)csv::LooksLikeFtsFlows(text);
    (void)json::LooksLikeFtsFlows(text);
    (void)csv::ReadFtsFlows(text, "fuzz.csv", Options(size % 2 == 1));
    (void)json::ReadFtsFlows(text, "fuzz.json", Options(size % 2 == 1));
    return 0;
}

}  // namespace aidledger::fuzz
