import Foundation
import Testing
import WireProtocol

/// Every invalid vector of Protocol/vectors, sent over a live connection after a valid HELLO:
/// the backend answers with the vector's ERROR (naming the check and the offset), closes the
/// connection, and stores nothing of it.
@Suite struct LiveVectorTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        struct Expected: Decodable, Sendable { let code: String; let offset: Int }
        let name: String
        let file: String
        let error: Expected
        var testDescription: String { name }
    }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors")

    static let vectors: [Vector] = {
        struct Manifest: Decodable { let invalid: [Vector] }
        let data = try! Data(contentsOf: root.appendingPathComponent("manifest.json"))
        return try! JSONDecoder().decode(Manifest.self, from: data).invalid
    }()

    /// The ERROR code the backend sends for a decoder failure (PROTOCOL.md table 6.5.1).
    static func expectedCode(_ wireCode: String) -> ErrorCode {
        switch wireCode {
        case "unknownMessageType": .unknownMessageType
        case "unsupportedVersion": .unsupportedVersion
        default: .malformedFrame
        }
    }

    @Test func everyInvalidVectorIsListed() {
        #expect(Self.vectors.count >= 40)
    }

    /// One listener for all of them (a listener per vector would hold too many database
    /// connections), a collector per vector, several at a time.
    @Test func everyInvalidVectorEndsItsConnectionWithItsError() async throws {
        try await withServer { server in
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                func addNext() {
                    guard next < Self.vectors.count else { return }
                    let vector = Self.vectors[next]
                    next += 1
                    group.addTask { try await Self.check(vector, on: server) }
                }
                for _ in 0..<6 { addNext() }
                while try await group.next() != nil { addNext() }
            }
        }
    }

    static func check(_ vector: Vector, on server: TestServer) async throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent(vector.file)))
        let id = uniqueCollectorID("vector")
        try server.database.register(id)
        let (client, _) = try await server.establish(id)
        // A valid BATCH first: it is committed; nothing of the invalid frame after it is.
        client.send(TestBatch.message(1))
        try await client.awaitAck(1)
        client.sendRaw(bytes)
        let truncated = vector.error.code == "truncatedHeader" || vector.error.code == "truncatedPayload"
        if truncated {
            // A frame cut short is only known as such at end of stream, when no answer can be
            // sent: the collector closes and nothing is stored.
            await client.close()
        } else {
            let error = try #require(try await client.nextError(), "\(vector.name): closed without an ERROR")
            #expect(error.code == Self.expectedCode(vector.error.code), "\(vector.name): \(error)")
            #expect(error.fatal, "\(vector.name)")
            #expect(error.message.contains(vector.error.code), "\(vector.name): \(error.message)")
            #expect(error.message.contains("offset \(vector.error.offset)"), "\(vector.name): \(error.message)")
        }
        try await client.awaitClose()
        #expect(try server.database.hostLoadRows(id) == 1, "\(vector.name)")
        #expect(try server.database.committed(id) == 1, "\(vector.name)")
    }
}
