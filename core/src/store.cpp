#include "aidledger/core/store.h"

namespace aidledger {
namespace {

std::string_view OpVerb(Mutation::Op op) {
    switch (op) {
        case Mutation::Op::kCreate:
            return "create";
        case Mutation::Op::kUpdate:
            return "update";
        case Mutation::Op::kRetire:
            return "retire";
    }
    return "?";
}

}  // namespace

std::string RefName(Kind kind, std::string_view id) {
    std::string out(EnumName(kind));
    out += '/';
    out += id;
    return out;
}

// A store must never write a version whose body disagrees with the key it is filed under.
Result<void> CheckMutationShape(const Mutation& m) {
    if (m.id.empty()) return Error::Invalid("id", std::string(OpVerb(m.op)) + " needs an id");
    if (m.op == Mutation::Op::kRetire) return Ok{};
    std::string field = RefName(m.kind, m.id);
    if (!m.record) return Error::Invalid(field, std::string(OpVerb(m.op)) + " needs a record");
    if (KindOf(*m.record) != m.kind) {
        return Error::Invalid(field,
                              "the record given is a " + std::string(EnumName(KindOf(*m.record))));
    }
    if (IdOf(*m.record) != m.id) {
        return Error::Invalid(field, "the record given has id \"" + IdOf(*m.record) + "\"");
    }
    return Ok{};
}

}  // namespace aidledger
