import WireProtocol

/// Decodes one value in PostgreSQL's binary send format into a `Value`.
enum BinaryValue {
    /// - Returns: nil when the bytes do not have the length or shape their type requires.
    static func decode(_ bytes: UnsafeRawBufferPointer, as type: PostgresType) -> Value? {
        switch type {
        case .bool:
            guard bytes.count == 1 else { return nil }
            return .bool(bytes[0] != 0)
        case .int2:
            guard bytes.count == 2 else { return nil }
            return .int8(Int64(Int16(bitPattern: UInt16(truncatingIfNeeded: bigEndian(bytes)))))
        case .int4:
            guard bytes.count == 4 else { return nil }
            return .int8(Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: bigEndian(bytes)))))
        case .oid, .xid:
            guard bytes.count == 4 else { return nil }
            return .int8(Int64(bigEndian(bytes)))
        case .int8, .xid8:
            guard bytes.count == 8 else { return nil }
            return .int8(Int64(bitPattern: bigEndian(bytes)))
        case .float4:
            guard bytes.count == 4 else { return nil }
            return .float8(Double(Float(bitPattern: UInt32(truncatingIfNeeded: bigEndian(bytes)))))
        case .float8:
            guard bytes.count == 8 else { return nil }
            return .float8(Double(bitPattern: bigEndian(bytes)))
        case .timestamp, .timestamptz:
            guard bytes.count == 8 else { return nil }
            return .timestamptz(Int64(bitPattern: bigEndian(bytes)))
        case .text, .name, .varchar, .bpchar, .char, .unknown:
            return .text(String(decoding: bytes, as: UTF8.self))
        case .bytea:
            return .bytea(Array(bytes))
        case .numeric:
            return numeric(bytes).map(Value.numeric)
        }
    }

    /// PostgreSQL's `numeric_send`: ndigits, weight, sign, dscale, then the digits.
    static func numeric(_ bytes: UnsafeRawBufferPointer) -> Numeric? {
        guard bytes.count >= 8 else { return nil }
        func word(_ index: Int) -> UInt16 {
            UInt16(truncatingIfNeeded: bigEndian(UnsafeRawBufferPointer(rebasing: bytes[index..<index + 2])))
        }
        let count = Int(word(0))
        guard bytes.count == 8 + 2 * count, let sign = Numeric.Sign(rawValue: word(4)) else { return nil }
        let value = Numeric(weight: Int16(bitPattern: word(2)), sign: sign, dscale: word(6),
                            digits: (0..<count).map { word(8 + 2 * $0) })
        return value.isValid ? value : nil
    }

    /// The bytes as a big-endian unsigned integer (at most 8 bytes).
    private static func bigEndian(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
