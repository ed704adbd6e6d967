import Foundation
import NIOHTTP1

/// One HTTP response: status, extra headers and body. `Content-Length` and `Connection` are set
/// by the server.
public struct HTTPResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPResponseStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response (`application/json`), keys sorted so answers are stable.
    public static func json(_ value: some Encodable, status: HTTPResponseStatus = .ok) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)).map { Array($0) + [UInt8(ascii: "\n")] } ?? Array("{}\n".utf8)
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// A JSON error body: `{"error": "<code>", "message": "<what happened>"}`.
    public static func error(_ status: HTTPResponseStatus, _ code: String, _ message: String) -> HTTPResponse {
        json(ErrorBody(error: code, message: message), status: status)
    }

    /// The body of every error answer.
    public struct ErrorBody: Codable, Hashable, Sendable {
        /// A stable, machine-readable code such as `not_found` or `unauthorized`.
        public var error: String
        /// What went wrong, for people.
        public var message: String
    }
}
