import ExecutableTestSupport
import Foundation
import Testing
import TLS

@Suite struct PrivateKeyTests {
    @Test func keyFileHasMode0600() throws {
        let directory = try TemporaryDirectory(prefix: "pga-tls-")
        defer { directory.remove() }
        let path = directory.file("collector.key")
        try PrivateKey.generateP256().write(toFile: path)
        #expect(try fileMode(path) == 0o600)
    }

    @Test func overwritingAWorldReadableFileLeavesMode0600() throws {
        let directory = try TemporaryDirectory(prefix: "pga-tls-")
        defer { directory.remove() }
        let path = directory.file("collector.key")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644]))
        try PrivateKey.generateP256().write(toFile: path)
        #expect(try fileMode(path) == 0o600)
        // No temporary files are left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["collector.key"])
    }

    @Test func pemRoundTripKeepsTheKey() throws {
        let directory = try TemporaryDirectory(prefix: "pga-tls-")
        defer { directory.remove() }
        let key = try PrivateKey.generateP256()
        let path = directory.file("k.pem")
        try key.write(toFile: path)
        let loaded = try PrivateKey(pemFile: path)
        #expect(try loaded.publicKeyDER() == key.publicKeyDER())
        #expect(String(decoding: try key.pemBytes(), as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(key.securityBits == 128)
    }

    @Test func twoKeysDiffer() throws {
        #expect(try PrivateKey.generateP256().publicKeyDER() != PrivateKey.generateP256().publicKeyDER())
    }

    @Test func garbageIsNotAKey() throws {
        let error = #expect(throws: TLSError.self) { try PrivateKey(pem: Array("not a key".utf8)) }
        #expect(error?.code == .invalidKey)
    }

    @Test func encryptedKeyIsRefusedWithoutPrompting() throws {
        let directory = try TemporaryDirectory(prefix: "pga-tls-")
        defer { directory.remove() }
        let plain = directory.file("plain.pem")
        let encrypted = directory.file("encrypted.pem")
        try PrivateKey.generateP256().write(toFile: plain)
        let result = try openssl(["pkey", "-in", plain, "-aes256", "-passout", "pass:secret", "-out", encrypted])
        #expect(result.status == 0, "\(result.output)")
        let error = #expect(throws: TLSError.self) { try PrivateKey(pemFile: encrypted) }
        #expect(error?.code == .invalidKey)
    }

    @Test func missingFileIsAFileError() throws {
        let error = #expect(throws: TLSError.self) { try PrivateKey(pemFile: "/nonexistent/pga/key.pem") }
        #expect(error?.code == .fileIO)
        #expect(error?.message.contains("/nonexistent/pga/key.pem") == true)
    }
}
