import NIOHTTP1

/// One complete HTTP request as the API sees it: method, path, query, headers, body.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The path, without the query; not percent-decoded.
    public var path: String
    /// The query string after `?`, not decoded; empty when there is none.
    public var query: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: HTTPMethod, uri: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        if let mark = uri.firstIndex(of: "?") {
            path = String(uri[..<mark])
            query = String(uri[uri.index(after: mark)...])
        } else {
            path = uri
            query = ""
        }
        self.headers = headers
        self.body = body
    }

    /// The query's parameters, percent-decoded (`+` is a space); nil when the query is not
    /// valid percent-encoding.
    public var queryItems: [(name: String, value: String)]? {
        guard !query.isEmpty else { return [] }
        var items: [(String, String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusIsSpace: true),
                  let value = PercentDecoding.decode(parts.count > 1 ? parts[1] : "", plusIsSpace: true) else { return nil }
            items.append((name, value))
        }
        return items
    }
}
