#include "aidledger/storage/backends.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "aidledger/storage/memory_backend.h"
#include "aidledger/storage/postgres_backend.h"
#include "aidledger/storage/sqlite_backend.h"

namespace aidledger {
namespace {

constexpr std::string_view kForms =
    "a ledger file, sqlite:PATH, memory: or postgresql://USER@HOST/DB";

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char lower, char c) {
               return std::tolower(static_cast<unsigned char>(c)) == lower;
           });
}

// "name://": RFC 3986's scheme syntax, then "//". A bare "name:" is not taken for a URL, so
// that a file whose name has a colon still opens as a file.
std::string_view UrlScheme(std::string_view url) {
    auto colon = url.find("://");
    if (colon == std::string_view::npos || colon == 0) return {};
    std::string_view scheme = url.substr(0, colon);
    if (!std::isalpha(static_cast<unsigned char>(scheme.front()))) return {};
    for (char c : scheme) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
            return {};
        }
    }
    return scheme;
}

Result<BackendUrl> Sqlite(std::string_view path, std::string_view field) {
    if (path.empty()) {
        return Error::Invalid(std::string(field), "sqlite: needs a path, as in sqlite:ledger.db");
    }
    if (path.starts_with("//")) {
        return Error::Invalid(std::string(field),
                              "write sqlite:PATH (sqlite:ledger.db, sqlite:/srv/ledger.db), "
                              "not sqlite://");
    }
    return BackendUrl{BackendUrl::Scheme::kSqlite, std::string(path)};
}

}  // namespace

Result<BackendUrl> ParseBackendUrl(std::string_view url, std::string_view field) {
    if (url.empty()) {
        return Error::Invalid(std::string(field), "is empty; give " + std::string(kForms));
    }
    if (StartsWithNoCase(url, "postgresql://") || StartsWithNoCase(url, "postgres://")) {
        return BackendUrl{BackendUrl::Scheme::kPostgres, std::string(url)};
    }
    if (StartsWithNoCase(url, "memory:")) {
        if (url.size() > std::string_view("memory:").size()) {
            return Error::Invalid(std::string(field),
                                  "memory: takes nothing after the colon (one ledger in memory)");
        }
        return BackendUrl{BackendUrl::Scheme::kMemory, {}};
    }
    if (StartsWithNoCase(url, "sqlite:")) return Sqlite(url.substr(7), field);
    // SQLite's own URIs (file:, also file://) go to SQLite as they are.
    if (StartsWithNoCase(url, "file:"))
        return BackendUrl{BackendUrl::Scheme::kSqlite, std::string(url)};
    if (std::string_view scheme = UrlScheme(url); !scheme.empty()) {
        return Error::Invalid(std::string(field), "unknown backend \"" + std::string(scheme) +
                                                      "://\"; give " + std::string(kForms));
    }
    // A plain path or ":memory:".
    return BackendUrl{BackendUrl::Scheme::kSqlite, std::string(url)};
}

Result<std::unique_ptr<Backend>> OpenBackend(std::string_view url, const BackendOptions& options) {
    auto parsed = ParseBackendUrl(url, options.field);
    if (!parsed) return parsed.take_error();
    switch (parsed->scheme) {
        case BackendUrl::Scheme::kSqlite: {
            SqliteOptions sqlite;
            sqlite.create = options.create;
            sqlite.read_only = options.read_only;
            sqlite.busy_timeout_ms = options.busy_timeout_ms;
            return MakeSqliteBackend(std::move(parsed->location), sqlite);
        }
        case BackendUrl::Scheme::kMemory:
            return MakeMemoryBackend(options.read_only);
        case BackendUrl::Scheme::kPostgres: {
            PostgresOptions postgres;
            postgres.create = options.create;
            postgres.read_only = options.read_only;
            return MakePostgresBackend(std::move(parsed->location), postgres);
        }
    }
    return Error::Invalid(options.field, "unknown backend");
}

}  // namespace aidledger
