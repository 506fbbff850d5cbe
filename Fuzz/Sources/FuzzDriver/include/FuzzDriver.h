// libFuzzer's driver, entered from a Swift `main` (see README.md for why the harnesses are not built with
// `-sanitize=fuzzer` at compile time).
#ifndef XUESHI_FUZZ_DRIVER_H
#define XUESHI_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

typedef int (*xueshi_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer (its flags and corpus folders in argv) with `callback` as LLVMFuzzerTestOneInput.
int xueshi_fuzz_run(int argc, char **argv, xueshi_fuzz_callback callback);
#endif
