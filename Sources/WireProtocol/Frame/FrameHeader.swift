/// The 32-byte header of every frame and every spool record (PROTOCOL.md section 3).
public struct FrameHeader: Hashable, Sendable {
    /// Bytes in an encoded header.
    public static let size = 32
    /// `PA`, the first two bytes of every frame.
    public static let magic: UInt16 = 0x5041
    /// The protocol version this implementation writes.
    public static let currentVersion: UInt8 = 1
    /// Flags bit 0: the payload is an LZ4 block.
    public static let compressedFlag: UInt8 = 0x01
    /// Flags bit 1, only with bit 0: the block was compressed against the v1 dictionary
    /// (PROTOCOL.md section 3.3, `LZ4Block.dictionaryV1`).
    public static let dictionaryFlag: UInt8 = 0x02

    /// The type byte, kept raw so that a frame of an unknown type can still be carried and reported.
    public var rawType: UInt8
    public var version: UInt8
    public var flags: UInt8
    /// Payload bytes as transmitted.
    public var payloadLength: UInt32
    /// Payload bytes after decompression.
    public var rawLength: UInt32
    /// BATCH sequence number; 0 for every other type.
    public var sequence: UInt64
    /// CRC-32C of the payload as transmitted.
    public var payloadCRC: UInt32

    public init(
        rawType: UInt8, version: UInt8 = FrameHeader.currentVersion, flags: UInt8 = 0,
        payloadLength: UInt32, rawLength: UInt32, sequence: UInt64, payloadCRC: UInt32
    ) {
        self.rawType = rawType
        self.version = version
        self.flags = flags
        self.payloadLength = payloadLength
        self.rawLength = rawLength
        self.sequence = sequence
        self.payloadCRC = payloadCRC
    }

    /// The message type, when the type byte is one this version knows.
    public var type: MessageType? { MessageType(rawValue: rawType) }
    /// Whether the payload is LZ4-compressed.
    public var isCompressed: Bool { flags & FrameHeader.compressedFlag != 0 }
    /// Whether the LZ4 block needs the v1 dictionary.
    public var usesDictionary: Bool { flags & FrameHeader.dictionaryFlag != 0 }
    /// Header plus payload as transmitted.
    public var frameLength: Int { FrameHeader.size + Int(payloadLength) }

    /// Writes the 32 header bytes, computing the header CRC, to `out`.
    public func write(to out: inout [UInt8]) {
        var writer = ByteWriter(reservingCapacity: FrameHeader.size)
        writer.write(FrameHeader.magic)
        writer.write(version)
        writer.write(rawType)
        writer.write(flags)
        writer.write(UInt8(0))
        writer.write(UInt16(0))
        writer.write(payloadLength)
        writer.write(rawLength)
        writer.write(sequence)
        writer.write(payloadCRC)
        let headerCRC = writer.bytes.withUnsafeBytes { CRC32C.checksum($0) }
        writer.write(headerCRC)
        out.append(contentsOf: writer.bytes)
    }

    /// The 32 encoded header bytes.
    public var encoded: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(FrameHeader.size)
        write(to: &out)
        return out
    }

    /// Parses and checks a header: steps 2–7 of PROTOCOL.md section 3.1.
    ///
    /// - Parameter bytes: at least `FrameHeader.size` bytes; only the first 32 are read.
    /// - Throws: `WireError` naming the first check that failed and its offset.
    public static func parse(_ bytes: UnsafeRawBufferPointer, limits: Limits = .default) throws(WireError) -> FrameHeader {
        guard bytes.count >= size else {
            throw WireError(.truncatedHeader, offset: bytes.count, "header needs \(size) bytes, have \(bytes.count)")
        }
        var reader = ByteReader(bytes, inPayload: false)
        let magic = reader.readU16Unchecked()
        guard magic == FrameHeader.magic else {
            throw WireError(.badMagic, offset: 0, "expected magic 0x5041 (\"PA\"), found 0x\(hex(magic, width: 4))")
        }
        let storedHeaderCRC = UInt32(bigEndianBytes: bytes, at: 28)
        let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<28]))
        guard computed == storedHeaderCRC else {
            throw WireError(.headerChecksumMismatch, offset: 28,
                            "header CRC-32C is 0x\(hex(storedHeaderCRC, width: 8)), bytes 0-27 give 0x\(hex(computed, width: 8))")
        }
        let version = reader.readU8Unchecked()
        guard version == currentVersion else {
            throw WireError(.unsupportedVersion, offset: 2, "protocol version \(version); this peer speaks version \(currentVersion)")
        }
        let rawType = reader.readU8Unchecked()
        let flags = reader.readU8Unchecked()
        guard flags & ~(compressedFlag | dictionaryFlag) == 0 else {
            throw WireError(.reservedBitsSet, offset: 4, "reserved flag bits set: flags 0x\(hex(flags, width: 2))")
        }
        guard flags & dictionaryFlag == 0 || flags & compressedFlag != 0 else {
            throw WireError(.reservedBitsSet, offset: 4, "dictionary flag without the compression flag: flags 0x\(hex(flags, width: 2))")
        }
        let reserved1 = reader.readU8Unchecked()
        guard reserved1 == 0 else {
            throw WireError(.reservedBitsSet, offset: 5, "reserved byte is 0x\(hex(reserved1, width: 2)), must be 0")
        }
        let reserved2 = reader.readU16Unchecked()
        guard reserved2 == 0 else {
            throw WireError(.reservedBitsSet, offset: 6, "reserved field is 0x\(hex(reserved2, width: 4)), must be 0")
        }
        let payloadLength = reader.readU32Unchecked()
        guard Int(payloadLength) <= limits.maxFramePayload else {
            throw WireError(.frameTooLarge, offset: 8, "payload length \(payloadLength) exceeds the limit of \(limits.maxFramePayload) bytes")
        }
        let rawLength = reader.readU32Unchecked()
        guard Int(rawLength) <= limits.maxDecompressedPayload else {
            throw WireError(.decompressedTooLarge, offset: 12,
                            "declared decompressed length \(rawLength) exceeds the limit of \(limits.maxDecompressedPayload) bytes")
        }
        if flags & compressedFlag == 0 {
            guard rawLength == payloadLength else {
                throw WireError(.rawLengthMismatch, offset: 12, "uncompressed frame declares raw length \(rawLength) but payload length \(payloadLength)")
            }
        } else {
            guard payloadLength > 0, rawLength > 0 else {
                throw WireError(.rawLengthMismatch, offset: 12, "compressed frame with payload length \(payloadLength) and raw length \(rawLength); both must be > 0")
            }
        }
        let sequence = reader.readU64Unchecked()
        let payloadCRC = reader.readU32Unchecked()
        return FrameHeader(rawType: rawType, version: version, flags: flags, payloadLength: payloadLength,
                           rawLength: rawLength, sequence: sequence, payloadCRC: payloadCRC)
    }

    /// Parses a header from the first 32 bytes of `bytes`.
    public static func parse(_ bytes: [UInt8], limits: Limits = .default) throws(WireError) -> FrameHeader {
        try bytes.withWireBytes { (raw) throws(WireError) -> FrameHeader in try parse(raw, limits: limits) }
    }
}

func hex<T: BinaryInteger>(_ value: T, width: Int) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
