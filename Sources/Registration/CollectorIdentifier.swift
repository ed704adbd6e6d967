/// Makes collector ids: a readable part from the host's name and 64 random bits, for example
/// `db-eu-west-1-3f9a2c7b1e04d5a6`.
///
/// An id is URL-safe (`[a-z0-9-]`), at most 58 bytes (it is also the certificate's subject CN,
/// which holds 64), and stable: assigned once at registration, kept across renewals. Uniqueness
/// is enforced by the database (a clash, which 64 random bits make unlikely, draws a new one).
public enum CollectorIdentifier {
    /// The longest readable part.
    public static let maximumSlugLength = 40

    /// A new id for a collector on `hostname` (or named `name` when the hostname is empty).
    public static func make(hostname: String, name: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(hostname: hostname, name: name, using: &generator)
    }

    /// ``make(hostname:name:)`` with a given random source.
    public static func make(hostname: String, name: String, using generator: inout some RandomNumberGenerator) -> String {
        let random = UInt64.random(in: 0...UInt64.max, using: &generator)
        let hex = String(random, radix: 16)
        return slug(hostname.isEmpty ? name : hostname) + "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Lowercase ASCII letters and digits, every other run of characters one `-`, trimmed, at
    /// most ``maximumSlugLength`` bytes; `collector` when nothing is left.
    static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let lowered: UInt32? =
                switch value {
                case 0x61...0x7A, 0x30...0x39: value
                case 0x41...0x5A: value + 0x20
                default: nil
                }
            guard let lowered else {
                pendingDash = !out.isEmpty
                continue
            }
            if pendingDash { out.append("-") }
            pendingDash = false
            out.unicodeScalars.append(Unicode.Scalar(lowered)!)
            if out.utf8.count >= maximumSlugLength { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "collector" : out
    }
}
