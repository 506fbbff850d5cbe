import Foundation
import FuzzDriver
import FuzzSupport

// libFuzzer with `Harness.profile` (FuzzSupport/Harness.swift) as the function it calls with each input.
exit(xueshi_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    Harness.profile(UnsafeBufferPointer(start: data, count: size))
    return 0
})
