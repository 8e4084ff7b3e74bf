// Expected failures as values.
//
// Every fallible operation in aidledger returns Result<T>. An Error carries a small code
// (mapped to exit codes by the CLI and to HTTP statuses by the API), a human message, the
// field (or file:line:column) it concerns, and, for validation, every problem found.
// Exceptions are reserved for bugs; each command or request catches them once.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace aidledger {

enum class ErrorCode {
    kInvalidArgument,  // bad input: malformed value, failed validation, unknown field
    kNotFound,         // a named record (or a live one, for update/retire), file or party
    kConflict,         // duplicate id (ids are never reused), stale expected version
    kCorruption,       // stored data cannot be read back or breaks an invariant
    kUnavailable,      // storage locked, read-only or unreachable
};

std::string_view ErrorCodeName(ErrorCode code);

// One problem with one field. `field` is a path such as "lines[1].quantity".
struct Problem {
    std::string field;
    std::string message;
};

struct Error {
    ErrorCode code = ErrorCode::kInvalidArgument;
    std::string message;
    std::string field;
    std::vector<Problem> problems;  // all problems when validation found several

    static Error Invalid(std::string field, std::string message) {
        return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(field), {}};
    }
    static Error NotFound(std::string field, std::string message) {
        return Error{ErrorCode::kNotFound, std::move(message), std::move(field), {}};
    }
    static Error Conflict(std::string field, std::string message) {
        return Error{ErrorCode::kConflict, std::move(message), std::move(field), {}};
    }
    static Error Corruption(std::string message) {
        return Error{ErrorCode::kCorruption, std::move(message), {}, {}};
    }
    static Error Unavailable(std::string message) {
        return Error{ErrorCode::kUnavailable, std::move(message), {}, {}};
    }
    // A validation failure listing every problem; the first one names the error.
    static Error FromProblems(std::vector<Problem> problems);
};

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(v_); }
    Error&& take_error() { return std::get<1>(std::move(v_)); }

  private:
    std::variant<T, Error> v_;
};

struct Ok {};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Ok) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }
    Error&& take_error() { return std::move(error_); }

  private:
    Error error_;
    bool ok_ = true;
};

}  // namespace aidledger
