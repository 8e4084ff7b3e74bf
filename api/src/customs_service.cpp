#include "customs_service.h"

#include "aidledger/io/customs_json.h"

namespace aidledger::api {
namespace {

// ?limit= is read only when it has at most this many digits: enough for kMaxHeldListed, and
// far from overflowing std::stoul.
constexpr std::size_t kMaxLimitDigits = 4;
static_assert(kMaxHeldListed < 10'000, "kMaxLimitDigits must cover kMaxHeldListed");

}  // namespace

Result<std::string> AnswerCustoms(
    Op op, const std::function<std::optional<std::string>(std::string_view)>& param,
    const LedgerView& view, const ReferenceData& ref, DeclarationStore& store) {
    auto text = [&](std::string_view name) { return param(name).value_or(""); };
    if (op == Op::kClearance) {
        auto period = ParseCustomsPeriod(text("from"), text("to"));
        if (!period) return period.take_error();
        bool list_held = false;
        if (auto h = param("held")) {
            if (*h != "true" && *h != "false") {
                return Error::Invalid("held", "expected true or false");
            }
            list_held = *h == "true";
        }
        std::size_t held_limit = kDefaultHeldListed;
        if (auto l = param("limit")) {
            bool digits = !l->empty() && l->size() <= kMaxLimitDigits &&
                          l->find_first_not_of("0123456789") == std::string::npos;
            std::size_t n = digits ? std::stoul(*l) : 0;
            if (n < 1 || n > kMaxHeldListed) {
                return Error::Invalid(
                    "limit", "expected a whole number from 1 to " + std::to_string(kMaxHeldListed));
            }
            held_limit = n;
        }
        auto synthetic = ParseSyntheticParam(text("synthetic"));
        if (!synthetic) return synthetic.take_error();
        auto report = BuildClearanceReport(store, view, *period, list_held, held_limit, *synthetic,
                                           text("rules"));
        if (!report) return report.take_error();
        return json::ClearanceJson(*report);
    }
    ExportStatsParams params{
        text("from"),          text("to"), text("hs_code"), text("destination"),
        text("exporter_kind"), text("by"), text("regime"),  text("synthetic")};
    auto query = ParseExportStatsQuery(view, ref, params);
    if (!query) return query.take_error();
    auto stats = ComputeExportStats(store, view, *query);
    if (!stats) return stats.take_error();
    return json::ExportStatsJson(*query, *stats);
}

}  // namespace aidledger::api
