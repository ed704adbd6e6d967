@testable import Registration
import Testing
import TLS

@Suite("Collector ids and secret comparison")
struct IdentifierAndSecretTests {
    @Test("ids are the host's name made URL-safe plus 16 hex digits", arguments: [
        ("db-1.example.com", "", "db-1-example-com"),
        ("DB_Prod--EU  West", "", "db-prod-eu-west"),
        ("", "My Collector", "my-collector"),
        ("", "", "collector"),
        ("bäckend-ø.example", "", "b-ckend-example"),
        ("...", "", "collector"),
    ])
    func shape(hostname: String, name: String, slug: String) {
        let id = CollectorIdentifier.make(hostname: hostname, name: name)
        #expect(id.hasPrefix(slug + "-"))
        let suffix = id.dropFirst(slug.count + 1)
        #expect(suffix.count == 16)
        #expect(suffix.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test("a very long host name is cut so the id fits a certificate's common name")
    func long() {
        let id = CollectorIdentifier.make(hostname: String(repeating: "a", count: 300) + ".example.com", name: "")
        #expect(id.utf8.count <= CollectorIdentifier.maximumSlugLength + 17)
        #expect(id.utf8.count <= 64)
        #expect(!id.contains("--"))
    }

    @Test("two ids for the same host differ")
    func unique() {
        let ids = Set((0..<1000).map { _ in CollectorIdentifier.make(hostname: "h", name: "") })
        #expect(ids.count == 1000)
    }

    @Test("secrets compare equal only when identical, whatever the lengths")
    func secrets() {
        #expect(SecretComparison.equals("correct horse", "correct horse"))
        #expect(!SecretComparison.equals("correct hors", "correct horse"))
        #expect(!SecretComparison.equals("correct horsee", "correct horse"))
        #expect(!SecretComparison.equals("Correct horse", "correct horse"))
        #expect(!SecretComparison.equals("", "correct horse"))
        #expect(!SecretComparison.equals("", ""))
        // A presented value that repeats the expected one is still different.
        #expect(!SecretComparison.equals("abcabc", "abc"))
    }
}
