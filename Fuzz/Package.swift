// swift-tools-version:6.1
import PackageDescription

// Fuzz harnesses for xueshi's readers and data-file loaders: a package of its own, so that the main
// `swift build`, `swift test` and CI never build it. Each harness is one executable whose
// libFuzzer callback hands the input to one reader or loader; `run.sh` builds them with AddressSanitizer
// and libFuzzer's coverage instrumentation and runs each over its corpus in Corpus/<harness>/. See README.md.
let harnesses = ["FuzzCSV", "FuzzXLSX", "FuzzBIFF", "FuzzHTML", "FuzzSpreadsheetML",
                 "FuzzProfile", "FuzzPolicy", "FuzzSchedule"]

let package = Package(
    name: "xueshi-fuzz",
    platforms: [.macOS(.v13)],
    products: harnesses.map { .executable(name: $0, targets: [$0]) },
    // Named, so that the products are found whatever the folder of the checkout is called.
    dependencies: [.package(name: "xueshi", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "XueshiRead", package: "xueshi"),
            .product(name: "XueshiImport", package: "xueshi"),
            .product(name: "XueshiVerify", package: "xueshi"),
            .product(name: "XueshiSchedule", package: "xueshi"),
        ]),
        .target(name: "FuzzDriver"),
    ] + harnesses.map {
        // The modules are compiled with `-sanitize=address -sanitize-coverage=…` (run.sh); the harnesses
        // alone are linked with libFuzzer, whose driver their `main` enters (FuzzDriver), so that the
        // build-time tool keeps its own `main`. lld: gold fails on these links with an internal error.
        .executableTarget(name: $0, dependencies: ["FuzzSupport", "FuzzDriver"],
                          linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address", "-use-ld=lld"])])
    }
)
