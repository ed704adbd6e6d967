/// Where the backend's ingest listener is: a host and a port.
///
/// Parsed from `[backend] url` or `register --backend`. The v4 form is `host:port`; a scheme
/// (`pga://`, `tls://`, or the `https://` of a v3 configuration file) and a path are accepted and
/// ignored, because the collector speaks its own protocol over mutual TLS, not HTTP. Without a
/// port the protocol's ingest port, 8443, is used (PROTOCOL.md section 2).
public struct BackendAddress: Hashable, Sendable, CustomStringConvertible {
    /// The ingest port of PROTOCOL.md section 2.
    public static let defaultPort = 8443

    /// A host name or IP address (IPv6 without brackets).
    public var host: String
    public var port: Int
    /// The scheme the text carried (lowercased), if any; `https`/`http` mean a v3-style URL.
    public var scheme: String?

    public init(host: String, port: Int = BackendAddress.defaultPort, scheme: String? = nil) {
        self.host = host
        self.port = port
        self.scheme = scheme
    }

    /// Parses `host`, `host:port`, `[v6]:port`, or a URL such as `pga://host:port` or
    /// `https://host/path`.
    public init(parsing text: String) throws(ShipperError) {
        var rest = Substring(text.trimmingSpaces)
        var scheme: String?
        if let separator = Self.schemeSeparator(in: rest) {
            scheme = rest[..<separator].lowercased()
            rest = rest[rest.index(separator, offsetBy: 3)...]
            guard let known = scheme, ["pga", "tls", "https", "http", "tcp"].contains(known) else {
                throw ShipperError(.invalidAddress, "backend address \"\(text)\": unknown scheme \"\(scheme ?? "")\"; use host:port")
            }
        }
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            rest = rest[rest.index(after: at)...]
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw ShipperError(.invalidAddress, "backend address \"\(text)\": unclosed [ in an IPv6 address")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw ShipperError(.invalidAddress, "backend address \"\(text)\": expected :port after ]")
                }
                portText = after.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: ":"), rest.firstIndex(of: ":") == colon {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else if rest.contains(":") {
            // Several colons without brackets: a bare IPv6 address without a port.
            host = rest
        } else {
            host = rest
        }
        guard !host.isEmpty else {
            throw ShipperError(.invalidAddress, "backend address \"\(text)\" names no host")
        }
        var port = Self.defaultPort
        if let portText {
            guard let parsed = Int(portText), (1...65_535).contains(parsed) else {
                throw ShipperError(.invalidAddress, "backend address \"\(text)\": port \"\(portText)\" is not 1 to 65535")
            }
            port = parsed
        }
        self.init(host: String(host), port: port, scheme: scheme)
    }

    /// Where `://` starts, if the text has it.
    private static func schemeSeparator(in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("://") { return index }
            index = text.index(after: index)
        }
        return nil
    }

    /// Whether the text was an `http(s)://` URL, as v3 configuration files have: worth a notice,
    /// because v4 does not speak HTTP to the ingest listener.
    public var isHTTPStyle: Bool { scheme == "https" || scheme == "http" }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
