import Foundation
import Testing
import WireFuzzing

/// Replays every committed fuzz input (seeds made from Protocol/vectors, inputs the fuzzers kept,
/// and every crash ever found) through the same entry points the fuzzers use. A harness traps on
/// any failure, so a regression fails this suite.
@Suite struct CorpusReplayTests {
    static let fuzzRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func files(in directory: URL, prefix: String = "") -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusReplays(_ target: FuzzTarget) throws {
        let seeds = Self.files(in: Self.fuzzRoot.appendingPathComponent("corpus/\(target.rawValue)"))
        #expect(seeds.count >= 10, "the \(target.rawValue) corpus should hold the vector seeds")
        for url in seeds {
            target.run(Array(try Data(contentsOf: url)))
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionsReplay(_ target: FuzzTarget) throws {
        for url in Self.files(in: Self.fuzzRoot.appendingPathComponent("regressions"), prefix: target.rawValue + "-") {
            target.run(Array(try Data(contentsOf: url)))
        }
    }

    @Test func randomInputsNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        for target in FuzzTarget.allCases {
            for _ in 0..<2000 {
                let count = Int.random(in: 0...300, using: &generator)
                target.run((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
        }
    }
}
