// serve, user and token (issue 3; docs/api.md). The server gets factories of the stores of the
// backend --db names (OpenBackendOf): only the program names a concrete backend.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/api/credentials.h"
#include "aidledger/api/server.h"
#include "aidledger/core/accounts.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/refdata.h"
#include "app.h"

namespace aidledger::cli {
namespace {

std::string Author(const Globals& g) {
    if (!g.author.empty()) return g.author;
    const char* user = std::getenv("USER");
    return user != nullptr && *user != '\0' ? user : "cli";
}

Result<std::unique_ptr<AccountStore>> OpenAccounts(const Globals& g) {
    auto backend = OpenBackendOf(g, false);
    if (!backend) return backend.take_error();
    return (*backend)->OpenAccounts();
}

// Account changes made from the command line go to the same audit log as the API's.
Result<void> AuditCli(AccountStore& accounts, const Globals& g, std::string action,
                      std::string target, std::string detail) {
    AuditEntry entry;
    entry.at = Now();
    entry.actor = Author(g);
    entry.action = std::move(action);
    entry.target = std::move(target);
    entry.outcome = "ok";
    entry.request_id = "cli";
    entry.detail = std::move(detail);
    auto appended = accounts.AppendAudit(entry);
    if (!appended) return appended.take_error();
    return Ok{};
}

// How long a server's write waits for another process's write (AIDLEDGER_BUSY_TIMEOUT_MS
// overrides it), before answering 503.
constexpr int kServeBusyTimeoutMs = 250;

// serve --max-body: the largest request body by default (1 MiB).
constexpr std::size_t kDefaultMaxBody = 1 << 20;

struct ServeOptions {
    std::string listen = "127.0.0.1:8080";
    std::size_t threads = 0;
    std::vector<std::string> public_resources;
    bool no_public = false;
    bool unscoped_reads = false;
    std::size_t max_body = kDefaultMaxBody;
    bool quiet = false;
    bool print_openapi = false;
    std::string web_root;  // empty: the dashboard built in this tree (AIDLEDGER_WEB_DIST)
    bool no_dashboard = false;
    std::int64_t refresh_ms = 1'000;
};

// The dashboard to serve: --web-root when given (it must exist), else the one `make web` builds
// in this source tree when it is there, else none (the server still serves the API).
std::string WebRoot(const ServeOptions& o) {
    if (o.no_dashboard) return {};
    if (!o.web_root.empty()) return o.web_root;
    std::error_code ec;
    std::filesystem::path built = AIDLEDGER_WEB_DIST;
    if (std::filesystem::exists(built / "index.html", ec)) return built.string();
    std::cerr << "aidledger: the dashboard is not built (" << built.string()
              << "); serving the API only. `make web` builds it." << std::endl;
    return {};
}

Result<void> Serve(const Globals& g, const ServeOptions& o) {
    if (o.print_openapi) {
        std::cout << api::OpenApiDocument() << "\n";
        return Ok{};
    }
    auto ref = refdata::Load();
    if (!ref) return ref.take_error();
    auto reference = std::make_shared<ReferenceData>(std::move(*ref));
    std::shared_ptr<RecordCodec> codec = json::MakeCodec();
    // A worker must not wait long on a lock another process holds: the write answers 503 "try
    // again" and the worker is free for /health and reads (issue 17).
    auto opened = OpenBackendOf(g, false, kServeBusyTimeoutMs);
    if (!opened) return opened.take_error();
    std::shared_ptr<const Backend> backend = std::move(*opened);
    // Open once up front so that a missing or foreign ledger fails before anything listens.
    {
        auto probe = backend->OpenLedger(*codec);
        if (!probe) return probe.take_error();
    }

    api::ServerOptions options;
    options.listen = o.listen;
    options.threads = o.threads;
    if (o.no_public) {
        options.public_resources.clear();
    } else if (!o.public_resources.empty()) {
        options.public_resources = o.public_resources;
    }
    options.scoped_reads = !o.unscoped_reads;
    options.max_body_bytes = o.max_body;
    options.log_requests = !o.quiet;
    options.web_root = WebRoot(o);
    options.refresh_interval = std::chrono::milliseconds(o.refresh_ms);

    api::ServerEnvironment env;
    env.open_store = [backend, codec]() { return backend->OpenLedger(*codec); };
    env.open_accounts = [backend]() { return backend->OpenAccounts(); };
    env.open_declarations = [backend]() { return backend->OpenDeclarations(); };
    env.reference = reference.get();
    env.now = [] { return Now(); };

    auto server = api::Server::Create(options, env);
    if (!server) return server.take_error();
    auto port = (*server)->Listen();
    if (!port) return port.take_error();
    std::string host = o.listen.substr(0, o.listen.rfind(':'));
    std::cout << "aidledger: serving http://" << host << ":" << *port << "/api/v1 (ledger " << g.db
              << "); SIGTERM or Ctrl-C stops" << std::endl;
    if (!options.web_root.empty()) {
        std::cout << "aidledger: dashboard at http://" << host << ":" << *port << "/" << std::endl;
    }
    return (*server)->Run();
}

Result<void> UserAdd(const Globals& g, const std::string& name, const std::string& role_text,
                     const std::string& org, bool password_stdin) {
    auto role = ParseEnum<Role>(role_text);
    if (!role) return Error::Invalid("--role", "expected " + EnumChoices<Role>());
    User user;
    user.name = name;
    user.role = *role;
    user.created_at = Now();
    if (!org.empty()) {
        if (*role != Role::kEditor) {
            return Error::Invalid("--org", "only editors are bound to an organisation");
        }
        auto session = Session::Open(g, false);
        if (!session) return session.take_error();
        auto party = (*session)->store().Get(Kind::kParty, org, std::nullopt);
        if (!party) return party.take_error();
        if (!party->has_value() || (*party)->meta.retired) {
            return Error::NotFound("--org", "no live party \"" + org + "\"");
        }
        user.org = org;
    }
    if (password_stdin) {
        std::string password;
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
        if (password.size() < 8) {
            return Error::Invalid("--password-stdin", "a password has at least 8 characters");
        }
        if (auto crypto = api::InitCrypto(); !crypto) return crypto;
        auto hash = api::HashPassword(password);
        if (!hash) return hash.take_error();
        user.password_hash = *hash;
    }
    auto accounts = OpenAccounts(g);
    if (!accounts) return accounts.take_error();
    if (auto added = (*accounts)->AddUser(user); !added) return added;
    if (auto audited = AuditCli(**accounts, g, "user.add", "user/" + name,
                                role_text + (user.org ? " of " + *user.org : ""));
        !audited) {
        return audited;
    }
    std::cout << "added user " << name << " (" << role_text
              << (user.org ? ", organisation " + *user.org : "") << ")\n";
    return Ok{};
}

Result<void> UserList(const Globals& g) {
    auto accounts = OpenAccounts(g);
    if (!accounts) return accounts.take_error();
    auto users = (*accounts)->ListUsers();
    if (!users) return users.take_error();
    for (const auto& u : *users) {
        std::cout << u.name << "  " << EnumName(u.role) << (u.org ? "  org=" + *u.org : "")
                  << (u.password_hash ? "  password" : "") << (u.disabled ? "  [disabled]" : "")
                  << "\n";
    }
    return Ok{};
}

Result<void> UserDisable(const Globals& g, const std::string& name) {
    auto accounts = OpenAccounts(g);
    if (!accounts) return accounts.take_error();
    if (auto done = (*accounts)->SetDisabled(name, true); !done) return done;
    if (auto audited = AuditCli(**accounts, g, "user.disable", "user/" + name, ""); !audited) {
        return audited;
    }
    std::cout << "disabled user " << name << ": its tokens no longer work\n";
    return Ok{};
}

Result<void> TokenCreate(const Globals& g, const std::string& user, const std::string& label,
                         std::optional<int> expires_in_days) {
    if (auto crypto = api::InitCrypto(); !crypto) return crypto;
    auto accounts = OpenAccounts(g);
    if (!accounts) return accounts.take_error();
    api::NewToken token = api::MakeToken();
    Token stored;
    stored.id = token.id;
    stored.user = user;
    stored.label = label;
    stored.hash = token.hash;
    stored.created_at = Now();
    if (expires_in_days) {
        if (*expires_in_days < 1 || *expires_in_days > 3650) {
            return Error::Invalid("--expires-in-days", "must be between 1 and 3650");
        }
        stored.expires_at = stored.created_at + std::chrono::days(*expires_in_days);
    }
    if (auto added = (*accounts)->AddToken(stored); !added) return added;
    if (auto audited =
            AuditCli(**accounts, g, "token.create", "token/" + token.id, "for user/" + user);
        !audited) {
        return audited;
    }
    // The secret alone on standard output (for TOKEN=$(aidledger token create alice)); the
    // rest on standard error.
    std::cout << token.secret << "\n";
    std::cerr << "token " << token.id << " for " << user
              << ": shown once, only its hash is kept; revoke with `aidledger token revoke "
              << token.id << "`\n";
    return Ok{};
}

Result<void> TokenRevoke(const Globals& g, const std::string& id) {
    auto accounts = OpenAccounts(g);
    if (!accounts) return accounts.take_error();
    if (auto done = (*accounts)->RevokeToken(id, Now()); !done) return done;
    if (auto audited = AuditCli(**accounts, g, "token.revoke", "token/" + id, ""); !audited) {
        return audited;
    }
    std::cout << "revoked token " << id << "\n";
    return Ok{};
}

Result<void> TokenList(const Globals& g, const std::string& user) {
    auto accounts = OpenAccounts(g);
    if (!accounts) return accounts.take_error();
    auto tokens = user.empty() ? (*accounts)->ListTokens(std::nullopt)
                               : (*accounts)->ListTokens(std::string_view(user));
    if (!tokens) return tokens.take_error();
    for (const auto& t : *tokens) {
        std::cout << t.id << "  " << t.user << "  " << (t.label.empty() ? "-" : t.label) << "  "
                  << FormatLedgerTime(t.created_at)
                  << (t.expires_at ? "  expires " + FormatLedgerTime(*t.expires_at) : "")
                  << (t.revoked_at ? "  revoked " + FormatLedgerTime(*t.revoked_at) : "") << "\n";
    }
    return Ok{};
}

}  // namespace

void RegisterServerCommands(CLI::App& app, Globals& g, Result<void>& result) {
    auto run = [&result](auto fn) { return [&result, fn] { result = fn(); }; };

    auto serve_options = std::make_shared<ServeOptions>();
    auto* serve = app.add_subcommand("serve", "Serve the HTTP JSON API (docs/api.md)");
    serve->add_option("--listen", serve_options->listen, "HOST:PORT (port 0: any free port)")
        ->default_val("127.0.0.1:8080");
    serve->add_option("--threads", serve_options->threads, "Worker threads (default: cores)");
    serve
        ->add_option("--public", serve_options->public_resources,
                     "Resources anonymous clients read (default: figures briefing claims "
                     "health)")
        ->delimiter(',');
    serve->add_flag("--no-public", serve_options->no_public, "Anonymous clients read nothing");
    serve->add_flag("--unscoped-reads", serve_options->unscoped_reads,
                    "Editors bound to an organisation read every record a viewer reads "
                    "(default: only records in its scope)");
    serve->add_option("--max-body", serve_options->max_body, "Largest request body, in bytes");
    serve->add_flag("--quiet", serve_options->quiet, "No request log on standard error");
    serve->add_option("--web-root", serve_options->web_root,
                      "The built dashboard to serve at / (default: web/dist of this tree)");
    serve->add_flag("--no-dashboard", serve_options->no_dashboard,
                    "Serve the API only, no dashboard at /");
    serve
        ->add_option("--refresh-interval", serve_options->refresh_ms,
                     "Milliseconds between looks for other processes' writes (default 1000; on "
                     "PostgreSQL they are also announced at once)")
        ->check(CLI::Range(std::int64_t{10}, std::int64_t{3'600'000}));
    serve->add_flag("--print-openapi", serve_options->print_openapi,
                    "Print the OpenAPI document and exit");
    serve->callback(run([&g, serve_options] { return Serve(g, *serve_options); }));

    auto* user = app.add_subcommand("user", "Manage API users");
    user->require_subcommand(1);
    auto user_name = std::make_shared<std::string>();
    auto role = std::make_shared<std::string>();
    auto org = std::make_shared<std::string>();
    auto password_stdin = std::make_shared<bool>(false);
    auto* add = user->add_subcommand("add", "Add a user");
    add->add_option("NAME", *user_name)->required();
    add->add_option("--role", *role, "viewer, editor or admin")->required();
    add->add_option("--org", *org, "Party id an editor is bound to");
    add->add_flag("--password-stdin", *password_stdin,
                  "Read a password (for POST /api/v1/auth/token) from standard input");
    add->callback(run([&g, user_name, role, org, password_stdin] {
        return UserAdd(g, *user_name, *role, *org, *password_stdin);
    }));
    user->add_subcommand("list", "List users")->callback(run([&g] { return UserList(g); }));
    auto* disable = user->add_subcommand("disable", "Disable a user (its tokens stop working)");
    disable->add_option("NAME", *user_name)->required();
    disable->callback(run([&g, user_name] { return UserDisable(g, *user_name); }));

    auto* token = app.add_subcommand("token", "Manage API tokens");
    token->require_subcommand(1);
    auto label = std::make_shared<std::string>();
    auto expires = std::make_shared<std::optional<int>>();
    auto token_id = std::make_shared<std::string>();
    auto* create = token->add_subcommand("create", "Make a token for USER (printed once)");
    create->add_option("USER", *user_name)->required();
    create->add_option("--label", *label, "What the token is for");
    create->add_option("--expires-in-days", *expires, "Lifetime (default: until revoked)");
    create->callback(run(
        [&g, user_name, label, expires] { return TokenCreate(g, *user_name, *label, *expires); }));
    auto* revoke = token->add_subcommand("revoke", "Revoke a token by its id");
    revoke->add_option("ID", *token_id)->required();
    revoke->callback(run([&g, token_id] { return TokenRevoke(g, *token_id); }));
    auto* list = token->add_subcommand("list", "List tokens (never their secrets)");
    list->add_option("--user", *user_name, "Only this user's tokens");
    list->callback(run([&g, user_name] { return TokenList(g, *user_name); }));
}

}  // namespace aidledger::cli
