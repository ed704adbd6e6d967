// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pganalytics",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "WireProtocol", targets: ["WireProtocol"]),
        .library(name: "WireFuzzing", targets: ["WireFuzzing"]),
        .library(name: "Spool", targets: ["Spool"]),
        .library(name: "PostgresClient", targets: ["PostgresClient"]),
        .library(name: "Collector", targets: ["Collector"]),
        .library(name: "TLS", targets: ["TLS"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "IngestServer", targets: ["IngestServer"]),
        .library(name: "Shipper", targets: ["Shipper"]),
        .library(name: "Registration", targets: ["Registration"]),
        .library(name: "BackendAPI", targets: ["BackendAPI"]),
        .library(name: "Backend", targets: ["Backend"]),
        .library(name: "SampleBatches", targets: ["SampleBatches"]),
        .executable(name: "pga-dump", targets: ["pga-dump"]),
        .executable(name: "pganalytics", targets: ["pganalytics"]),
        .executable(name: "pganalytics-api", targets: ["pganalytics-api"]),
        .executable(name: "ingest-load", targets: ["ingest-load"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // System libraries. Debian: liblz4-dev, libpq-dev, libssl-dev.
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "CCRC32C"),

        // The wire format: frames, messages, BATCH columns, CRC-32C, LZ4. No I/O.
        .target(name: "WireProtocol", dependencies: ["CLZ4", "CCRC32C"]),
        // Fuzz entry points, shared by the libFuzzer harnesses in Fuzz/ and the corpus replay test.
        .target(name: "WireFuzzing", dependencies: ["WireProtocol"]),
        // The crash-safe segment log whose records are frames.
        .target(name: "Spool", dependencies: ["WireProtocol"]),

        // The only module that talks to libpq.
        .target(name: "PostgresClient", dependencies: ["CLibPQ", "WireProtocol"]),
        // The only module that talks to OpenSSL: TLS over memory BIOs in a SwiftNIO handler, keys,
        // CSRs and the CA.
        .target(
            name: "TLS",
            dependencies: [
                "COpenSSL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The backend's storage side: migrations, partitions, COPY BINARY writers, exactly once.
        .target(
            name: "Ingest",
            dependencies: [
                "PostgresClient", "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The backend's ingest listener: mTLS connections, the connection state machine, BATCH
        // frames into the writer pool, ACK after COMMIT.
        .target(
            name: "IngestServer",
            dependencies: [
                "Ingest", "PostgresClient", "TLS", "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The backend's enrolment: REGISTER and RENEW checked, rate-limited and signed by the CA.
        .target(
            name: "Registration",
            dependencies: [
                "Ingest", "PostgresClient", "TLS", "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // The backend's HTTP API on NIOHTTP1: health, Prometheus metrics, the collectors API.
        .target(
            name: "BackendAPI",
            dependencies: [
                "Ingest", "PostgresClient", "TLS", "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The backend process: configuration, the commands (serve, migrate, ca init), lifecycle.
        .target(
            name: "Backend",
            dependencies: [
                "BackendAPI", "Ingest", "IngestServer", "PostgresClient", "Registration", "TLS", "WireProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The collector: configuration, samplers (PostgreSQL and host), the spool-first run loop.
        .target(
            name: "Collector",
            dependencies: [
                "PostgresClient", "Spool", "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The collector's network side: ships the spool over mTLS, registers, renews its certificate.
        .target(
            name: "Shipper",
            dependencies: [
                "Spool", "TLS", "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Realistic synthetic batches (deterministic) with the collector's families, columns and
        // row sets: the wire benchmarks and the ingest load generator send them.
        .target(name: "SampleBatches", dependencies: ["WireProtocol"]),
        // The ingest load generator: simulated collectors over mTLS (throughput, held connections,
        // hostile frames) and the COPY files of the psql baseline.
        .target(
            name: "IngestLoad",
            dependencies: [
                "Ingest", "PostgresClient", "SampleBatches", "TLS", "WireProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "pganalytics",
            dependencies: [
                "Collector", "Shipper", "Spool", "WireProtocol", "PostgresClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        .executableTarget(
            name: "pganalytics-api",
            dependencies: [
                "Backend",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        .executableTarget(
            name: "pga-dump",
            dependencies: [
                "Spool", "WireProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .executableTarget(
            name: "ingest-load",
            dependencies: [
                "IngestLoad", "PostgresClient", "TLS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Spool test helper (crash and lock tests) and benchmark (tools/bench-spool).
        .executableTarget(name: "spool-crash-writer", dependencies: ["Spool", "WireProtocol"]),
        .executableTarget(name: "spool-bench", dependencies: ["Spool", "WireProtocol"]),

        // Test support shared by the test targets that need the throwaway PostgreSQL cluster.
        .target(name: "PostgresTestSupport", dependencies: ["PostgresClient"]),
        // Migrated scratch databases (shared or per test) and collector set-up, for the test
        // targets that use the Ingest schema.
        .target(name: "IngestTestSupport", dependencies: ["Ingest", "PostgresClient", "PostgresTestSupport", "WireProtocol"]),
        // Built executables run as child processes, their output files, temporary directories.
        .target(name: "ExecutableTestSupport"),

        .testTarget(name: "WireProtocolTests", dependencies: ["WireProtocol"]),
        .testTarget(name: "WireFuzzingTests", dependencies: ["WireFuzzing", "WireProtocol"]),
        .testTarget(name: "SpoolTests", dependencies: ["ExecutableTestSupport", "Spool", "WireProtocol"]),
        .testTarget(name: "PgaDumpTests", dependencies: ["ExecutableTestSupport", "Spool", "WireProtocol"]),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "PostgresTestSupport", "WireProtocol"]),
        .testTarget(
            name: "TLSTests",
            dependencies: ["ExecutableTestSupport", "TLS", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "IngestTestSupport", "PostgresClient", "PostgresTestSupport", "WireProtocol"]),
        .testTarget(
            name: "IngestServerTests",
            dependencies: [
                "Ingest", "IngestServer", "IngestTestSupport", "PostgresClient", "Registration", "TLS", "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "IngestLoadTests",
            dependencies: [
                "Ingest", "IngestLoad", "IngestServer", "IngestTestSupport", "PostgresClient", "TLS",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ShipperTests",
            dependencies: [
                "ExecutableTestSupport", "PostgresTestSupport", "Shipper", "Spool", "TLS", "WireProtocol",
                // End-to-end tests run the real backend listener in-process; the Shipper module
                // itself never imports the backend.
                "Ingest", "IngestServer", "IngestTestSupport", "Registration",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RegistrationTests",
            dependencies: ["Ingest", "IngestTestSupport", "PostgresClient", "Registration", "TLS", "WireProtocol"]
        ),
        .testTarget(
            name: "BackendAPITests",
            dependencies: [
                "BackendAPI", "Ingest", "IngestTestSupport", "PostgresClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "BackendTests",
            dependencies: ["Backend", "ExecutableTestSupport", "Ingest", "IngestTestSupport", "PostgresClient", "Shipper", "TLS"]
        ),
        .testTarget(name: "CollectorTests", dependencies: ["Collector", "ExecutableTestSupport", "PostgresClient", "PostgresTestSupport", "Spool", "WireProtocol"]),
        .testTarget(name: "GrafanaTests", dependencies: ["ExecutableTestSupport", "Ingest", "IngestTestSupport", "PostgresClient", "PostgresTestSupport", "Spool", "WireProtocol"]),
        // The real pganalytics, pganalytics-api and pga-dump as child processes, end to end.
        .testTarget(name: "EndToEndTests", dependencies: ["ExecutableTestSupport", "IngestTestSupport", "PostgresClient", "PostgresTestSupport", "WireProtocol"]),
    ],
    swiftLanguageModes: [.v6]
)
