#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Collector

@Suite("configuration file")
struct ConfigFileTests {
    func write(_ text: String, mode: mode_t) throws -> String {
        var template = Array("/tmp/pga-config-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        try #require(fd >= 0)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        chmod(path, mode)
        return path
    }

    @Test func worldReadableFileWithPasswordWarns() throws {
        let path = try write("[postgres]\npassword = \"secret\"\n", mode: 0o644)
        defer { unlink(path) }
        let loaded = try ConfigLoader.load(path: path, environment: [:])
        #expect(loaded.warnings.first?.contains("readable by every user (mode 644)") == true)
        #expect(loaded.path == path)
    }

    @Test func privateFileOrNoPasswordDoesNotWarn() throws {
        let secret = try write("[postgres]\npassword = \"secret\"\n", mode: 0o640)
        let open = try write("[postgres]\nhost = \"db\"\n", mode: 0o644)
        defer { unlink(secret); unlink(open) }
        #expect(try ConfigLoader.load(path: secret, environment: [:]).warnings.isEmpty)
        #expect(try ConfigLoader.load(path: open, environment: [:]).warnings.isEmpty)
    }

    @Test func missingFileIsUnreadable() {
        do {
            _ = try ConfigLoader.load(path: "/nonexistent/collector.toml", environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.description.contains("/nonexistent/collector.toml"))
        }
    }

    @Test func exampleFileInDeployIsValid() throws {
        let root = String(#filePath).components(separatedBy: "/Tests/")[0]
        let loaded = try ConfigLoader.load(path: root + "/deploy/collector.toml.example", environment: [:])
        #expect(loaded.config.collector.interval == 60)
        #expect(loaded.config.spool.directory == "/var/lib/pganalytics/spool")
    }
}

extension String {
    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
