// The HTTP statuses the API answers with, and the mapping of core errors to them. Every status
// in api/ is one of these; server.cpp turns it into the number on the wire.
#pragma once

#include <string_view>

#include "aidledger/core/result.h"

namespace aidledger::api {

enum class HttpStatus : int {
    kOk = 200,
    kCreated = 201,
    kNoContent = 204,
    kNotModified = 304,
    kBadRequest = 400,
    kUnauthorized = 401,
    kForbidden = 403,
    kNotFound = 404,
    kMethodNotAllowed = 405,
    kConflict = 409,
    kPreconditionFailed = 412,
    kPayloadTooLarge = 413,
    kUnprocessable = 422,
    kPreconditionRequired = 428,
    kTooManyRequests = 429,
    kHeaderFieldsTooLarge = 431,
    kInternal = 500,
    kUnavailable = 503,
};

// The number on the wire.
constexpr int ToInt(HttpStatus status) { return static_cast<int>(status); }

// Whether the status is an error the client or the server caused (4xx, 5xx).
constexpr bool IsError(HttpStatus status) { return ToInt(status) >= 400; }

// The HTTP status of a core error. Corruption and unavailability are the server's problem, not
// the client's (the caller never sends their messages, which name the ledger file).
constexpr HttpStatus StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return HttpStatus::kUnprocessable;
        case ErrorCode::kNotFound:
            return HttpStatus::kNotFound;
        case ErrorCode::kConflict:
            return HttpStatus::kConflict;
        case ErrorCode::kCorruption:
            return HttpStatus::kInternal;
        case ErrorCode::kUnavailable:
            return HttpStatus::kUnavailable;
    }
    return HttpStatus::kInternal;  // not reached: every code is listed above
}

// The error body's "code" of an error status ("internal" for statuses that are not errors).
constexpr std::string_view CodeFor(HttpStatus status) {
    switch (status) {
        case HttpStatus::kBadRequest:
            return "bad_request";
        case HttpStatus::kUnauthorized:
            return "unauthenticated";
        case HttpStatus::kForbidden:
            return "forbidden";
        case HttpStatus::kNotFound:
            return "not_found";
        case HttpStatus::kMethodNotAllowed:
            return "method_not_allowed";
        case HttpStatus::kConflict:
            return "conflict";
        case HttpStatus::kPreconditionFailed:
            return "precondition_failed";
        case HttpStatus::kPayloadTooLarge:
            return "payload_too_large";
        case HttpStatus::kUnprocessable:
            return "invalid";
        case HttpStatus::kPreconditionRequired:
            return "precondition_required";
        case HttpStatus::kTooManyRequests:
            return "rate_limited";
        case HttpStatus::kHeaderFieldsTooLarge:
            return "header_too_large";
        case HttpStatus::kUnavailable:
            return "unavailable";
        case HttpStatus::kOk:
        case HttpStatus::kCreated:
        case HttpStatus::kNoContent:
        case HttpStatus::kNotModified:
        case HttpStatus::kInternal:
            return "internal";
    }
    return "internal";  // not reached: every status is listed above
}

}  // namespace aidledger::api
