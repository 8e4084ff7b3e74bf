// The bulk declaration reader into an empty memory declaration store, the file read in pieces
// of 1 to 256 bytes so that lines and cells are cut at every place a read can cut them.
#include <algorithm>
#include <cstring>

#include "aidledger/core/view.h"
#include "aidledger/fuzz/targets.h"
#include "aidledger/io/declarations_csv.h"
#include "aidledger/storage/memory_declarations.h"
#include "support.h"

namespace aidledger::fuzz {

int FuzzDeclarations(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t piece = std::size_t{data[0]} + 1;
    std::string_view text = AsText(data + 1, size - 1);
    std::size_t at = 0;
    auto read = [&](char* buffer, std::size_t capacity) -> std::size_t {
        std::size_t n = std::min({capacity, piece, text.size() - at});
        if (n > 0) std::memcpy(buffer, text.data() + at, n);
        at += n;
        return n;
    };
    static const LedgerView view;
    auto store = MakeMemoryDeclarationStore();
    DeclarationBatch batch;
    batch.recorded_at = Now();
    batch.author = "fuzz";
    batch.reason = "fuzz";
    batch.file = "fuzz.csv";
    auto report = csv::ImportDeclarations(read, view, Reference(), *store, batch,
                                          csv::DeclarationImportOptions{});
    if (report.ok()) (void)csv::FormatDeclarationReport(*report);
    return 0;
}

}  // namespace aidledger::fuzz
