#include "FuzzDriver.h"

// In libclang_rt.fuzzer (linked by `-sanitize=fuzzer`): libFuzzer's main loop, for a program that has a
// main of its own.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int xueshi_fuzz_run(int argc, char **argv, xueshi_fuzz_callback callback) {
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
