// swift-tools-version:6.0
import PackageDescription

// libFuzzer harnesses, kept out of the main package because they only link with
// `-sanitize=fuzzer`. Build and run one with `tools/fuzz TARGET SECONDS`.
let targets = ["FuzzStream", "FuzzPayload", "FuzzBatch", "FuzzRoundTrip"]

let package = Package(
    name: "pganalytics-fuzz",
    dependencies: [.package(name: "pganalytics", path: "..")],
    targets: [.target(name: "CFuzzDriver")] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: ["CFuzzDriver", .product(name: "WireFuzzing", package: "pganalytics")],
            path: "Sources/\(name)"
        )
    },
    swiftLanguageModes: [.v6]
)
