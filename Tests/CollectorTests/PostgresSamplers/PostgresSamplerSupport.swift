@testable import Collector
import PostgresClient
import Testing
import WireProtocol

extension SampleResult {
    /// The batches of `family`.
    func batches(_ family: String) -> [Batch] { batches.filter { $0.family == family } }

    /// The rows of `family`'s only batch, as column name → value.
    func rows(_ family: String, sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Value]] {
        let found = batches(family)
        #expect(found.count == 1, "\(family): \(found.count) batches", sourceLocation: sourceLocation)
        guard let batch = found.first else { return [] }
        return batch.rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(batch.columns.map(\.name), row))
        }
    }
}

extension PostgresSampler {
    /// A sampler on the test cluster's database `database`.
    static func test(database: String? = nil, includeCluster: Bool = true, options: PostgresSamplerOptions = PostgresSamplerOptions(),
                     change: (inout ConnectionParameters) -> Void = { _ in }) throws -> PostgresSampler {
        var parameters = try PostgresTestCluster.parameters(database: database)
        change(&parameters)
        return PostgresSampler(connection: ReconnectingConnection(parameters), includeCluster: includeCluster, options: options)
    }

    func collectAll() -> SampleResult {
        collect(Set(families), at: .now())
    }
}

extension Value {
    var intValue: Int64? { if case .int8(let v) = self { v } else { nil } }
    var textValue: String? { if case .text(let v) = self { v } else { nil } }
    var doubleValue: Double? { if case .float8(let v) = self { v } else { nil } }
    var boolValue: Bool? { if case .bool(let v) = self { v } else { nil } }
}
