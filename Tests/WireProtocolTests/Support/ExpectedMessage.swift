import Foundation
import WireProtocol

/// A JSON value as manifest.json holds it, keeping integers exact (UInt64 sequences, Int64 extremes).
enum JSONValue: Decodable {
    case null, bool(Bool), int(Int64), uint(UInt64), double(Double), string(String)
    case array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let d = try? c.decode(Double.self), d == 0, d.sign == .minus { self = .double(d) }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let u = try? c.decode(UInt64.self) { self = .uint(u) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    subscript(key: String) -> JSONValue {
        if case .object(let o) = self, let v = o[key] { return v }
        return .null
    }
    var string: String { if case .string(let s) = self { return s }; fatalError("not a string: \(self)") }
    var array: [JSONValue] { if case .array(let a) = self { return a }; fatalError("not an array: \(self)") }
    var bool: Bool { if case .bool(let b) = self { return b }; fatalError("not a bool: \(self)") }
    var int64: Int64 {
        switch self {
        case .int(let i): return i
        case .uint(let u): return Int64(u)
        default: fatalError("not an integer: \(self)")
        }
    }
    var uint64: UInt64 {
        switch self {
        case .int(let i): return UInt64(i)
        case .uint(let u): return u
        default: fatalError("not an integer: \(self)")
        }
    }
    var double: Double {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: fatalError("not a number: \(self)")
        }
    }
    var hexBytes: [UInt8] {
        let s = Array(string.utf8)
        return stride(from: 0, to: s.count, by: 2).map { UInt8(String(decoding: s[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }
}

/// Builds the `Message` a vector's `message` object describes (Protocol/vectors/README.md).
enum ExpectedMessage {
    struct Unknown: Error { let type: String }

    static func make(_ m: JSONValue) throws -> Message {
        switch m["type"].string {
        case "HELLO":
            return .hello(Hello(
                minVersion: UInt8(m["min_version"].int64), maxVersion: UInt8(m["max_version"].int64),
                firstUnacknowledged: m["first_unacknowledged"].uint64, lastWritten: m["last_written"].uint64,
                droppedRecords: m["dropped_records"].uint64, droppedSamples: m["dropped_samples"].uint64,
                software: m["software"].string, hostname: m["hostname"].string))
        case "WELCOME":
            return .welcome(Welcome(
                version: UInt8(m["version"].int64), committedSequence: m["committed_sequence"].uint64,
                collectorID: m["collector_id"].string, maxFramePayload: UInt32(m["max_frame_payload"].int64),
                maxUnacknowledgedBytes: UInt32(m["max_unacknowledged_bytes"].int64),
                pingIntervalMilliseconds: UInt32(m["ping_interval_ms"].int64)))
        case "ACK":
            return .ack(Ack(committedThrough: m["committed_through"].uint64))
        case "ERROR":
            return .error(ErrorMessage(
                code: ErrorCode(rawValue: UInt16(m["code"].int64)), fatal: m["fatal"].bool,
                sequence: m["sequence"].uint64, message: m["message"].string))
        case "PING": return .ping(Ping(nonce: m["nonce"].uint64))
        case "PONG": return .pong(Pong(nonce: m["nonce"].uint64))
        case "REGISTER":
            return .register(Register(
                secret: m["secret"].string, name: m["name"].string, hostname: m["hostname"].string,
                region: m["region"].string, csr: m["csr_hex"].hexBytes))
        case "REGISTERED":
            return .registered(Registered(
                collectorID: m["collector_id"].string, certificates: m["certificates_hex"].array.map(\.hexBytes),
                caCertificate: m["ca_certificate_hex"].hexBytes))
        case "RENEW": return .renew(Renew(csr: m["csr_hex"].hexBytes))
        case "GOODBYE":
            let reason = m["reason"].int64
            return .goodbye(Goodbye(reason: reason == 0 ? nil : ErrorCode(rawValue: UInt16(reason)), message: m["message"].string))
        case "BATCH":
            let columns = m["columns"].array.map { c in
                ColumnDescriptor(name: c["name"].string, type: columnType(c["type"].string))
            }
            let rows = m["rows"].array.map { row in
                zip(row.array, columns).map { value(json: $0, type: $1.type) }
            }
            let batch = try Batch(family: m["family"].string, sampledAt: m["sampled_at"].int64, columns: columns, rows: rows)
            return .batch(sequence: m["sequence"].uint64, batch)
        case let other:
            throw Unknown(type: other)
        }
    }

    static func columnType(_ name: String) -> ColumnType {
        ColumnType.allCases.first { "\($0)" == name } ?? { fatalError("unknown column type \(name)") }()
    }

    static func value(json: JSONValue, type: ColumnType) -> Value {
        if case .null = json { return .null }
        switch type {
        case .bool: return .bool(json.bool)
        case .int8: return .int8(json.int64)
        case .float8: return .float8(json.double)
        case .timestamptz: return .timestamptz(json.int64)
        case .text: return .text(json.string)
        case .bytea: return .bytea(json.hexBytes)
        case .numeric: return .numeric(Numeric(decimal: json.string)!)
        }
    }
}
