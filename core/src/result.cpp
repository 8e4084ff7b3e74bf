#include "aidledger/core/result.h"

namespace aidledger {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid_argument";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kCorruption:
            return "corruption";
        case ErrorCode::kUnavailable:
            return "unavailable";
    }
    return "unknown";
}

Error Error::FromProblems(std::vector<Problem> problems) {
    Error e;
    e.code = ErrorCode::kInvalidArgument;
    if (!problems.empty()) {
        e.field = problems.front().field;
        e.message = problems.front().message;
    } else {
        e.message = "invalid input";
    }
    e.problems = std::move(problems);
    return e;
}

}  // namespace aidledger
