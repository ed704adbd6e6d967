import Foundation
import Testing
import WireProtocol

/// Loads every vector of Protocol/vectors (written by an independent implementation of the spec)
/// and checks this codec against it: valid frames decode to their stated meaning and re-encode to
/// the same bytes; invalid ones fail with exactly the stated error, offset and place.
@Suite struct VectorTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors")

    struct Manifest: Decodable {
        struct Valid: Decodable, CustomTestStringConvertible {
            let name: String
            let file: String
            let message: JSONValue
            var testDescription: String { name }
        }
        struct Invalid: Decodable, CustomTestStringConvertible {
            struct Expected: Decodable { let code: String; let offset: Int; let in_payload: Bool }
            let name: String
            let file: String
            let error: Expected
            var testDescription: String { name }
        }
        let valid: [Valid]
        let invalid: [Invalid]
    }

    static let manifest: Manifest = {
        let data = try! Data(contentsOf: root.appendingPathComponent("manifest.json"))
        return try! JSONDecoder().decode(Manifest.self, from: data)
    }()

    static func bytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(file)))
    }

    /// Decodes a whole stream: every frame, then end of stream.
    static func decodeStream(_ bytes: [UInt8]) throws(WireError) -> [Message] {
        var decoder = MessageDecoder()
        decoder.append(bytes)
        var messages: [Message] = []
        while let message = try decoder.next() { messages.append(message) }
        try decoder.finish()
        return messages
    }

    @Test func everyVectorFileIsListed() throws {
        let listed = Set(Self.manifest.valid.map(\.file) + Self.manifest.invalid.map(\.file))
        for folder in ["valid", "invalid"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent(folder).path)
            for name in names where name.hasSuffix(".bin") {
                #expect(listed.contains("\(folder)/\(name)"), "\(folder)/\(name) is not in manifest.json")
            }
        }
        #expect(Self.manifest.valid.count >= 10)
        #expect(Self.manifest.invalid.count >= 40)
    }

    @Test(arguments: manifest.valid)
    func validVectorDecodesToItsMeaning(_ vector: Manifest.Valid) throws {
        let bytes = try Self.bytes(vector.file)
        let messages = try Self.decodeStream(bytes)
        try #require(messages.count == 1)
        let expected = try ExpectedMessage.make(vector.message)
        #expect(messages[0] == expected, "\(vector.name)")
        // Re-encoding gives the same bytes (uncompressed vectors) or an equivalent frame.
        let frame = try Frame.parse(bytes)
        let reencoded = expected.frame(compress: frame.header.isCompressed)
        #expect(try Message.decode(reencoded) == expected)
        // The encoder always shuffles 8-byte columns; the plain-layout vector is valid but not canonical.
        if !frame.header.isCompressed && vector.name != "batch_unshuffled" {
            #expect(reencoded.bytes == bytes, "\(vector.name): re-encoding changed the bytes")
        }
    }

    @Test(arguments: manifest.invalid)
    func invalidVectorFailsWithItsError(_ vector: Manifest.Invalid) throws {
        let bytes = try Self.bytes(vector.file)
        do {
            let messages = try Self.decodeStream(bytes)
            Issue.record("\(vector.name) decoded to \(messages) instead of failing with \(vector.error.code)")
        } catch {
            #expect(error.code.name == vector.error.code, "\(vector.name): \(error)")
            #expect(error.offset == vector.error.offset, "\(vector.name): \(error)")
            #expect(error.inPayload == vector.error.in_payload, "\(vector.name): \(error)")
            #expect(error.streamOffset == 0, "\(vector.name): \(error)")
            #expect(WireError.Code(name: vector.error.code) != nil, "\(vector.error.code) is not a WireError.Code")
        }
    }

    @Test func invalidVectorsCoverTheNamedCases() {
        let codes = Set(Self.manifest.invalid.map(\.error.code))
        for required in ["truncatedHeader", "truncatedPayload", "payloadChecksumMismatch", "frameTooLarge",
                         "decompressedSizeMismatch", "decompressionFailed", "unknownMessageType", "reservedBitsSet",
                         "invalidUTF8", "truncatedField", "trailingBytes", "duplicateColumn", "valueTooLong"] {
            #expect(codes.contains(required), "no invalid vector for \(required)")
        }
    }

    @Test func validVectorsDecodeInEverySplit() throws {
        var stream: [UInt8] = []
        var expected: [Message] = []
        for vector in Self.manifest.valid {
            stream += try Self.bytes(vector.file)
            expected.append(try ExpectedMessage.make(vector.message))
        }
        for step in [1, 2, 3, 7, 31, 32, 33, 1000, stream.count] {
            var decoder = MessageDecoder()
            var got: [Message] = []
            var index = 0
            while index < stream.count {
                decoder.append(stream[index..<min(stream.count, index + step)])
                index += step
                while let message = try decoder.next() { got.append(message) }
            }
            try decoder.finish()
            #expect(got == expected, "split \(step)")
        }
    }
}
