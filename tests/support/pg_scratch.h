// A scratch ledger on the tests' throwaway PostgreSQL cluster (issue 12): a schema of its own
// in the cluster's database, dropped again when the test ends, so that tests running at once
// never see each other's rows.
//
// The cluster is started by ctest's fixture `pg.cluster` (tools/pg/throwaway_cluster.sh, from
// tests/CMakeLists.txt), which tells the tests where it is with AIDLEDGER_TEST_PG_DIR (its
// folder, holding `url`); AIDLEDGER_TEST_PG_URL names a cluster directly. Neither set: the
// test fails and says how to run it (never a skip: a backend that is not tested is broken).
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

namespace aidledger::testing {

// The cluster's URL, or empty (with a test failure saying why).
inline std::string PgClusterUrl() {
    if (const char* url = std::getenv("AIDLEDGER_TEST_PG_URL"); url != nullptr && *url != '\0') {
        return url;
    }
    if (const char* dir = std::getenv("AIDLEDGER_TEST_PG_DIR"); dir != nullptr && *dir != '\0') {
        std::ifstream in(std::string(dir) + "/url");
        std::string url;
        if (std::getline(in, url) && !url.empty()) return url;
        ADD_FAILURE() << "no PostgreSQL cluster in " << dir
                      << " (its ctest fixture pg.cluster.start failed? see its output)";
        return {};
    }
    ADD_FAILURE() << "PostgreSQL tests need the throwaway cluster: run them through ctest "
                     "(make test), or start one with tools/pg/throwaway_cluster.sh start DIR "
                     "and set AIDLEDGER_TEST_PG_DIR=DIR";
    return {};
}

class PgScratch {
  public:
    PgScratch() {
        base_ = PgClusterUrl();
        if (base_.empty()) return;
        static std::atomic<int> counter{0};
        std::random_device random;
        schema_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                  std::to_string(random() % 1000000);
        if (!Run("CREATE SCHEMA " + schema_)) {
            schema_.clear();
            return;
        }
        url_ = base_ + (base_.find('?') == std::string::npos ? "?" : "&") +
               "options=-csearch_path%3D" + schema_;
    }
    ~PgScratch() {
        if (!schema_.empty()) Run("DROP SCHEMA " + schema_ + " CASCADE");
    }
    PgScratch(const PgScratch&) = delete;
    PgScratch& operator=(const PgScratch&) = delete;

    // A URL whose tables live in this scratch schema; empty when the cluster is missing.
    const std::string& url() const { return url_; }
    const std::string& schema() const { return schema_; }
    const std::string& cluster_url() const { return base_; }

    // Runs fixed SQL on the cluster (as its superuser) in this schema; false with a test
    // failure when it fails.
    bool Run(const std::string& sql) const {
        PGconn* conn = PQconnectdb(base_.c_str());
        bool ok = PQstatus(conn) == CONNECTION_OK;
        if (ok) {
            std::string text = schema_.empty() || sql.starts_with("CREATE SCHEMA")
                                   ? sql
                                   : "SET search_path = " + schema_ + "; " + sql;
            PGresult* result = PQexec(conn, text.c_str());
            ExecStatusType status = PQresultStatus(result);
            ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
            if (!ok) ADD_FAILURE() << sql << ": " << PQresultErrorMessage(result);
            PQclear(result);
        } else {
            ADD_FAILURE() << "cannot reach the test cluster: " << PQerrorMessage(conn);
        }
        PQfinish(conn);
        return ok;
    }

  private:
    std::string base_;
    std::string schema_;
    std::string url_;
};

}  // namespace aidledger::testing
