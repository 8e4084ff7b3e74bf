// The libFuzzer entry point of one target (built only by the `fuzz` preset): CMake compiles
// this file once per target with AIDLEDGER_FUZZ_TARGET naming the target's body in targets.h.
#include <cstddef>
#include <cstdint>

#include "aidledger/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return aidledger::fuzz::AIDLEDGER_FUZZ_TARGET(data, size);
}
