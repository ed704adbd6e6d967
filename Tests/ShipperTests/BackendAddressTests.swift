import Foundation
import Shipper
import Testing

@Suite struct BackendAddressTests {
    @Test(arguments: [
        ("backend.example.com:9443", "backend.example.com", 9443, nil as String?),
        ("backend.example.com", "backend.example.com", 8443, nil),
        ("pga://backend:1234", "backend", 1234, "pga"),
        ("tls://10.0.0.5:8443", "10.0.0.5", 8443, "tls"),
        ("https://api.example.com", "api.example.com", 8443, "https"),
        ("https://api.example.com:8443/api/v1", "api.example.com", 8443, "https"),
        ("[::1]:9000", "::1", 9000, nil),
        ("::1", "::1", 8443, nil),
        ("  host:1  ", "host", 1, nil),
    ])
    func parses(text: String, host: String, port: Int, scheme: String?) throws {
        let address = try BackendAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.scheme == scheme)
    }

    @Test func v3URLsAreMarked() throws {
        #expect(try BackendAddress(parsing: "https://api.example.com").isHTTPStyle)
        #expect(try !BackendAddress(parsing: "api.example.com:8443").isHTTPStyle)
    }

    @Test(arguments: ["", ":8443", "host:0", "host:65536", "host:http", "ftp://host", "[::1", "[::1]x"])
    func refuses(text: String) {
        let error = #expect(throws: ShipperError.self) { try BackendAddress(parsing: text) }
        #expect(error?.code == .invalidAddress)
        #expect(error?.message.contains("\"\(text)\"") == true, "\(String(describing: error))")
    }

    @Test func describesIPv6WithBrackets() {
        #expect(BackendAddress(host: "::1", port: 1).description == "[::1]:1")
        #expect(BackendAddress(host: "h", port: 2).description == "h:2")
    }
}
