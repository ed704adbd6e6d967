#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A deliberately small HTTP/1.1 client over a blocking socket, so tests control every byte:
/// keep-alive, pipelining, oversized and malformed requests. Its blocking calls run on a
/// dispatch queue of its own, never on the cooperative threads the server's tasks need.
final class RawHTTPClient: @unchecked Sendable {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body parsed as a JSON object.
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw ClientError("the body is not a JSON object: \(text)")
            }
            return object
        }
    }

    struct ClientError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private let fd: Int32
    private let queue = DispatchQueue(label: "raw-http-client")
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads give up after `timeoutSeconds` (a hang guard only).
    init(port: Int, timeoutSeconds: Int = 30) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError("socket: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw ClientError("connect to port \(port): errno \(errno)")
        }
    }

    deinit {
        close(fd)
    }

    /// Sends raw bytes.
    private func sendNow(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw ClientError("send: errno \(errno)") }
            offset += count
        }
    }

    /// Sends a request with `headers` (Host and Content-Length are added).
    private func sendNow(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) throws {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        try sendNow(Array(text.utf8) + body)
    }

    /// Reads one response (`Content-Length` framed, as the server always sends).
    private func receiveNow() throws -> Response {
        while true {
            if let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n")
                let statusParts = lines[0].split(separator: " ")
                guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ClientError("bad status line \(lines[0])") }
                var headers: [String: String] = [:]
                for line in lines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                while buffer.count < end.upperBound + length {
                    guard try fill() else { throw ClientError("connection closed inside a body") }
                }
                let body = Array(buffer[end.upperBound..<end.upperBound + length])
                buffer.removeFirst(end.upperBound + length)
                return Response(status: status, headers: headers, body: body)
            }
            guard try fill() else { throw ClientError("connection closed before a response") }
        }
    }

    /// Reads a response head only (for HEAD requests, whose answers have no body).
    private func receiveRawHeadNow() throws -> String {
        while true {
            if let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                buffer.removeFirst(end.upperBound)
                return head
            }
            guard try fill() else { throw ClientError("connection closed before a response") }
        }
    }

    /// One request and its response.
    private func requestNow(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) throws -> Response {
        try sendNow(method, target, headers: headers, body: body)
        return try receiveNow()
    }

    /// Whether the server closed the connection (reads end) without sending anything more.
    private func isClosedByPeerNow() throws -> Bool {
        buffer.isEmpty ? try !fill() : false
    }

    /// Sends raw bytes.
    func send(_ bytes: [UInt8]) async throws { try await blocking { try self.sendNow(bytes) } }

    /// Sends a request with `headers` (Host and Content-Length are added).
    func send(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) async throws {
        try await blocking { try self.sendNow(method, target, headers: headers, body: body) }
    }

    /// Reads one response.
    func receive() async throws -> Response { try await blocking { try self.receiveNow() } }

    /// Reads a response head only.
    func receiveRawHead() async throws -> String { try await blocking { try self.receiveRawHeadNow() } }

    /// One request and its response.
    func request(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) async throws -> Response {
        try await blocking { try self.requestNow(method, target, headers: headers, body: body) }
    }

    /// Whether the server closed the connection without sending anything more.
    func isClosedByPeer() async throws -> Bool { try await blocking { try self.isClosedByPeerNow() } }

    private func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == ECONNRESET { return false }
            throw ClientError("recv: errno \(errno)")
        }
        buffer += chunk[0..<count]
        return count > 0
    }
}

/// One request on a fresh connection.
func httpRequest(port: Int, _ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) async throws
    -> RawHTTPClient.Response {
    try await RawHTTPClient(port: port).request(method, target, headers: headers, body: body)
}
