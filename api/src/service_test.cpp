// In-process tests of Service::Handle on memory stores (issue 10): how errors map to HTTP
// statuses (docs/api.md "Errors"), including 503 when no read store can be opened; the answer
// cache seen from the routes (shared answers, eviction, invalidation by a write); and the
// organisation scope of an editor's reads (docs/api.md "Access").
#include "service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "aidledger/api/credentials.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/storage/memory_accounts.h"
#include "aidledger/storage/memory_backend.h"
#include "aidledger/storage/memory_store.h"

namespace aidledger::api {

void PrintTo(HttpStatus status, std::ostream* os) { *os << ToInt(status); }

namespace {

// Every store the service opens is a view of one shared memory ledger (as every store a real
// backend opens sees the same file). Scans can be held, to keep a lease busy.
class SharedLedger {
  public:
    std::unique_ptr<LedgerStore> backing = MakeMemoryStore();
    std::mutex mutex;
    std::atomic<bool> hold_scans{false};
    std::promise<void> scan_entered;
    std::promise<void> scan_released;
    // Holds this many scans more, each until `release` is set (a pool may hold several idle
    // stores: a test that needs all of them busy holds as many scans as it takes).
    std::atomic<int> scans_to_hold{0};
    std::atomic<int> scans_held{0};
    std::promise<void> release_promise;
    std::shared_future<void> release = release_promise.get_future().share();
};

class SharedStore : public LedgerStore {
  public:
    explicit SharedStore(std::shared_ptr<SharedLedger> ledger) : l_(std::move(ledger)) {}
    Result<std::vector<VersionMeta>> Apply(const std::vector<Mutation>& mutations,
                                           const WriteContext& context) override {
        std::lock_guard lock(l_->mutex);
        return l_->backing->Apply(mutations, context);
    }
    Result<std::optional<StoredRecord>> Get(Kind kind, std::string_view id,
                                            std::optional<LedgerTime> at) override {
        std::lock_guard lock(l_->mutex);
        return l_->backing->Get(kind, id, at);
    }
    Result<std::vector<StoredRecord>> Scan(const ScanQuery& query) override {
        if (l_->hold_scans.exchange(false)) {
            l_->scan_entered.set_value();
            l_->scan_released.get_future().wait();
        }
        if (l_->scans_to_hold.fetch_sub(1) > 0) {
            ++l_->scans_held;
            l_->release.wait();
        }
        std::lock_guard lock(l_->mutex);
        return l_->backing->Scan(query);
    }
    Result<std::vector<StoredRecord>> History(Kind kind, std::string_view id) override {
        std::lock_guard lock(l_->mutex);
        return l_->backing->History(kind, id);
    }
    Result<Stats> GetStats() override {
        std::lock_guard lock(l_->mutex);
        return l_->backing->GetStats();
    }
    Result<std::vector<StoredRecord>> VersionsSince(std::int64_t after_seq,
                                                    std::size_t limit) override {
        std::lock_guard lock(l_->mutex);
        return l_->backing->VersionsSince(after_seq, limit);
    }
    Result<std::vector<std::string>> CheckIntegrity() override {
        std::lock_guard lock(l_->mutex);
        return l_->backing->CheckIntegrity();
    }
    Result<void> ImportHistory(const std::vector<StoredRecord>& versions,
                               const std::optional<RestoreAudit>& audit) override {
        std::lock_guard lock(l_->mutex);
        return l_->backing->ImportHistory(versions, audit);
    }

  private:
    std::shared_ptr<SharedLedger> l_;
};

ReferenceData TestReference() {
    ReferenceData ref;
    ref.country_names = {{"RS", "Serbia"}, {"CN", "China"}, {"IT", "Italy"}};
    ref.alpha3_to_alpha2 = {{"SRB", "RS"}, {"CHN", "CN"}, {"ITA", "IT"}};
    ref.currencies = {"EUR", "USD", "CNY"};
    return ref;
}

class ServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto().ok());
        options_.refresh_interval = std::chrono::hours(1);  // no other writer here
        options_.log_requests = false;
    }
    void TearDown() override {
        if (service_) service_->StopRefresher();
    }

    // Starts the service: users admin, viewer, and an editor bound to rs-gov.
    void Start() {
        accounts_ = MakeMemoryAccountStore();
        admin_ = AddUser("admin", Role::kAdmin, std::nullopt);
        viewer_ = AddUser("viewer", Role::kViewer, std::nullopt);
        ServerEnvironment env;
        env.open_store = [this]() -> Result<std::unique_ptr<LedgerStore>> {
            ++opens_;
            if (fail_opens_) return Error::Unavailable("the test refuses to open a store");
            return std::unique_ptr<LedgerStore>(std::make_unique<SharedStore>(ledger_));
        };
        env.open_accounts = [this]() -> Result<std::unique_ptr<AccountStore>> {
            return std::move(accounts_);
        };
        env.reference = &ref_;
        env.now = [] {
            return std::chrono::time_point_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now());
        };
        service_ = std::make_unique<Service>(options_, env);
        auto started = service_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
    }

    std::string AddUser(const std::string& name, Role role, std::optional<std::string> org) {
        User u;
        u.name = name;
        u.role = role;
        u.org = std::move(org);
        EXPECT_TRUE(accounts_->AddUser(u).ok());
        NewToken t = MakeToken();
        EXPECT_TRUE(accounts_->AddToken(Token{t.id, name, "test", t.hash, {}, {}, {}}).ok());
        return t.secret;
    }

    ApiResponse Send(const std::string& method, const std::string& target,
                     const std::string& token = "", const std::string& body = "",
                     std::map<std::string, std::string> headers = {}) {
        ApiRequest r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.headers = std::move(headers);
        if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
        r.remote = "127.0.0.1";
        r.request_id = "test-" + std::to_string(++requests_);
        return service_->Handle(r);
    }

    // A write as admin with a reason.
    ApiResponse Post(const std::string& kind, const std::string& body,
                     const std::string& token = "") {
        return Send("POST", "/api/v1/records/" + kind, token.empty() ? admin_ : token, body,
                    {{"x-reason", "test"}});
    }

    static std::string BodyOf(const ApiResponse& r) {
        return r.shared_body ? *r.shared_body : r.body;
    }
    static nlohmann::json Json(const ApiResponse& r) { return nlohmann::json::parse(BodyOf(r)); }

    // Two countries' governments and a donation from each.
    void Seed() {
        for (const char* body :
             {R"({"id": "rs", "name": "Serbia", "kind": "country", "iso_code": "RS"})",
              R"({"id": "cn", "name": "China", "kind": "country", "iso_code": "CN"})",
              R"({"id": "rs-gov", "name": "Government of Serbia", "kind": "central_government",
                  "parent": "rs"})",
              R"({"id": "cn-gov", "name": "Government of China", "kind": "central_government",
                  "parent": "cn"})"}) {
            auto r = Post("party", body);
            ASSERT_EQ(r.status, HttpStatus::kCreated) << BodyOf(r);
        }
        for (const char* body :
             {R"({"id": "masks", "name": "Masks", "hs_code": "630790", "unit": "piece"})",
              R"({"id": "ventilators", "name": "Ventilators", "hs_code": "901920",
                  "unit": "piece"})",
              R"({"id": "tests", "name": "Test kits", "hs_code": "382200", "unit": "kit"})"}) {
            auto r = Post("item", body);
            ASSERT_EQ(r.status, HttpStatus::kCreated) << BodyOf(r);
        }
        for (const char* body : {R"({"id": "don-rs", "provider": "rs-gov", "recipient": "cn-gov",
                  "lines": [{"item": "masks", "quantity": 5}],
                  "history": [{"status": "delivered", "on": "2020-03-10"}]})",
                                 R"({"id": "don-cn", "provider": "cn-gov", "recipient": "rs-gov",
                  "lines": [{"item": "ventilators", "quantity": 2}],
                  "history": [{"status": "delivered", "on": "2020-03-21"}]})"}) {
            auto r = Post("donation", body);
            ASSERT_EQ(r.status, HttpStatus::kCreated) << BodyOf(r);
        }
    }

    ServerOptions options_;
    ReferenceData ref_ = TestReference();
    std::shared_ptr<SharedLedger> ledger_ = std::make_shared<SharedLedger>();
    std::unique_ptr<AccountStore> accounts_;
    std::atomic<int> opens_{0};
    std::atomic<bool> fail_opens_{false};
    std::unique_ptr<Service> service_;
    std::string admin_;
    std::string viewer_;
    std::atomic<int> requests_{0};  // Send is called from several threads at once
};

// ------------------------------------------------------------ errors to statuses

TEST_F(ServiceTest, ErrorsMapToTheirStatuses) {
    Start();
    Seed();
    // 404: an unknown route, and a record that does not exist.
    EXPECT_EQ(Send("GET", "/api/v1/nowhere", viewer_).status, HttpStatus::kNotFound);
    auto missing = Send("GET", "/api/v1/records/party/nobody", viewer_);
    EXPECT_EQ(missing.status, HttpStatus::kNotFound);
    EXPECT_EQ(Json(missing)["error"]["code"], "not_found");
    // 405 with Allow.
    auto wrong = Send("PUT", "/api/v1/figures", viewer_);
    EXPECT_EQ(wrong.status, HttpStatus::kMethodNotAllowed);
    // 400: an unknown query parameter, a malformed `at`.
    EXPECT_EQ(Send("GET", "/api/v1/records/party?colour=red", viewer_).status,
              HttpStatus::kBadRequest);
    EXPECT_EQ(Send("GET", "/api/v1/parties/rs/profile?at=yesterday", viewer_).status,
              HttpStatus::kBadRequest);
    // 401: no token, or a token that is not one.
    auto anonymous = Send("GET", "/api/v1/records/party");
    EXPECT_EQ(anonymous.status, HttpStatus::kUnauthorized);
    EXPECT_EQ(Json(anonymous)["error"]["code"], "unauthenticated");
    EXPECT_EQ(Send("GET", "/api/v1/records/party", "not-a-token").status,
              HttpStatus::kUnauthorized);
    // 403: a viewer writes.
    EXPECT_EQ(Post("party", R"({"id": "x", "name": "X", "kind": "enterprise"})", viewer_).status,
              HttpStatus::kForbidden);
    // 409: an id that exists (kConflict).
    auto again = Post("party", R"({"id": "rs", "name": "Serbia", "kind": "country",
                                   "iso_code": "RS"})");
    EXPECT_EQ(again.status, HttpStatus::kConflict);
    EXPECT_EQ(Json(again)["error"]["code"], "conflict");
    // 422: a record that fails validation (kInvalidArgument).
    auto invalid = Post("party", R"({"id": "zz", "name": "Nowhere", "kind": "country",
                                     "iso_code": "ZZ"})");
    EXPECT_EQ(invalid.status, HttpStatus::kUnprocessable);
    EXPECT_EQ(Json(invalid)["error"]["code"], "invalid");
    // 428 and 412: If-Match missing, then stale.
    EXPECT_EQ(Send("PATCH", "/api/v1/records/party/rs", admin_, R"({"notes": "n"})",
                   {{"x-reason", "test"}})
                  .status,
              HttpStatus::kPreconditionRequired);
    auto stale = Send("PATCH", "/api/v1/records/party/rs", admin_, R"({"notes": "n"})",
                      {{"x-reason", "test"}, {"if-match", "\"7\""}});
    EXPECT_EQ(stale.status, HttpStatus::kPreconditionFailed);
    EXPECT_EQ(Json(stale)["error"]["code"], "precondition_failed");
    auto fresh = Send("PATCH", "/api/v1/records/party/rs", admin_, R"({"notes": "n"})",
                      {{"x-reason", "test"}, {"if-match", "\"1\""}});
    EXPECT_EQ(fresh.status, HttpStatus::kOk) << BodyOf(fresh);
}

// docs/api.md "Routes", "Import and export": the figures, claims, profile, import and export
// routes check their parameters with the CLI's use cases (app/), each error naming the query
// parameter as the API spells it.
TEST_F(ServiceTest, RouteParametersAreCheckedByTheSharedUseCases) {
    Start();
    Seed();
    auto fails = [&](const std::string& target, HttpStatus status, const std::string& field,
                     const std::string& message) {
        auto r = Send("GET", target, viewer_);
        EXPECT_EQ(r.status, status) << target << ": " << BodyOf(r);
        if (r.status == status) {
            EXPECT_EQ(Json(r)["error"]["field"], field) << target;
            EXPECT_EQ(Json(r)["error"]["message"], message) << target;
        }
    };
    // A provider country is ISO 3166-1 alpha-2 or alpha-3 in any case (core's one rule).
    EXPECT_EQ(Send("GET", "/api/v1/figures?as_of=2020-12-31&provider_country=srb", viewer_).status,
              HttpStatus::kOk);
    fails("/api/v1/figures?as_of=2020-12-31&provider_country=Serbia", HttpStatus::kBadRequest,
          "provider_country", "unknown country code \"Serbia\"");
    fails("/api/v1/figures?as_of=2020-12-31&from=2020-01-01", HttpStatus::kBadRequest, "to",
          "give from and to together");
    fails("/api/v1/figures?as_of=2020-12-31&metric=teams", HttpStatus::kBadRequest, "metric",
          "unknown metric \"teams\" (docs/figures.md lists them)");
    fails("/api/v1/briefing?as_of=2020-12-31&format=pdf", HttpStatus::kBadRequest, "format",
          "expected json, md, text or html");
    fails("/api/v1/claims?format=html", HttpStatus::kBadRequest, "format",
          "expected json, md or text");
    fails("/api/v1/briefing?as_of=2020-04-10&since=2020-04-10", HttpStatus::kBadRequest, "since",
          "must be before as_of");
    fails("/api/v1/briefing?as_of=2020-04-10&since=2020-04-01&since_at=2026-01-01T00:00:00Z",
          HttpStatus::kBadRequest, "since_at", "give since or since_at, not both");
    EXPECT_EQ(Send("GET", "/api/v1/claims?stated_on=2020-13-01", viewer_).status,
              HttpStatus::kBadRequest);
    fails("/api/v1/parties/nowhere/profile", HttpStatus::kNotFound, "party/nowhere",
          "does not exist");
    // Exports: the format is a resource; the parameters are the CLI's, spelled as the query's.
    fails("/api/v1/export/pdf", HttpStatus::kNotFound, "format",
          "no such export format: expected hxl, csv, flat-csv, json, iati or xlsx");
    fails("/api/v1/export/hxl", HttpStatus::kBadRequest, "kind", "give the kind of the table");
    fails("/api/v1/export/csv?kind=teams", HttpStatus::kBadRequest, "kind",
          "unknown kind \"teams\": expected " + EnumChoices<Kind>());
    fails("/api/v1/export/json?kind=team", HttpStatus::kBadRequest, "kind",
          "a bundle holds the whole ledger; kind does not apply");
    fails("/api/v1/export/iati?kind=team", HttpStatus::kBadRequest, "kind",
          "applies to hxl, csv and flat-csv only");
    fails("/api/v1/export/flat-csv", HttpStatus::kBadRequest, "kind",
          "give the kind of the table: " + EnumChoices<Kind>());
    fails("/api/v1/export/flat-csv?kind=team&retired=maybe", HttpStatus::kBadRequest, "retired",
          "expected true or false");
    fails("/api/v1/export/hxl?kind=team&retired=true", HttpStatus::kBadRequest, "retired",
          "applies to flat-csv only; hxl exports the live records");
    fails("/api/v1/export/csv?kind=team&as_of=2020-12-31", HttpStatus::kBadRequest, "as_of",
          "applies to iati and xlsx only; csv exports the ledger's records (use at for the "
          "ledger as it was)");
    // Imports: an unknown kind, and a bundle with a kind.
    auto import = [&](const std::string& target, const std::string& body) {
        return Send("POST", target, admin_, body, {{"x-reason", "test"}});
    };
    auto bad_kind = import("/api/v1/import?kind=teams", "id\n");
    EXPECT_EQ(bad_kind.status, HttpStatus::kBadRequest);
    EXPECT_EQ(Json(bad_kind)["error"]["message"],
              "unknown kind \"teams\": expected " + EnumChoices<Kind>());
    auto bundle_kind = import("/api/v1/import?kind=team", R"({"format": "aidledger-bundle"})");
    EXPECT_EQ(bundle_kind.status, HttpStatus::kBadRequest) << BodyOf(bundle_kind);
    EXPECT_EQ(Json(bundle_kind)["error"]["field"], "kind");
    EXPECT_EQ(Json(bundle_kind)["error"]["message"],
              "a bundle holds every kind; kind does not apply");
}

// docs/api.md "Import and export" (issue 18): an IATI activity file or FTS flows sent to
// POST /import are recognised by their content (an FTS answer sent as application/json is not
// a bundle); the answer carries the report's problems with their element path, what was
// skipped and what to review; only_covid keeps the marked flows.
TEST_F(ServiceTest, IatiAndFtsFilesImportThroughTheImportRoute) {
    Start();
    Seed();
    const std::string flows =
        R"json({"data": {"flows": [
{"id": "7", "status": "paid", "date": "2020-04-02", "amountUSD": 1500, "contributionType": "financial",
 "sourceObjects": [{"type": "Organization", "name": "A Foundation", "organizationTypes": ["Private organizations/foundations"]}],
 "destinationObjects": [{"type": "Location", "name": "Serbia"}, {"type": "Emergency", "name": "COVID-19"}]},
{"id": "8", "status": "pledge", "date": "2020-04-03", "amountUSD": 10, "contributionType": "financial",
 "sourceObjects": [{"type": "Organization", "name": "A Foundation"}],
 "destinationObjects": [{"type": "Location", "name": "Serbia"}]}]}})json";
    auto dry = Send("POST", "/api/v1/import?dry_run=true&only_covid=true&name=flows.json", admin_,
                    flows, {{"x-reason", "test"}, {"content-type", "application/json"}});
    ASSERT_EQ(dry.status, HttpStatus::kOk) << BodyOf(dry);
    auto body = Json(dry);
    EXPECT_EQ(body["ok"], true);
    EXPECT_FALSE(body.contains("bundle"));
    EXPECT_EQ(body["skipped"].size(), 0U);
    ASSERT_GE(body["review"].size(), 1U);
    EXPECT_NE(body["text"].get<std::string>().find("1 not marked COVID-19 left out"),
              std::string::npos)
        << body["text"];

    const std::string xml = R"(<iati-activities version="2.03">
 <iati-activity>
  <iati-identifier>A-1</iati-identifier>
  <reporting-org ref="A" type="10"><narrative>A</narrative></reporting-org>
  <recipient-country code="RS"/>
  <transaction><transaction-type code="3"/><value currency="USD" value-date="2020-02-01">1,0</value></transaction>
 </iati-activity>
</iati-activities>)";
    auto bad = Send("POST", "/api/v1/import?name=a.xml", admin_, xml,
                    {{"x-reason", "test"}, {"content-type", "application/xml"}});
    ASSERT_EQ(bad.status, HttpStatus::kUnprocessable) << BodyOf(bad);
    auto problems = Json(bad)["problems"];
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0]["field"], "iati-activities/iati-activity[1]/transaction/value");
    EXPECT_EQ(problems[0]["line"], 6);
}

TEST_F(ServiceTest, AStoreThatCannotBeOpenedIsUnavailableNotAnInternalError) {
    Start();
    Seed();
    // Reads hold every idle store (their scans wait; the pool may keep more than one), so the
    // next read must open a store, and opening fails.
    constexpr int kBusy = 4;
    ledger_->scans_to_hold = kBusy;
    std::vector<std::future<ApiResponse>> busy;
    busy.reserve(kBusy);
    for (int i = 0; i < kBusy; ++i) {
        busy.push_back(std::async(std::launch::async, [&] {
            return Send("GET", "/api/v1/records/party?retired=true", viewer_);
        }));
    }
    for (int i = 0; i < 10'000 && ledger_->scans_held.load() < kBusy; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(ledger_->scans_held.load(), kBusy);
    fail_opens_ = true;
    int before = opens_.load();
    auto refused = Send("GET", "/api/v1/records/party/rs", viewer_);
    EXPECT_GT(opens_.load(), before) << "the read had to open a store";
    EXPECT_EQ(refused.status, HttpStatus::kUnavailable);
    EXPECT_EQ(Json(refused)["error"]["code"], "unavailable");
    EXPECT_EQ(Json(refused)["error"]["message"], "the ledger is busy or unavailable; try again");
    ledger_->release_promise.set_value();
    for (auto& b : busy) EXPECT_EQ(b.get().status, HttpStatus::kOk);
    // With the stores back in the pool, reads work again without opening another.
    EXPECT_EQ(Send("GET", "/api/v1/records/party/rs", viewer_).status, HttpStatus::kOk);
}

TEST_F(ServiceTest, StartFailsWithTheStoreErrorWhenNoReadStoreOpens) {
    // The writer opens, the first snapshot's read store does not: a value, not an exception.
    accounts_ = MakeMemoryAccountStore();
    ServerEnvironment env;
    int opens = 0;
    env.open_store = [&]() -> Result<std::unique_ptr<LedgerStore>> {
        if (++opens > 1) return Error::Unavailable("no more stores");
        return MakeMemoryStore();
    };
    env.open_accounts = [this]() -> Result<std::unique_ptr<AccountStore>> {
        return std::move(accounts_);
    };
    env.reference = &ref_;
    env.now = [] { return LedgerTime{}; };
    Service service(options_, env);
    auto started = service.Start();
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().code, ErrorCode::kUnavailable);
}

// ------------------------------------------------------------ the answer cache

TEST_F(ServiceTest, FiguresAnswersAreSharedUntilAWriteInvalidatesThem) {
    Start();
    Seed();
    const std::string figures = "/api/v1/figures?as_of=2020-12-31";
    auto first = Send("GET", figures, viewer_);
    ASSERT_EQ(first.status, HttpStatus::kOk) << BodyOf(first);
    auto second = Send("GET", figures, viewer_);
    ASSERT_NE(first.shared_body, nullptr);
    EXPECT_EQ(first.shared_body.get(), second.shared_body.get()) << "one computed answer";

    auto written = Post("donation", R"({"id": "don-2", "provider": "cn-gov",
                                        "recipient": "rs-gov",
                                        "lines": [{"item": "tests", "quantity": 9}],
                                        "history": [{"status": "delivered",
                                                     "on": "2020-04-01"}]})");
    ASSERT_EQ(written.status, HttpStatus::kCreated) << BodyOf(written);
    auto after = Send("GET", figures, viewer_);
    ASSERT_EQ(after.status, HttpStatus::kOk);
    EXPECT_NE(after.shared_body.get(), first.shared_body.get()) << "the write invalidated it";
    EXPECT_NE(*after.shared_body, *first.shared_body) << "the new donation is counted";
}

TEST_F(ServiceTest, TheAnswerCacheEvictsTheLeastRecentlyUsed) {
    options_.max_cached_answers = 2;
    Start();
    Seed();
    auto a = Send("GET", "/api/v1/figures?as_of=2020-12-31", viewer_);
    auto b = Send("GET", "/api/v1/figures?as_of=2020-06-30", viewer_);
    auto a2 = Send("GET", "/api/v1/figures?as_of=2020-12-31", viewer_);  // a is the most recent
    EXPECT_EQ(a.shared_body.get(), a2.shared_body.get());
    auto c = Send("GET", "/api/v1/claims", viewer_);  // full: b goes
    ASSERT_EQ(c.status, HttpStatus::kOk) << BodyOf(c);
    EXPECT_EQ(Send("GET", "/api/v1/figures?as_of=2020-12-31", viewer_).shared_body.get(),
              a.shared_body.get());
    EXPECT_NE(Send("GET", "/api/v1/figures?as_of=2020-06-30", viewer_).shared_body.get(),
              b.shared_body.get());
}

TEST_F(ServiceTest, ConcurrentIdenticalFiguresRequestsShareOneAnswer) {
    Start();
    Seed();
    constexpr int kClients = 6;
    std::vector<std::future<ApiResponse>> answers;
    answers.reserve(kClients);
    for (int i = 0; i < kClients; ++i) {
        answers.push_back(std::async(std::launch::async, [&] {
            return Send("GET", "/api/v1/briefing?as_of=2020-12-31", viewer_);
        }));
    }
    std::vector<ApiResponse> got;
    got.reserve(answers.size());
    for (auto& f : answers) got.push_back(f.get());
    for (const auto& r : got) {
        ASSERT_EQ(r.status, HttpStatus::kOk) << BodyOf(r);
        EXPECT_EQ(r.shared_body.get(), got[0].shared_body.get());
    }
}

// ------------------------------------------------------------ scope

TEST_F(ServiceTest, AnOrganisationBoundEditorReadsOnlyWithinItsScope) {
    Start();
    Seed();
    // The editor is added through the API, as an admin would (its organisation must exist).
    auto added = Send("POST", "/api/v1/users", admin_,
                      R"({"name": "ed", "role": "editor", "org": "rs-gov"})");
    ASSERT_EQ(added.status, HttpStatus::kCreated) << BodyOf(added);
    auto token = Send("POST", "/api/v1/tokens", admin_, R"({"user": "ed"})");
    ASSERT_EQ(token.status, HttpStatus::kCreated) << BodyOf(token);
    std::string editor = Json(token)["token"];

    EXPECT_EQ(Send("GET", "/api/v1/records/donation/don-rs", editor).status, HttpStatus::kOk);
    EXPECT_EQ(Send("GET", "/api/v1/records/donation/don-cn", editor).status, HttpStatus::kNotFound);
    EXPECT_EQ(Send("GET", "/api/v1/records/donation/don-cn/history", editor).status,
              HttpStatus::kNotFound);
    auto list = Json(Send("GET", "/api/v1/records/donation", editor));
    ASSERT_EQ(list["records"].size(), 1U);
    EXPECT_EQ(list["records"][0]["id"], "don-rs");
    EXPECT_EQ(Send("GET", "/api/v1/export/csv?kind=donation", editor).status,
              HttpStatus::kForbidden);
    // A viewer reads both.
    EXPECT_EQ(Send("GET", "/api/v1/records/donation/don-cn", viewer_).status, HttpStatus::kOk);
    EXPECT_EQ(Json(Send("GET", "/api/v1/records/donation", viewer_))["records"].size(), 2U);
    // And the editor cannot write another organisation's record.
    EXPECT_EQ(Send("PATCH", "/api/v1/records/donation/don-cn", editor, R"({"notes": "mine"})",
                   {{"x-reason", "test"}, {"if-match", "\"1\""}})
                  .status,
              HttpStatus::kForbidden);
}

// ------------------------------------------------------------ the change feed (issue 11)

namespace feed {

// Follows GET /changes from `since` with pages of `limit` until `more` is false: every change
// in order, and the number of pages.
struct Walk {
    std::vector<nlohmann::json> changes;
    int pages = 0;
    std::int64_t next = 0;
};

}  // namespace feed

class ChangeFeedTest : public ServiceTest {
  protected:
    feed::Walk WalkFeed(const std::string& token, int limit, std::int64_t since = 0) {
        feed::Walk walk;
        walk.next = since;
        for (;;) {
            auto r = Send("GET",
                          "/api/v1/changes?since=" + std::to_string(walk.next) +
                              "&limit=" + std::to_string(limit),
                          token);
            EXPECT_EQ(r.status, HttpStatus::kOk) << BodyOf(r);
            if (r.status != HttpStatus::kOk) return walk;
            auto page = Json(r);
            EXPECT_LE(page["changes"].size(), static_cast<std::size_t>(limit));
            EXPECT_GE(page["next"].get<std::int64_t>(), walk.next) << "the cursor never goes back";
            EXPECT_LE(page["next"].get<std::int64_t>(), page["seq"].get<std::int64_t>());
            for (auto& c : page["changes"]) walk.changes.push_back(c);
            walk.next = page["next"];
            ++walk.pages;
            if (!page["more"].get<bool>()) return walk;
            if (walk.pages > 1000) {
                ADD_FAILURE() << "the feed does not end";
                return walk;
            }
        }
    }

    static std::string Header(const ApiResponse& r, const std::string& name) {
        for (const auto& [k, v] : r.headers) {
            if (k == name) return v;
        }
        return "";
    }

    // An editor bound to rs-gov, added as an admin would.
    std::string BoundEditor() {
        auto added = Send("POST", "/api/v1/users", admin_,
                          R"({"name": "ed", "role": "editor", "org": "rs-gov"})");
        EXPECT_EQ(added.status, HttpStatus::kCreated) << BodyOf(added);
        auto token = Send("POST", "/api/v1/tokens", admin_, R"({"user": "ed"})");
        EXPECT_EQ(token.status, HttpStatus::kCreated) << BodyOf(token);
        return Json(token)["token"];
    }
};

// docs/api.md "Change feed": every version written, oldest first, as create, update or retire,
// with its author, reason and ledger time; `seq` is the ledger's latest sequence.
TEST_F(ChangeFeedTest, ListsCreatesUpdatesAndRetiresInOrderWithAuthorReasonAndTime) {
    Start();
    Seed();  // 4 parties, 3 items, 2 donations: 9 creates
    auto patched = Send("PATCH", "/api/v1/records/party/rs", admin_, R"({"notes": "n"})",
                        {{"x-reason", "a note from the embassy"}, {"if-match", "\"1\""}});
    ASSERT_EQ(patched.status, HttpStatus::kOk) << BodyOf(patched);
    auto retired = Send("DELETE", "/api/v1/records/donation/don-cn", admin_, "",
                        {{"x-reason", "duplicate"}, {"if-match", "\"1\""}});
    ASSERT_EQ(retired.status, HttpStatus::kOk) << BodyOf(retired);

    auto r = Send("GET", "/api/v1/changes", viewer_);
    ASSERT_EQ(r.status, HttpStatus::kOk) << BodyOf(r);
    auto page = Json(r);
    const auto& changes = page["changes"];
    ASSERT_EQ(changes.size(), 11U) << page.dump(2);
    EXPECT_EQ(page["since"], 0);
    EXPECT_EQ(page["limit"], 100);
    EXPECT_EQ(page["more"], false);
    EXPECT_EQ(page["next"], changes.back()["seq"]);
    EXPECT_EQ(page["seq"], changes.back()["seq"]);
    for (std::size_t i = 0; i < changes.size(); ++i) {
        EXPECT_EQ(changes[i]["author"], "admin");
        EXPECT_FALSE(changes[i]["recorded_at"].get<std::string>().empty());
        if (i > 0) {
            EXPECT_GT(changes[i]["seq"].get<std::int64_t>(),
                      changes[i - 1]["seq"].get<std::int64_t>());
            EXPECT_GE(changes[i]["recorded_at"].get<std::string>(),
                      changes[i - 1]["recorded_at"].get<std::string>());
        }
    }
    EXPECT_EQ(changes[0]["kind"], "party");
    EXPECT_EQ(changes[0]["id"], "rs");
    EXPECT_EQ(changes[0]["op"], "create");
    EXPECT_EQ(changes[0]["version"], 1);
    EXPECT_EQ(changes[0]["reason"], "test");
    const auto& update = changes[9];
    EXPECT_EQ(update["kind"], "party");
    EXPECT_EQ(update["id"], "rs");
    EXPECT_EQ(update["op"], "update");
    EXPECT_EQ(update["version"], 2);
    EXPECT_EQ(update["reason"], "a note from the embassy");
    EXPECT_EQ(update["recorded_at"], Json(patched)["meta"]["recorded_at"]);
    const auto& retire = changes[10];
    EXPECT_EQ(retire["kind"], "donation");
    EXPECT_EQ(retire["id"], "don-cn");
    EXPECT_EQ(retire["op"], "retire");
    EXPECT_EQ(retire["version"], 2);
    EXPECT_EQ(retire["reason"], "duplicate");

    // From a cursor: only what followed it.
    auto after = Json(Send("GET", "/api/v1/changes?since=" + changes[8]["seq"].dump(), viewer_));
    ASSERT_EQ(after["changes"].size(), 2U);
    EXPECT_EQ(after["changes"][0], update);
    // At the end: nothing, the cursor stays.
    auto end = Json(Send("GET", "/api/v1/changes?since=" + page["seq"].dump(), viewer_));
    EXPECT_TRUE(end["changes"].empty());
    EXPECT_EQ(end["next"], page["seq"]);
    EXPECT_EQ(end["more"], false);
    // Past the end (a cursor of another ledger): nothing, and the ledger's own sequence.
    auto past = Json(Send("GET", "/api/v1/changes?since=1000", viewer_));
    EXPECT_TRUE(past["changes"].empty());
    EXPECT_EQ(past["next"], 1000);
    EXPECT_EQ(past["seq"], page["seq"]);
    EXPECT_EQ(past["more"], false);
}

// docs/api.md "Change feed": paging with `limit` walks every change exactly once.
TEST_F(ChangeFeedTest, PagingWalksEveryChangeExactlyOnce) {
    Start();
    Seed();
    for (int i = 0; i < 3; ++i) {
        auto r = Send("PATCH", "/api/v1/records/party/rs", admin_,
                      R"({"notes": "v)" + std::to_string(i + 2) + R"("})",
                      {{"x-reason", "test"}, {"if-match", "*"}});
        ASSERT_EQ(r.status, HttpStatus::kOk) << BodyOf(r);
    }
    auto all = Json(Send("GET", "/api/v1/changes?limit=1000", viewer_))["changes"];
    ASSERT_EQ(all.size(), 12U);
    for (int limit : {1, 2, 5, 12, 13}) {
        auto walk = WalkFeed(viewer_, limit);
        ASSERT_EQ(walk.changes.size(), all.size()) << "limit " << limit;
        for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(walk.changes[i], all[i]);
        EXPECT_EQ(walk.pages, static_cast<int>((all.size() + limit - 1) / limit)) << limit;
        EXPECT_EQ(walk.next, all.back()["seq"].get<std::int64_t>());
    }
    // A page that ends exactly at the last change says so.
    auto exact = Json(Send("GET", "/api/v1/changes?limit=12", viewer_));
    EXPECT_EQ(exact["changes"].size(), 12U);
    EXPECT_EQ(exact["more"], false);
    auto short_page = Json(Send("GET", "/api/v1/changes?limit=11", viewer_));
    EXPECT_EQ(short_page["more"], true);
    // Every page states the ledger's latest sequence, wherever it starts.
    for (std::int64_t since = 0; since <= 13; ++since) {
        for (int limit : {1, 3, 12}) {
            auto p = Json(Send("GET",
                               "/api/v1/changes?since=" + std::to_string(since) +
                                   "&limit=" + std::to_string(limit),
                               viewer_));
            EXPECT_EQ(p["seq"], all.back()["seq"]) << since << " " << limit;
            EXPECT_EQ(p["more"],
                      p["next"].get<std::int64_t>() < all.back()["seq"].get<std::int64_t>())
                << since << " " << limit;
        }
    }
}

// docs/api.md "Reads of a bound editor": the feed hides exactly what GET /records/{kind}/{id}
// hides from an organisation-bound editor, and its paging still reaches the end.
TEST_F(ChangeFeedTest, AnOrganisationBoundEditorSeesOnlyTheChangesOfRecordsItMayRead) {
    Start();
    Seed();
    std::string editor = BoundEditor();
    auto all = Json(Send("GET", "/api/v1/changes", viewer_))["changes"];
    ASSERT_EQ(all.size(), 9U);
    auto mine = WalkFeed(editor, 1);
    std::vector<std::string> seen;
    for (const auto& c : mine.changes)
        seen.push_back(c["kind"].get<std::string>() + "/" + c["id"].get<std::string>());
    int hidden = 0;
    for (const auto& c : all) {
        std::string ref = c["kind"].get<std::string>() + "/" + c["id"].get<std::string>();
        auto get = Send("GET", "/api/v1/records/" + ref, editor);
        bool visible = get.status == HttpStatus::kOk;
        if (!visible) {
            EXPECT_EQ(get.status, HttpStatus::kNotFound) << ref;
            ++hidden;
        }
        EXPECT_EQ(std::count(seen.begin(), seen.end(), ref), visible ? 1 : 0) << ref;
    }
    EXPECT_GT(hidden, 0) << "the test needs a record the editor may not read";
    EXPECT_EQ(std::count(seen.begin(), seen.end(), "donation/don-cn"), 0);
    EXPECT_EQ(std::count(seen.begin(), seen.end(), "donation/don-rs"), 1);
    // The walk ended at the ledger's last change even though it was hidden (don-cn's).
    EXPECT_EQ(mine.next, all.back()["seq"].get<std::int64_t>());
    // A page past hidden changes moves on.
    auto page = Json(Send("GET", "/api/v1/changes?since=" + all[7]["seq"].dump(), editor));
    EXPECT_TRUE(page["changes"].empty()) << page.dump();
    EXPECT_EQ(page["next"], all[8]["seq"]);
    EXPECT_EQ(page["more"], false);
    // The viewer sees both donations.
    EXPECT_EQ(all[8]["id"], "don-cn");
}

TEST_F(ChangeFeedTest, ABadSinceOrLimitIsABadRequestNamingIt) {
    Start();
    Seed();
    for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
             {"since=-1", "since"},
             {"since=abc", "since"},
             {"since=", "since"},
             {"since=1234567890123456789012", "since"},
             {"limit=0", "limit"},
             {"limit=1001", "limit"},
             {"limit=ten", "limit"},
             {"limit=-5", "limit"},
             {"since=1&since=2", "since"},
         }) {
        auto r = Send("GET", "/api/v1/changes?" + query, viewer_);
        EXPECT_EQ(r.status, HttpStatus::kBadRequest) << query << ": " << BodyOf(r);
        if (r.status == HttpStatus::kBadRequest) {
            EXPECT_EQ(Json(r)["error"]["field"], field) << query;
        }
    }
    EXPECT_EQ(Send("GET", "/api/v1/changes?limit=1000", viewer_).status, HttpStatus::kOk);
    // Like every record read: anonymous callers need a token unless records are public.
    EXPECT_EQ(Send("GET", "/api/v1/changes").status, HttpStatus::kUnauthorized);
}

// docs/api.md "Figures and the ledger's sequence": answers carry the sequence they were
// computed at and an ETag that changes with a write and not otherwise; If-None-Match with it is
// 304 with no body, with a stale tag 200.
TEST_F(ChangeFeedTest, FiguresCarryTheirSequenceAndRevalidateWithETags) {
    Start();
    Seed();
    const std::string figures = "/api/v1/figures?as_of=2020-12-31";
    auto first = Send("GET", figures, viewer_);
    ASSERT_EQ(first.status, HttpStatus::kOk) << BodyOf(first);
    std::int64_t seq = Json(Send("GET", "/api/v1/changes", viewer_))["seq"];
    EXPECT_EQ(Json(first)["seq"], seq);
    EXPECT_EQ(Header(first, "X-Ledger-Seq"), std::to_string(seq));
    std::string tag = Header(first, "ETag");
    EXPECT_EQ(tag.rfind("W/\"s" + std::to_string(seq) + "-", 0), 0U) << tag;

    // Unchanged: the same tag, again and again; parameters in another order too.
    EXPECT_EQ(Header(Send("GET", figures, viewer_), "ETag"), tag);
    auto not_modified = Send("GET", figures, viewer_, "", {{"if-none-match", tag}});
    EXPECT_EQ(not_modified.status, HttpStatus::kNotModified);
    EXPECT_TRUE(BodyOf(not_modified).empty());
    EXPECT_EQ(Header(not_modified, "ETag"), tag);
    EXPECT_EQ(
        Send("GET", figures, viewer_, "", {{"if-none-match", "\"x\", " + tag.substr(2)}}).status,
        HttpStatus::kNotModified)
        << "one of several tags, compared weakly";
    // Other queries have other tags.
    EXPECT_NE(Header(Send("GET", "/api/v1/figures?as_of=2020-06-30", viewer_), "ETag"), tag);
    auto briefing = Send("GET", "/api/v1/briefing?as_of=2020-12-31", viewer_);
    auto briefing_json = Send("GET", "/api/v1/briefing?as_of=2020-12-31&format=json", viewer_);
    EXPECT_EQ(Header(briefing, "ETag"), Header(briefing_json, "ETag")) << "json is the default";
    auto md = Send("GET", "/api/v1/briefing?as_of=2020-12-31&format=md", viewer_);
    ASSERT_EQ(md.status, HttpStatus::kOk);
    EXPECT_NE(Header(md, "ETag"), Header(briefing, "ETag"));
    EXPECT_NE(BodyOf(md).find("Ledger sequence " + std::to_string(seq)), std::string::npos);
    auto claims = Send("GET", "/api/v1/claims", viewer_);
    ASSERT_EQ(claims.status, HttpStatus::kOk);
    EXPECT_TRUE(Json(claims).is_array()) << "the CLI's shape";
    EXPECT_EQ(Header(claims, "X-Ledger-Seq"), std::to_string(seq));
    std::string claims_tag = Header(claims, "ETag");

    // A write: new sequence, new tag, and the old tag no longer matches.
    auto written =
        Post("item", R"({"id": "gloves", "name": "Gloves", "hs_code": "630790", "unit": "pair"})");
    ASSERT_EQ(written.status, HttpStatus::kCreated) << BodyOf(written);
    auto after = Send("GET", figures, viewer_, "", {{"if-none-match", tag}});
    ASSERT_EQ(after.status, HttpStatus::kOk) << "a stale tag gets the answer";
    EXPECT_FALSE(BodyOf(after).empty());
    EXPECT_EQ(Json(after)["seq"], seq + 1);
    EXPECT_NE(Header(after, "ETag"), tag);
    EXPECT_EQ(Send("GET", figures, viewer_, "", {{"if-none-match", Header(after, "ETag")}}).status,
              HttpStatus::kNotModified);
    EXPECT_NE(Header(Send("GET", "/api/v1/claims", viewer_), "ETag"), claims_tag);
    auto claims_304 = Send("GET", "/api/v1/claims", viewer_, "", {{"if-none-match", claims_tag}});
    EXPECT_EQ(claims_304.status, HttpStatus::kOk);
}

// docs/api.md "Figures and the ledger's sequence": needs and a request's recommendations are
// answers over the whole ledger like figures: each carries its sequence (`seq`, X-Ledger-Seq)
// and an ETag that stays while nothing is written, changes with a write, and answers a
// matching If-None-Match with 304 and no body.
TEST_F(ChangeFeedTest, NeedsAndRecommendationsCarryTheirSequenceAndRevalidateWithETags) {
    Start();
    Seed();
    auto request = Post("request", R"({"id": "req-rs", "requester": "rs-gov",
        "channel": "diplomatic", "request_kind": "items", "asked_on": "2020-03-01",
        "outcome": "open", "lines": [{"item": "masks", "quantity": 100}]})");
    ASSERT_EQ(request.status, HttpStatus::kCreated) << BodyOf(request);
    std::int64_t seq = Json(Send("GET", "/api/v1/changes", viewer_))["seq"];
    for (const std::string& route : std::vector<std::string>{
             "/api/v1/needs?as_of=2020-12-31", "/api/v1/requests/req-rs/recommendations"}) {
        SCOPED_TRACE(route);
        auto first = Send("GET", route, viewer_);
        ASSERT_EQ(first.status, HttpStatus::kOk) << BodyOf(first);
        EXPECT_EQ(Json(first)["seq"], seq);
        EXPECT_EQ(Header(first, "X-Ledger-Seq"), std::to_string(seq));
        std::string tag = Header(first, "ETag");
        EXPECT_EQ(tag.rfind("W/\"s" + std::to_string(seq) + "-", 0), 0U) << tag;
        // No write: the same tag, and If-None-Match with it is 304 with no body.
        auto again = Send("GET", route, viewer_);
        EXPECT_EQ(Header(again, "ETag"), tag);
        EXPECT_EQ(BodyOf(again), BodyOf(first));
        auto not_modified = Send("GET", route, viewer_, "", {{"if-none-match", tag}});
        EXPECT_EQ(not_modified.status, HttpStatus::kNotModified);
        EXPECT_TRUE(BodyOf(not_modified).empty());
        EXPECT_EQ(Header(not_modified, "ETag"), tag);
        EXPECT_EQ(Header(not_modified, "X-Ledger-Seq"), std::to_string(seq));
        EXPECT_EQ(Send("GET", route, viewer_, "", {{"if-none-match", "W/\"s0-x\""}}).status,
                  HttpStatus::kOk)
            << "another tag gets the answer";
    }
    // Other parameters, another tag.
    EXPECT_NE(Header(Send("GET", "/api/v1/needs?as_of=2020-12-31", viewer_), "ETag"),
              Header(Send("GET", "/api/v1/needs?as_of=2020-06-30", viewer_), "ETag"));
    EXPECT_NE(Header(Send("GET", "/api/v1/needs?as_of=2020-12-31", viewer_), "ETag"),
              Header(Send("GET", "/api/v1/needs?as_of=2020-12-31&recipient=rs", viewer_), "ETag"));

    const std::string needs = "/api/v1/needs?as_of=2020-12-31";
    std::string tag = Header(Send("GET", needs, viewer_), "ETag");
    auto written =
        Post("item", R"({"id": "gloves", "name": "Gloves", "hs_code": "630790", "unit": "pair"})");
    ASSERT_EQ(written.status, HttpStatus::kCreated) << BodyOf(written);
    auto after = Send("GET", needs, viewer_, "", {{"if-none-match", tag}});
    ASSERT_EQ(after.status, HttpStatus::kOk) << "a stale tag gets the answer";
    EXPECT_EQ(Json(after)["seq"], seq + 1);
    EXPECT_EQ(Header(after, "X-Ledger-Seq"), std::to_string(seq + 1));
    EXPECT_NE(Header(after, "ETag"), tag);
    EXPECT_EQ(Send("GET", needs, viewer_, "", {{"if-none-match", Header(after, "ETag")}}).status,
              HttpStatus::kNotModified);

    // At a past ledger time: the sequence the ledger stood at then, which later writes keep.
    auto changes = Json(Send("GET", "/api/v1/changes", viewer_))["changes"];
    std::string at = changes[6]["recorded_at"];
    auto past = Send("GET", needs + "&at=" + at, viewer_);
    ASSERT_EQ(past.status, HttpStatus::kOk) << BodyOf(past);
    EXPECT_EQ(Json(past)["seq"], changes[6]["seq"]);
    EXPECT_EQ(
        Send("GET", needs + "&at=" + at, viewer_, "", {{"if-none-match", Header(past, "ETag")}})
            .status,
        HttpStatus::kNotModified);
}

// docs/api.md "Figures and the ledger's sequence": an answer at a past ledger time carries the
// sequence the ledger stood at then, and its tag stays valid while later writes cannot change it.
TEST_F(ChangeFeedTest, AnAnswerAtALedgerTimeKeepsItsTagWhileItCannotChange) {
    Start();
    Seed();
    auto changes = Json(Send("GET", "/api/v1/changes", viewer_))["changes"];
    ASSERT_EQ(changes.size(), 9U);
    // The ledger as it stood after the items, before the donations.
    std::string at = changes[6]["recorded_at"];
    std::int64_t seq_then = changes[6]["seq"];
    ASSERT_LT(at, changes[7]["recorded_at"].get<std::string>()) << "writes at distinct times";
    const std::string past = "/api/v1/figures?as_of=2020-12-31&at=" + at;
    auto before = Send("GET", past, viewer_);
    ASSERT_EQ(before.status, HttpStatus::kOk) << BodyOf(before);
    EXPECT_EQ(Json(before)["seq"], seq_then);
    EXPECT_EQ(Header(before, "X-Ledger-Seq"), std::to_string(seq_then));
    std::string tag = Header(before, "ETag");
    EXPECT_EQ(tag.rfind("W/\"s" + std::to_string(seq_then) + "-", 0), 0U) << tag;
    EXPECT_NE(tag, Header(Send("GET", "/api/v1/figures?as_of=2020-12-31", viewer_), "ETag"));

    auto written =
        Post("item", R"({"id": "gloves", "name": "Gloves", "hs_code": "630790", "unit": "pair"})");
    ASSERT_EQ(written.status, HttpStatus::kCreated) << BodyOf(written);
    auto again = Send("GET", past, viewer_, "", {{"if-none-match", tag}});
    EXPECT_EQ(again.status, HttpStatus::kNotModified) << "the past cannot change";
    EXPECT_EQ(Header(again, "ETag"), tag);
    auto full = Send("GET", past, viewer_);
    EXPECT_EQ(Header(full, "ETag"), tag);
    EXPECT_EQ(BodyOf(full), BodyOf(before));
    // Nor is it computed again: the cache keeps a settled answer across writes.
    ASSERT_NE(before.shared_body, nullptr);
    EXPECT_EQ(full.shared_body.get(), before.shared_body.get());

    // A ledger time after the last write: the answer follows the writes, and so does its tag.
    const std::string future = "/api/v1/figures?as_of=2020-12-31&at=2999-01-01";
    auto now = Send("GET", future, viewer_);
    ASSERT_EQ(now.status, HttpStatus::kOk) << BodyOf(now);
    EXPECT_EQ(Json(now)["seq"], changes.back()["seq"].get<std::int64_t>() + 1);
    auto more =
        Post("item", R"({"id": "gowns", "name": "Gowns", "hs_code": "630790", "unit": "piece"})");
    ASSERT_EQ(more.status, HttpStatus::kCreated) << BodyOf(more);
    auto later = Send("GET", future, viewer_, "", {{"if-none-match", Header(now, "ETag")}});
    EXPECT_EQ(later.status, HttpStatus::kOk);
    EXPECT_EQ(Json(later)["seq"], changes.back()["seq"].get<std::int64_t>() + 2);
}

// ------------------------------------------------------------ audit in the write's transaction

// A ledger store of the memory backend that, when asked, breaks the audit the API hands it so
// that the real store refuses it: an audit the storage cannot write. Without an audit in the
// write's context there is nothing to break, and the write would go through.
class AuditFaultStore : public LedgerStore {
  public:
    AuditFaultStore(std::unique_ptr<LedgerStore> inner, std::shared_ptr<std::atomic<bool>> fail)
        : inner_(std::move(inner)), fail_(std::move(fail)) {}
    Result<std::vector<VersionMeta>> Apply(const std::vector<Mutation>& mutations,
                                           const WriteContext& context) override {
        if (!fail_->load() || !context.audit) return inner_->Apply(mutations, context);
        WriteContext broken = context;
        broken.audit->actor.clear();
        return inner_->Apply(mutations, broken);
    }
    Result<std::optional<StoredRecord>> Get(Kind kind, std::string_view id,
                                            std::optional<LedgerTime> at) override {
        return inner_->Get(kind, id, at);
    }
    Result<std::vector<StoredRecord>> Scan(const ScanQuery& query) override {
        return inner_->Scan(query);
    }
    Result<std::vector<StoredRecord>> History(Kind kind, std::string_view id) override {
        return inner_->History(kind, id);
    }
    Result<Stats> GetStats() override { return inner_->GetStats(); }
    Result<std::vector<StoredRecord>> VersionsSince(std::int64_t after_seq,
                                                    std::size_t limit) override {
        return inner_->VersionsSince(after_seq, limit);
    }
    Result<std::vector<std::string>> CheckIntegrity() override { return inner_->CheckIntegrity(); }
    Result<void> ImportHistory(const std::vector<StoredRecord>& versions,
                               const std::optional<RestoreAudit>& audit) override {
        return inner_->ImportHistory(versions, audit);
    }

  private:
    std::unique_ptr<LedgerStore> inner_;
    std::shared_ptr<std::atomic<bool>> fail_;
};

// The service on the memory backend, whose ledger and accounts share one audit log as a
// SQLite file's do (docs/api.md "Audit log").
class AuditedWriteTest : public ServiceTest {
  protected:
    void StartOnBackend() {
        backend_ = MakeMemoryBackend();
        auto accounts = backend_->OpenAccounts();
        ASSERT_TRUE(accounts.ok());
        accounts_ = std::move(*accounts);
        admin_ = AddUser("admin", Role::kAdmin, std::nullopt);
        auto log = backend_->OpenAccounts();
        ASSERT_TRUE(log.ok());
        log_ = std::move(*log);
        ServerEnvironment env;
        env.open_store = [this]() -> Result<std::unique_ptr<LedgerStore>> {
            auto store = backend_->OpenLedger(*codec_);
            if (!store) return store.take_error();
            return std::unique_ptr<LedgerStore>(
                std::make_unique<AuditFaultStore>(std::move(*store), fail_audit_));
        };
        env.open_accounts = [this]() -> Result<std::unique_ptr<AccountStore>> {
            return std::move(accounts_);
        };
        env.reference = &ref_;
        env.now = [] {
            return std::chrono::time_point_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now());
        };
        service_ = std::make_unique<Service>(options_, env);
        auto started = service_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
    }

    std::vector<AuditEntry> Log() {
        auto entries = log_->ListAudit(0, 1000);
        EXPECT_TRUE(entries.ok());
        return entries.ok() ? *entries : std::vector<AuditEntry>{};
    }

    std::int64_t Versions() {
        auto store = backend_->OpenLedger(*codec_);
        EXPECT_TRUE(store.ok());
        auto stats = (*store)->GetStats();
        EXPECT_TRUE(stats.ok());
        return stats.ok() ? stats->versions : -1;
    }

    std::unique_ptr<RecordCodec> codec_ = json::MakeCodec();
    std::unique_ptr<Backend> backend_;
    std::unique_ptr<AccountStore> log_;
    std::shared_ptr<std::atomic<bool>> fail_audit_ = std::make_shared<std::atomic<bool>>(false);
};

constexpr const char* kSerbia = R"({"id": "rs", "name": "Serbia", "kind": "country",
                                    "iso_code": "RS"})";

TEST_F(AuditedWriteTest, APostWritesExactlyOneAuditEntryWithTheWrite) {
    StartOnBackend();
    std::size_t before = Log().size();
    auto r = Post("party", kSerbia);
    ASSERT_EQ(r.status, HttpStatus::kCreated) << BodyOf(r);
    std::vector<AuditEntry> log = Log();
    ASSERT_EQ(log.size(), before + 1);
    const AuditEntry& e = log.back();
    EXPECT_EQ(e.actor, "admin");
    EXPECT_EQ(e.action, "record.create");
    EXPECT_EQ(e.target, "party/rs");
    EXPECT_EQ(e.outcome, "ok");
    EXPECT_EQ(e.reason, "test");
    EXPECT_EQ(e.request_id, "test-" + std::to_string(requests_.load()));
    EXPECT_EQ(e.detail, "version 1");

    // A write that fails (the id is taken) writes no version and no "ok" entry.
    auto again = Post("party", kSerbia);
    EXPECT_EQ(again.status, HttpStatus::kConflict) << BodyOf(again);
    EXPECT_EQ(Log().size(), before + 1);
}

TEST_F(AuditedWriteTest, AWriteWhoseAuditFailsIsAnErrorAndChangesNothing) {
    StartOnBackend();
    ASSERT_EQ(Post("party", kSerbia).status, HttpStatus::kCreated);
    std::int64_t versions = Versions();
    std::size_t entries = Log().size();
    const std::string figures = "/api/v1/figures?as_of=2020-12-31";
    auto figures_before = Send("GET", figures, admin_);
    ASSERT_EQ(figures_before.status, HttpStatus::kOk);

    fail_audit_->store(true);
    auto created = Post("party", R"({"id": "cn", "name": "China", "kind": "country",
                                     "iso_code": "CN"})");
    EXPECT_GE(ToInt(created.status), 400) << BodyOf(created);
    auto updated = Send("PATCH", "/api/v1/records/party/rs", admin_, R"({"name": "Srbija"})",
                        {{"x-reason", "test"}, {"if-match", "\"1\""}});
    EXPECT_GE(ToInt(updated.status), 400) << BodyOf(updated);
    auto retired = Send("DELETE", "/api/v1/records/party/rs", admin_, "",
                        {{"x-reason", "test"}, {"if-match", "\"1\""}});
    EXPECT_GE(ToInt(retired.status), 400) << BodyOf(retired);

    EXPECT_EQ(Versions(), versions);
    EXPECT_EQ(Log().size(), entries);
    EXPECT_EQ(Send("GET", "/api/v1/records/party/cn", admin_).status, HttpStatus::kNotFound);
    auto rs = Send("GET", "/api/v1/records/party/rs", admin_);
    ASSERT_EQ(rs.status, HttpStatus::kOk);
    EXPECT_EQ(Json(rs)["record"]["name"], "Serbia");
    EXPECT_EQ(BodyOf(Send("GET", figures, admin_)), BodyOf(figures_before));

    // The same write goes through once the audit can be written.
    fail_audit_->store(false);
    EXPECT_EQ(Post("party", R"({"id": "cn", "name": "China", "kind": "country",
                                "iso_code": "CN"})")
                  .status,
              HttpStatus::kCreated);
    EXPECT_EQ(Log().size(), entries + 1);
}

}  // namespace
}  // namespace aidledger::api
