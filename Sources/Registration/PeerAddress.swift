/// The part of a peer's address that rate limits count against: the IP address, without the
/// port (a client picks a new port for every connection) and without SwiftNIO's decorations.
enum PeerAddress {
    /// `"[IPv4]host/10.0.0.5:4321"`, `"10.0.0.5:4321"`, `"[::1]:4321"`, `"[IPv6]::1/::1:4321"` →
    /// the bare address; anything else is returned as it is.
    static func host(of address: String) -> String {
        var text = Substring(address)
        for prefix in ["[IPv4]", "[IPv6]"] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
            // SwiftNIO writes `name/address:port`; the name may be empty.
            if let slash = text.firstIndex(of: "/") { text = text[text.index(after: slash)...] }
            if let colon = text.lastIndex(of: ":"), text[text.index(after: colon)...].allSatisfy(\.isNumber) {
                text = text[..<colon]
            }
            return String(text)
        }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":"), text[text.index(after: colon)...].allSatisfy(\.isNumber) {
            return String(text[..<colon])
        }
        return String(text)
    }
}
