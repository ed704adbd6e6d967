import COpenSSL

/// A TLS protocol version this module will negotiate.
public enum TLSVersion: Int, Comparable, Hashable, Sendable, CustomStringConvertible {
    /// TLS 1.2, allowed only when a deployment opts in (PROTOCOL.md section 2).
    case v1_2 = 0x0303
    /// TLS 1.3, the default minimum.
    case v1_3 = 0x0304

    /// The value OpenSSL uses for the version.
    var openSSLValue: Int32 {
        switch self {
        case .v1_2: pga_TLS1_2_VERSION()
        case .v1_3: pga_TLS1_3_VERSION()
        }
    }

    /// The version for an OpenSSL value, or nil for one this module does not negotiate.
    init?(openSSLValue: Int32) {
        switch openSSLValue {
        case pga_TLS1_2_VERSION(): self = .v1_2
        case pga_TLS1_3_VERSION(): self = .v1_3
        default: return nil
        }
    }

    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String {
        switch self {
        case .v1_2: "TLSv1.2"
        case .v1_3: "TLSv1.3"
        }
    }
}
