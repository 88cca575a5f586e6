// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "OptOutTracker",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "optout", targets: ["optout"]),
        .library(name: "OptOutKit", targets: ["OptOutKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        // Tests only: generated hostile input.
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        /// The domain: state machine, store, import/export, rendering. Never prints.
        .target(
            name: "OptOutKit",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface, for the bulk paths that step statements directly.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                "CLibPQ",
            ],
            plugins: ["EmbedPlugin"]
        ),
        /// PostgreSQL's C client, libpq (Debian's libpq-dev), for team mode: it reads `~/.pgpass`,
        /// service files and `sslmode` exactly as `psql` does, and speaks COPY.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        /// The sample database of `optout demo`, built through the tracker's public API alone.
        .target(name: "OptOutDemo", dependencies: ["OptOutKit"]),
        /// The `optout` command: parses arguments, calls OptOutKit, prints.
        .executableTarget(
            name: "optout",
            dependencies: [
                "OptOutKit",
                "OptOutDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// Build tool: turns `Schema/` and `Templates/` into Swift source so the binary carries them.
        .executableTarget(name: "EmbedResources"),
        .plugin(
            name: "EmbedPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedResources"]
        ),
        // Golden/ holds the expected letters and report, read by path.
        // The demo's database serves as a large, varied fixture for the library's tests too.
        .testTarget(name: "OptOutKitTests", dependencies: ["OptOutKit", "OptOutDemo"], exclude: ["Golden"]),
        .testTarget(
            name: "optoutTests",
            dependencies: ["OptOutKit", "optout", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
    ]
)
