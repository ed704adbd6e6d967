#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A name a server certificate is valid for: what a client's hostname verification matches.
public enum SubjectAlternativeName: Hashable, Sendable, CustomStringConvertible {
    /// A DNS name, such as `backend.example.com` or `*.example.com`.
    case dns(String)
    /// An IPv4 or IPv6 address in text form, such as `10.0.0.5` or `::1`.
    case ipAddress(String)

    /// `.ipAddress` when `text` parses as an IPv4 or IPv6 address, `.dns` otherwise.
    public init(_ text: String) {
        self = SubjectAlternativeName.isIPAddress(text) ? .ipAddress(text) : .dns(text)
    }

    public var description: String {
        switch self {
        case .dns(let name): "DNS:\(name)"
        case .ipAddress(let address): "IP:\(address)"
        }
    }

    /// Whether `text` is an IPv4 or IPv6 address literal.
    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// Checks a DNS name: LDH labels of 1–63 bytes, at most 253 bytes, an optional leading `*.`.
    static func validate(dnsName name: String) throws {
        var labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.first == "*" && labels.count > 2 { labels.removeFirst() }
        let valid =
            !name.isEmpty && name.utf8.count <= 253
            && labels.allSatisfy { label in
                !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.utf8.allSatisfy { byte in
                        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
                            || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
                    }
            }
        guard valid else {
            throw TLSError(.invalidArgument, "\"\(name)\" is not a valid DNS name for a certificate")
        }
    }
}
