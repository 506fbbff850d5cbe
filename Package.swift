// swift-tools-version:6.1
import PackageDescription

// One library module per stage of the data's way (read → map/normalise → store → verify → report),
// and a thin `xueshi` executable that wires them together. See DESIGN.md.
let package = Package(
    name: "xueshi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "xueshi", targets: ["xueshi"]),
        // For the fuzz harnesses in Fuzz/ (a package of their own, which depends on this one by path).
        .library(name: "XueshiRead", targets: ["XueshiRead"]),
        .library(name: "XueshiImport", targets: ["XueshiImport"]),
        .library(name: "XueshiVerify", targets: ["XueshiVerify"]),
        .library(name: "XueshiSchedule", targets: ["XueshiSchedule"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Value types every stage shares: Hours, ResidentID, CalendarDate, Category, HourRecord.
        .target(name: "XueshiModel"),
        // Reading the project's YAML data files (profiles, policies) with errors that name the line.
        .target(name: "XueshiDataFile", dependencies: ["Yams"]),
        // Bytes → rows of cells: CSV (encoding detected and checked) and XLSX, streaming; BIFF .xls through FreeXL.
        .target(name: "XueshiRead", dependencies: ["ZIPFoundation", "CFreeXL"],
                linkerSettings: [.linkedLibrary("iconv", .when(platforms: [.macOS]))]),
        // Profiles (data files in Importers/), header detection, mapping, normalisation.
        .target(
            name: "XueshiImport",
            dependencies: ["XueshiModel", "XueshiRead", "XueshiDataFile", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")],
            plugins: ["EmbedResources"]),
        // The only module that touches SQL.
        .target(
            name: "XueshiLedger",
            dependencies: ["XueshiModel", "XueshiReconcile", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        // Policies (data files in Policies/) and the verifier: hours + policy → verdicts. Pure.
        .target(name: "XueshiVerify", dependencies: ["XueshiModel", "XueshiDataFile"], plugins: ["EmbedResources"]),
        // Roster against records: who has nothing registered, missing years, mismatches. Pure.
        .target(name: "XueshiReconcile", dependencies: ["XueshiModel"]),
        // Summaries of verdicts and one renderer per format (templates in Reports/).
        .target(
            name: "XueshiReport",
            dependencies: ["XueshiModel", "XueshiVerify", "XueshiReconcile", "CXlsxWriter", .product(name: "Mustache", package: "swift-mustache")],
            plugins: ["EmbedResources"]),
        // FreeXL, the C library that reads BIFF .xls files (Excel 97-2003).
        .systemLibrary(name: "CFreeXL", pkgConfig: "freexl", providers: [.apt(["libfreexl-dev"])]),
        // libxlsxwriter, the C library that writes .xlsx files.
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // libcurl (Debian: libcurl4-openssl-dev), with typed wrappers for its variadic functions.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // HTTP(S) and SMTP through libcurl: the only module that touches the network.
        .target(name: "XueshiTransport", dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")]),
        // Schedule files and what is due, from a clock the caller gives (pure).
        .target(name: "XueshiSchedule", dependencies: ["XueshiModel", "XueshiDataFile"], plugins: ["EmbedResources"]),
        // Sending a report: to a folder, by mail, to chat robots (DingTalk, WeCom, Feishu) and webhooks.
        .target(
            name: "XueshiDelivery",
            dependencies: ["XueshiModel", "XueshiSchedule", "XueshiTransport", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")]),
        // The use cases (import, check, render, scheduled run) that every front end shares.
        .target(
            name: "XueshiWorkflow",
            dependencies: ["XueshiModel", "XueshiRead", "XueshiImport", "XueshiLedger", "XueshiVerify", "XueshiReport", "XueshiReconcile",
                           "XueshiTransport", "XueshiSchedule", "XueshiDelivery", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "xueshi",
            dependencies: ["XueshiModel", "XueshiRead", "XueshiImport", "XueshiLedger", "XueshiVerify", "XueshiReport", "XueshiReconcile",
                           "XueshiWorkflow", "XueshiSchedule", "XueshiDelivery", "XueshiTransport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            plugins: ["EmbedResources"]),

        // Build-time helper: bundles the project's data files (profiles, policies, templates, the demo's
        // sample exports) into the binary, so that it works from any folder and as a single file.
        .executableTarget(name: "EmbedResourcesTool", path: "Sources/EmbedResourcesTool"),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["EmbedResourcesTool"]),

        .testTarget(name: "XueshiModelTests", dependencies: ["XueshiModel"]),
        .testTarget(name: "XueshiDataFileTests", dependencies: ["XueshiDataFile"]),
        .testTarget(name: "XueshiReadTests", dependencies: ["XueshiRead"], resources: [.copy("Fixtures")]),
        .testTarget(name: "XueshiImportTests", dependencies: ["XueshiImport", "XueshiModel", "XueshiRead", "ZIPFoundation"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "XueshiLedgerTests", dependencies: ["XueshiLedger", "XueshiModel"]),
        .testTarget(name: "XueshiReconcileTests", dependencies: ["XueshiReconcile", "XueshiModel"]),
        .testTarget(name: "XueshiVerifyTests", dependencies: ["XueshiVerify", "XueshiModel", "XueshiDataFile"]),
        .testTarget(name: "XueshiReportTests", dependencies: ["XueshiReport", "XueshiModel", "XueshiRead", "XueshiVerify", "XueshiReconcile"]),
        .testTarget(name: "XueshiWorkflowTests", dependencies: ["XueshiWorkflow", "XueshiLedger", "XueshiVerify", "XueshiReport", "XueshiModel", "XueshiImport"]),
        // Servers on 127.0.0.1 for the tests (HTTPS, SMTP, chat robots) and a test CA made with openssl.
        .target(name: "TestServers", path: "Tests/TestServers", resources: [.copy("Servers")]),
        .testTarget(name: "XueshiTransportTests", dependencies: ["XueshiTransport", "TestServers"]),
        .testTarget(name: "XueshiDeliveryTests", dependencies: ["XueshiDelivery", "XueshiSchedule", "XueshiTransport"]),
        .testTarget(name: "XueshiScheduleTests", dependencies: ["XueshiSchedule", "XueshiModel", "XueshiDataFile"]),
        .testTarget(name: "EndToEndTests", dependencies: ["XueshiRead", "TestServers"], resources: [.copy("Fixtures")]),
    ]
)
