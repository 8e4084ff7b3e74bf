// The HTTP API without a socket: Service::Handle (api/src/service.h), which server.cpp calls
// with each decoded request, on a memory backend holding a few records and two users. One
// service serves every input of a run, as a server serves every request, so writes the fuzzer
// makes stay for the inputs after it.
#include <memory>
#include <string>

#include "aidledger/api/credentials.h"
#include "aidledger/fuzz/targets.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/storage/memory_backend.h"
#include "request.h"
#include "routes.h"
#include "service.h"
#include "support.h"

namespace aidledger::fuzz {

namespace {

struct Api {
    std::unique_ptr<Backend> backend = MakeMemoryBackend();
    std::unique_ptr<RecordCodec> codec = json::MakeCodec();
    std::unique_ptr<api::Service> service;
    std::string admin_token;
    std::string viewer_token;
};

std::string AddUser(AccountStore& accounts, const std::string& name, Role role) {
    User user;
    user.name = name;
    user.role = role;
    if (!accounts.AddUser(user).ok()) Broken("cannot add a user", name);
    api::NewToken t = api::MakeToken();
    if (!accounts.AddToken(Token{t.id, name, "fuzz", t.hash, {}, {}, {}}).ok()) {
        Broken("cannot add a token", name);
    }
    return t.secret;
}

api::ApiResponse Send(Api& a, std::string method, std::string target, std::string body) {
    api::ApiRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    r.headers["authorization"] = "Bearer " + a.admin_token;
    r.headers["x-reason"] = "fuzz seed";
    r.remote = "127.0.0.1";
    r.request_id = "seed";
    return a.service->Handle(r);
}

Api& TheApi() {
    // Never destroyed: the service's refresher thread stays until the process ends.
    static Api* api = [] {
        auto* a = new Api;
        if (!api::InitCrypto().ok()) Broken("libsodium does not start", "");
        {
            auto accounts = a->backend->OpenAccounts();
            if (!accounts.ok()) Broken("no account store", accounts.error().message);
            a->admin_token = AddUser(**accounts, "admin", Role::kAdmin);
            a->viewer_token = AddUser(**accounts, "viewer", Role::kViewer);
        }
        api::ServerOptions options;
        options.refresh_interval = std::chrono::hours(1);
        options.log_requests = false;
        api::ServerEnvironment env;
        const Backend* backend = a->backend.get();
        const RecordCodec* codec = a->codec.get();
        env.open_store = [backend, codec] { return backend->OpenLedger(*codec); };
        env.open_accounts = [backend] { return backend->OpenAccounts(); };
        env.open_declarations = [backend] { return backend->OpenDeclarations(); };
        env.reference = &Reference();
        env.now = [] { return Now(); };
        a->service = std::make_unique<api::Service>(options, env);
        if (auto started = a->service->Start(); !started.ok()) {
            Broken("the service does not start", started.error().message);
        }
        const char* const seeds[][2] = {
            {"party", R"({"id": "rs", "name": "Serbia", "kind": "country", "iso_code": "RS"})"},
            {"party", R"({"id": "cn", "name": "China", "kind": "country", "iso_code": "CN"})"},
            {"party", R"({"id": "rs-gov", "name": "Government of Serbia",
                          "kind": "central_government", "parent": "rs"})"},
            {"party", R"({"id": "cn-gov", "name": "Government of China",
                          "kind": "central_government", "parent": "cn"})"},
            {"item", R"({"id": "masks", "name": "Masks", "hs_code": "630790", "unit": "piece"})"},
            {"donation", R"({"id": "don-cn", "provider": "cn-gov", "recipient": "rs-gov",
                             "lines": [{"item": "masks", "quantity": 2}],
                             "history": [{"status": "delivered", "on": "2020-03-21"}]})"},
        };
        for (const auto& [kind, body] : seeds) {
            auto r = Send(*a, "POST", std::string(api::kApiPrefix) + "/records/" + kind, body);
            if (r.status != api::HttpStatus::kCreated) Broken("a seed record is refused", r.body);
        }
        return a;
    }();
    return *api;
}

// Sign-in and new users hash a password (Argon2id, on purpose slow and 64 MB each): a run that
// reaches them would spend its time in libsodium. They are left to the unit and API tests.
bool HashesAPassword(std::string_view method, std::string_view target) {
    std::string path = api::Decode(target.substr(0, target.find('?')), false);
    if (path.size() > 1 && path.back() == '/') path.pop_back();
    auto match = api::MatchRoute(method, path);
    return match.route != nullptr &&
           (match.route->op == api::Op::kSignIn || match.route->op == api::Op::kAddUser);
}

}  // namespace

int FuzzHttpRequest(const std::uint8_t* data, std::size_t size) {
    Api& a = TheApi();
    std::string_view text = AsText(data, size);
    auto next_line = [&text]() {
        std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return line;
    };
    api::ApiRequest request;
    std::string_view first = next_line();
    std::size_t space = first.find(' ');
    request.method = std::string(first.substr(0, space));
    if (space != std::string_view::npos) request.target = std::string(first.substr(space + 1));
    if (HashesAPassword(request.method, request.target)) return 0;
    while (!text.empty()) {
        std::string_view line = next_line();
        if (line.empty()) break;
        std::size_t colon = line.find(':');
        std::string name = api::Lower(line.substr(0, colon));
        std::string value =
            colon == std::string_view::npos ? std::string{} : api::Trim(line.substr(colon + 1));
        if (value == "Bearer admin") value = "Bearer " + a.admin_token;
        if (value == "Bearer viewer") value = "Bearer " + a.viewer_token;
        request.headers[name] = value;
    }
    request.body = std::string(text);
    request.remote = "127.0.0.1";
    request.request_id = "fuzz";
    api::ApiResponse response = a.service->Handle(request);
    int status = api::ToInt(response.status);
    if (status < 100 || status > 599) Broken("a status out of range", request.target);
    if (status == 500) Broken("an internal error (500): " + response.body, AsText(data, size));
    return 0;
}

}  // namespace aidledger::fuzz
