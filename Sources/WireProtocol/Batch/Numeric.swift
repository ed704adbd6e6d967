/// A PostgreSQL `numeric` in its binary send format: base-10000 digits, a weight, a sign and a
/// display scale (PROTOCOL.md section 6.3).
///
/// The value is `digits[0] × 10000^weight + digits[1] × 10000^(weight-1) + ...`, shown with
/// `dscale` decimal digits after the point. Fields are kept as sent; `description` prints the
/// value the way PostgreSQL does.
public struct Numeric: Hashable, Sendable {
    /// The sign word; NaN and the infinities are signs of their own with no digits.
    public enum Sign: UInt16, Hashable, Sendable {
        case positive = 0x0000
        case negative = 0x4000
        case nan = 0xC000
        case positiveInfinity = 0xD000
        case negativeInfinity = 0xF000

        /// Whether this is NaN or an infinity, which have no digits.
        public var isSpecial: Bool { self != .positive && self != .negative }
    }

    /// Largest display scale PostgreSQL accepts.
    public static let maxDisplayScale: UInt16 = 0x3FFF
    /// Bytes before the digits: ndigits, weight, sign, dscale.
    static let headerSize = 8

    /// Weight of the first digit, in powers of 10000.
    public var weight: Int16
    public var sign: Sign
    /// Decimal digits shown after the point.
    public var dscale: UInt16
    /// Base-10000 digits, most significant first, each 0...9999.
    public var digits: [UInt16]

    /// Number of base-10000 digits.
    public var ndigits: Int { digits.count }

    /// A numeric from its raw fields, unchecked; a BATCH built with an invalid one is refused with
    /// `invalidNumeric`.
    public init(weight: Int16, sign: Sign, dscale: UInt16, digits: [UInt16]) {
        self.weight = weight
        self.sign = sign
        self.dscale = dscale
        self.digits = digits
    }

    public static let nan = Numeric(weight: 0, sign: .nan, dscale: 0, digits: [])
    public static let infinity = Numeric(weight: 0, sign: .positiveInfinity, dscale: 0, digits: [])
    public static let negativeInfinity = Numeric(weight: 0, sign: .negativeInfinity, dscale: 0, digits: [])

    /// The exact value of `int`, with display scale 0.
    public init(_ int: Int64) {
        var magnitude = int.magnitude
        var groups: [UInt16] = []
        while magnitude > 0 {
            groups.append(UInt16(magnitude % 10_000))
            magnitude /= 10_000
        }
        groups.reverse()
        let weight = Int16(groups.count - 1)
        while groups.last == 0 { groups.removeLast() }
        self.init(weight: groups.isEmpty ? 0 : weight, sign: int < 0 ? .negative : .positive, dscale: 0, digits: groups)
    }

    /// Whether the fields are what PostgreSQL's `numeric_recv` accepts.
    public var isValid: Bool {
        digits.count <= Int(UInt16.max) && dscale <= Self.maxDisplayScale
            && (!sign.isSpecial || digits.isEmpty) && digits.allSatisfy { $0 <= 9999 }
    }

    /// Bytes in the binary send format.
    public var encodedCount: Int { Self.headerSize + 2 * digits.count }

    /// Appends the binary send format. An invalid numeric is written as is (its digit count
    /// truncated to 16 bits) so that the decoder reports it.
    func write(into writer: inout ByteWriter) {
        writer.write(UInt16(truncatingIfNeeded: digits.count))
        writer.write(weight)
        writer.write(sign.rawValue)
        writer.write(dscale)
        for digit in digits { writer.write(digit) }
    }

    /// The binary send format.
    public var encodedBytes: [UInt8] {
        var writer = ByteWriter(reservingCapacity: encodedCount)
        write(into: &writer)
        return writer.bytes
    }

    /// A numeric from bytes that passed `validate`.
    init(validated bytes: UnsafeRawBufferPointer) {
        let count = Int(UInt16(bigEndianBytes: bytes, at: 0))
        weight = Int16(bitPattern: UInt16(bigEndianBytes: bytes, at: 2))
        sign = Sign(rawValue: UInt16(bigEndianBytes: bytes, at: 4)) ?? .nan
        dscale = UInt16(bigEndianBytes: bytes, at: 6)
        digits = (0..<count).map { UInt16(bigEndianBytes: bytes, at: Self.headerSize + 2 * $0) }
    }
}
