// docs/cli.md "--db": `serve --db memory:` runs the server on one ledger in memory, every
// worker's stores opened from the one Backend (core/backend.h) and seeing the same ledger.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "../cli/cli_support.h"
#include "api_support.h"

namespace aidledger::testing {
namespace {

TEST(MemoryBackend, TheServerRunsOnAMemoryLedgerWithSeveralWorkers) {
    TempDir dir("aidledger-api-memory");
    ServerProcess server("memory:", {"--threads", "4"}, dir.path() / "server.log");
    std::string error;
    ASSERT_TRUE(server.Start(error)) << error;
    constexpr int kClients = 4;
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&server] {
            HttpClient client(server.port());
            for (int i = 0; i < 20; ++i) {
                auto r = client.Send("GET", "/api/v1/health");
                EXPECT_EQ(r.status, 200) << r.body;
            }
        });
    }
    for (auto& client : clients) client.join();
    EXPECT_EQ(server.Stop(), 0) << server.Log();
}

}  // namespace
}  // namespace aidledger::testing
