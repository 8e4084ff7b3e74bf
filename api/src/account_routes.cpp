// The account routes: the audit log, sign-in, the caller's identity, users and tokens
// (docs/api.md). The store and the limits are AccessControl's (access.h).
#include "aidledger/api/credentials.h"
#include "handlers.h"

namespace aidledger::api {
namespace {

// The longest user name and password a new user may have, in bytes.
constexpr std::size_t kMaxUserNameBytes = 64;
constexpr std::size_t kMaxPasswordBytes = 1024;
// The longest life a token may be given: ten years.
constexpr std::int64_t kMaxTokenDays = 3650;

OJson UserJson(const User& u) {
    OJson o = OJson::object();
    o["name"] = u.name;
    o["role"] = std::string(EnumName(u.role));
    o["org"] = u.org ? OJson(*u.org) : OJson(nullptr);
    o["disabled"] = u.disabled;
    o["has_password"] = u.password_hash.has_value();
    o["created_at"] = FormatLedgerTime(u.created_at);
    return o;
}

OJson TokenJson(const Token& t) {
    OJson o = OJson::object();
    o["id"] = t.id;
    o["user"] = t.user;
    o["label"] = t.label;
    o["created_at"] = FormatLedgerTime(t.created_at);
    o["expires_at"] = t.expires_at ? OJson(FormatLedgerTime(*t.expires_at)) : OJson(nullptr);
    o["revoked_at"] = t.revoked_at ? OJson(FormatLedgerTime(*t.revoked_at)) : OJson(nullptr);
    return o;
}

}  // namespace

ApiResponse ListAudit(ServiceContext& ctx, Call& call) {
    std::int64_t after = 0;
    if (auto a = call.One("after")) {
        auto n = ParseInt("after", *a);
        if (!n) return call.Fail(HttpStatus::kBadRequest, n.error().message, "after");
        after = *n;
    }
    std::size_t limit = ctx.options.default_page;
    if (auto l = call.One("limit")) {
        auto n = ParseInt("limit", *l);
        if (!n || *n < 1)
            return call.Fail(HttpStatus::kBadRequest, "expected a whole number from 1", "limit");
        limit = std::min<std::size_t>(static_cast<std::size_t>(*n), ctx.options.max_page);
    }
    Result<std::vector<AuditEntry>> entries = std::vector<AuditEntry>{};
    {
        entries =
            ctx.access.WithAccounts([&](AccountStore& a) { return a.ListAudit(after, limit + 1); });
    }
    if (!entries) return call.FromError(entries.error());
    bool more = entries->size() > limit;
    if (more) entries->resize(limit);
    OJson list = OJson::array();
    for (const auto& e : *entries) {
        list.push_back({{"seq", e.seq},
                        {"at", FormatLedgerTime(e.at)},
                        {"actor", e.actor},
                        {"action", e.action},
                        {"target", e.target},
                        {"outcome", e.outcome},
                        {"reason", e.reason},
                        {"request_id", e.request_id},
                        {"detail", e.detail}});
    }
    OJson out = OJson::object();
    out["entries"] = list;
    out["next_after"] = more ? OJson(entries->back().seq) : OJson(nullptr);
    return JsonResponse(HttpStatus::kOk, out);
}

ApiResponse SignIn(ServiceContext& ctx, Call& call) {
    auto body = ParseObjectBody(call.request.body, {"user", "password", "label"});
    if (!body) {
        return call.Fail(
            IsSyntaxError(body.error()) ? HttpStatus::kBadRequest : HttpStatus::kUnprocessable,
            body.error().message, body.error().field);
    }
    auto user_name = StringField(*body, "user", true);
    if (!user_name)
        return call.Fail(HttpStatus::kUnprocessable, user_name.error().message,
                         user_name.error().field);
    auto password = StringField(*body, "password", true);
    if (!password)
        return call.Fail(HttpStatus::kUnprocessable, password.error().message,
                         password.error().field);
    auto label = StringField(*body, "label", false);
    if (!label)
        return call.Fail(HttpStatus::kUnprocessable, label.error().message, label.error().field);
    if (user_name->size() > kMaxUserNameBytes || password->size() > kMaxPasswordBytes) {
        return call.Fail(HttpStatus::kUnprocessable, "too long",
                         user_name->size() > kMaxUserNameBytes ? "user" : "password");
    }

    auto limited = [&] {
        ApiResponse r =
            call.Fail(HttpStatus::kTooManyRequests, "too many failed sign-ins; wait and try again");
        r.headers.emplace_back("Retry-After",
                               std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                  ctx.options.signin_window)
                                                  .count()));
        return r;
    };
    if (ctx.access.SignInLimited(*user_name, call.request.remote)) return limited();
    // Argon2id takes tens of megabytes and milliseconds; past the cap a sign-in waits no
    // thread: it is refused.
    if (!ctx.access.TryHash()) {
        ApiResponse r =
            call.Fail(HttpStatus::kTooManyRequests, "too many sign-ins in progress; try again");
        r.headers.emplace_back("Retry-After", "1");
        return r;
    }
    struct Release {
        AccessControl& access;
        ~Release() { access.ReleaseHash(); }
    } release{ctx.access};

    std::optional<User> user;
    {
        auto got = ctx.access.WithAccounts([&](AccountStore& a) { return a.GetUser(*user_name); });
        if (!got) return call.FromError(got.error());
        user = std::move(*got);
    }
    // An unknown user costs the same hash as a known one, so timing does not tell them apart.
    static const std::string kDummy = [] {
        auto h = HashPassword("not a password");
        return h ? *h : std::string();
    }();
    bool ok = false;
    if (user && user->password_hash && !user->disabled) {
        ok = VerifyPassword(*password, *user->password_hash);
    } else {
        (void)VerifyPassword(*password, kDummy);
    }
    if (!ok) {
        ctx.access.SignInFailed(*user_name, call.request.remote);
        Principal attempted{*user_name, Role::kViewer, std::nullopt};
        Call audited{call.request, call.route, {}, {}, attempted};
        ctx.access.Audit(audited, "signin", "user/" + *user_name, "failed", "",
                         call.request.remote);
        ApiResponse r = call.Fail(HttpStatus::kUnauthorized, "wrong user name or password");
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return r;
    }
    NewToken token = MakeToken();
    LedgerTime now = ctx.env.now();
    Token stored{token.id,
                 user->name,
                 label->empty() ? "sign-in" : *label,
                 token.hash,
                 now,
                 now + std::chrono::duration_cast<std::chrono::microseconds>(
                           ctx.options.signin_token_lifetime),
                 std::nullopt};
    {
        auto added = ctx.access.WithAccounts([&](AccountStore& a) { return a.AddToken(stored); });
        if (!added) return call.FromError(added.error());
    }
    Principal signed_in{user->name, user->role, user->org};
    Call audited{call.request, call.route, {}, {}, signed_in};
    ctx.access.Audit(audited, "signin", "user/" + user->name, "ok", "", "token/" + token.id);
    OJson out = TokenJson(stored);
    out["token"] = token.secret;
    return JsonResponse(HttpStatus::kCreated, out);
}

ApiResponse Me(ServiceContext& /*ctx*/, Call& call) {
    OJson o = OJson::object();
    o["user"] = call.principal->user;
    o["role"] = std::string(EnumName(call.principal->role));
    o["org"] = call.principal->org ? OJson(*call.principal->org) : OJson(nullptr);
    return JsonResponse(HttpStatus::kOk, o);
}

ApiResponse ListUsers(ServiceContext& ctx, Call& call) {
    Result<std::vector<User>> users = std::vector<User>{};
    {
        users = ctx.access.WithAccounts([&](AccountStore& a) { return a.ListUsers(); });
    }
    if (!users) return call.FromError(users.error());
    OJson list = OJson::array();
    for (const auto& u : *users) list.push_back(UserJson(u));
    return JsonResponse(HttpStatus::kOk, {{"users", list}});
}

ApiResponse AddUser(ServiceContext& ctx, Call& call) {
    auto body = ParseObjectBody(call.request.body, {"name", "role", "org", "password"});
    if (!body) {
        return call.Fail(
            IsSyntaxError(body.error()) ? HttpStatus::kBadRequest : HttpStatus::kUnprocessable,
            body.error().message, body.error().field);
    }
    auto name = StringField(*body, "name", true);
    if (!name)
        return call.Fail(HttpStatus::kUnprocessable, name.error().message, name.error().field);
    auto role_text = StringField(*body, "role", true);
    if (!role_text)
        return call.Fail(HttpStatus::kUnprocessable, role_text.error().message,
                         role_text.error().field);
    auto role = ParseEnum<Role>(*role_text);
    if (!role)
        return call.Fail(HttpStatus::kUnprocessable, "expected " + EnumChoices<Role>(), "role");
    auto org = StringField(*body, "org", false);
    if (!org) return call.Fail(HttpStatus::kUnprocessable, org.error().message, org.error().field);
    auto password = StringField(*body, "password", false);
    if (!password)
        return call.Fail(HttpStatus::kUnprocessable, password.error().message,
                         password.error().field);
    User user;
    user.name = *name;
    user.role = *role;
    user.created_at = ctx.env.now();
    if (!org->empty()) {
        if (*role != Role::kEditor) {
            return call.Fail(HttpStatus::kUnprocessable,
                             "only editors are bound to an organisation", "org");
        }
        auto snapshot = ctx.snapshots.Current();
        if (!snapshot) return call.FromError(snapshot.error());
        if ((*snapshot)->view.FindParty(*org) == nullptr) {
            return call.Fail(HttpStatus::kUnprocessable, "no live party \"" + *org + "\"", "org");
        }
        user.org = *org;
    }
    if (!password->empty()) {
        if (password->size() < 8)
            return call.Fail(HttpStatus::kUnprocessable, "at least 8 characters", "password");
        if (!ctx.access.TryHash()) {
            ApiResponse r = call.Fail(HttpStatus::kTooManyRequests,
                                      "too many password hashes in progress; try again");
            r.headers.emplace_back("Retry-After", "1");
            return r;
        }
        auto hash = HashPassword(*password);
        ctx.access.ReleaseHash();
        if (!hash) return call.FromError(hash.error());
        user.password_hash = *hash;
    }
    {
        auto added = ctx.access.WithAccounts([&](AccountStore& a) { return a.AddUser(user); });
        if (!added) return call.FromError(added.error());
    }
    ctx.access.Audit(call, "user.add", "user/" + user.name, "ok", "",
                     std::string(EnumName(user.role)) + (user.org ? " of " + *user.org : ""));
    return JsonResponse(HttpStatus::kCreated, UserJson(user));
}

ApiResponse DisableUser(ServiceContext& ctx, Call& call) {
    const std::string& name = call.path.at("name");
    {
        auto done =
            ctx.access.WithAccounts([&](AccountStore& a) { return a.SetDisabled(name, true); });
        if (!done) return call.FromError(done.error());
    }
    ctx.access.Audit(call, "user.disable", "user/" + name, "ok", "", "");
    std::optional<User> user;
    {
        auto got = ctx.access.WithAccounts([&](AccountStore& a) { return a.GetUser(name); });
        if (!got) return call.FromError(got.error());
        user = std::move(*got);
    }
    if (!user) return call.Fail(HttpStatus::kNotFound, "does not exist", "user/" + name);
    return JsonResponse(HttpStatus::kOk, UserJson(*user));
}

ApiResponse ListTokens(ServiceContext& ctx, Call& call) {
    auto user = call.One("user");
    Result<std::vector<Token>> tokens = std::vector<Token>{};
    {
        tokens = ctx.access.WithAccounts([&](AccountStore& a) {
            return user ? a.ListTokens(std::string_view(*user)) : a.ListTokens(std::nullopt);
        });
    }
    if (!tokens) return call.FromError(tokens.error());
    OJson list = OJson::array();
    for (const auto& t : *tokens) list.push_back(TokenJson(t));
    return JsonResponse(HttpStatus::kOk, {{"tokens", list}});
}

ApiResponse CreateToken(ServiceContext& ctx, Call& call) {
    auto body = ParseObjectBody(call.request.body, {"user", "label", "expires_in_days"});
    if (!body) {
        return call.Fail(
            IsSyntaxError(body.error()) ? HttpStatus::kBadRequest : HttpStatus::kUnprocessable,
            body.error().message, body.error().field);
    }
    auto user = StringField(*body, "user", true);
    if (!user)
        return call.Fail(HttpStatus::kUnprocessable, user.error().message, user.error().field);
    auto label = StringField(*body, "label", false);
    if (!label)
        return call.Fail(HttpStatus::kUnprocessable, label.error().message, label.error().field);
    std::optional<LedgerTime> expires;
    LedgerTime now = ctx.env.now();
    if (auto it = body->find("expires_in_days"); it != body->end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 1 ||
            it->get<std::int64_t>() > kMaxTokenDays) {
            return call.Fail(
                HttpStatus::kUnprocessable,
                "expected a whole number of days from 1 to " + std::to_string(kMaxTokenDays),
                "expires_in_days");
        }
        expires = now + std::chrono::days(it->get<std::int64_t>());
    }
    NewToken token = MakeToken();
    Token stored{token.id, *user, *label, token.hash, now, expires, std::nullopt};
    {
        auto added = ctx.access.WithAccounts([&](AccountStore& a) { return a.AddToken(stored); });
        if (!added) return call.FromError(added.error());
    }
    ctx.access.Audit(call, "token.create", "token/" + token.id, "ok", "", "for user/" + *user);
    OJson out = TokenJson(stored);
    out["token"] = token.secret;
    return JsonResponse(HttpStatus::kCreated, out);
}

ApiResponse RevokeToken(ServiceContext& ctx, Call& call) {
    const std::string& id = call.path.at("token_id");
    {
        auto done = ctx.access.WithAccounts(
            [&](AccountStore& a) { return a.RevokeToken(id, ctx.env.now()); });
        if (!done) return call.FromError(done.error());
    }
    ctx.access.Audit(call, "token.revoke", "token/" + id, "ok", "", "");
    return JsonResponse(HttpStatus::kOk, {{"id", id}, {"revoked", true}});
}

}  // namespace aidledger::api
