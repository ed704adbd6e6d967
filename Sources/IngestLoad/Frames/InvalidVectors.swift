import Foundation

/// The invalid vectors of `Protocol/vectors` (see its README): every one is hostile input.
public enum InvalidVectors {
    /// Reads `manifest.json` in `directory` and every invalid vector it lists.
    public static func load(directory: String) throws -> [HostileCase] {
        struct Manifest: Decodable {
            struct Vector: Decodable { let name: String; let file: String }
            let invalid: [Vector]
        }
        let root = URL(fileURLWithPath: directory)
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: root.appendingPathComponent("manifest.json")))
        return try manifest.invalid.map { vector in
            let bytes = Array(try Data(contentsOf: root.appendingPathComponent(vector.file)))
            guard let expectation = HostileCase.expectation(for: bytes) else {
                throw LoadFailure("invalid vector \(vector.name) decodes as a valid message")
            }
            return HostileCase(name: vector.name, kind: "vector", bytes: bytes, expectation: expectation)
        }
    }
}
