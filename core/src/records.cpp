#include "aidledger/core/records.h"

namespace aidledger {

const RecordBase& BaseOf(const Record& r) {
    return std::visit([](const auto& x) -> const RecordBase& { return x; }, r);
}

RecordBase& BaseOf(Record& r) {
    return std::visit([](auto& x) -> RecordBase& { return x; }, r);
}

namespace {
template <std::size_t... I>
Record MakeRecordImpl(std::size_t index, std::index_sequence<I...>) {
    Record out;
    ((index == I ? (out.emplace<I>(), true) : false) || ...);
    return out;
}
}  // namespace

Record MakeRecord(Kind kind) {
    return MakeRecordImpl(static_cast<std::size_t>(kind),
                          std::make_index_sequence<std::variant_size_v<Record>>{});
}

}  // namespace aidledger
