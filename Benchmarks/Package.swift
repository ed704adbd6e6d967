// swift-tools-version:6.1
import PackageDescription

// Benchmarks of the wire codec, kept out of the main package so its build does not pay for
// package-benchmark. `tools/bench-wire` runs the one-shot figures (`wire-figures`, the Issue 2
// acceptance check); `tools/bench-wire --benchmarks` runs the package-benchmark suites.
let package = Package(
    name: "pganalytics-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "pganalytics", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Decode vs raw LZ4 in one run, and bytes per sample vs JSON; exits non-zero on a miss.
        .executableTarget(
            name: "wire-figures",
            dependencies: [
                .product(name: "SampleBatches", package: "pganalytics"), .product(name: "WireProtocol", package: "pganalytics"),
            ]
        ),
        .executableTarget(
            name: "WireBenchmarks",
            dependencies: [
                .product(name: "SampleBatches", package: "pganalytics"),
                .product(name: "WireProtocol", package: "pganalytics"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/WireBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
