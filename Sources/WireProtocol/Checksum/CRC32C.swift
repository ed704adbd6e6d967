import CCRC32C

/// CRC-32C (Castagnoli), the checksum of every frame header and payload (PROTOCOL.md section 1).
///
/// Uses the CPU's CRC-32C instruction when it has one and a portable slicing-by-8 table otherwise;
/// both produce identical results and both are tested against the published check values.
public enum CRC32C {
    /// Whether `checksum` uses the CPU's CRC-32C instruction on this machine.
    public static let isHardwareAccelerated: Bool = pga_crc32c_hardware_available() != 0

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        update(0, bytes)
    }

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(0, $0) }
    }

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBytes { update(0, $0) }
    }

    /// Extends a finished CRC-32C `crc` of earlier bytes over `bytes`, as if all had been
    /// checksummed at once.
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        if isHardwareAccelerated, let base = bytes.baseAddress {
            return ~pga_crc32c_hardware_update(~crc, base, bytes.count)
        }
        return ~PortableCRC32C.update(~crc, bytes)
    }
}

/// The table-driven CRC-32C used when the CPU has no CRC instruction.
public enum PortableCRC32C {
    /// The CRC-32C of `bytes`, computed without hardware help.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        ~update(0xFFFF_FFFF, bytes)
    }

    /// Extends the raw (inverted) CRC state `crc` over `bytes` with slicing-by-8.
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var c = crc
        var index = 0
        let count = bytes.count
        let t = tables
        while count - index >= 8 {
            let lo = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
            let hi = UInt32(bytes[index + 4]) | UInt32(bytes[index + 5]) << 8
                | UInt32(bytes[index + 6]) << 16 | UInt32(bytes[index + 7]) << 24
            let x = c ^ lo
            c = t[7 * 256 + Int(x & 0xFF)] ^ t[6 * 256 + Int((x >> 8) & 0xFF)]
                ^ t[5 * 256 + Int((x >> 16) & 0xFF)] ^ t[4 * 256 + Int(x >> 24)]
                ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
            index += 8
        }
        while index < count {
            c = t[Int((c ^ UInt32(bytes[index])) & 0xFF)] ^ (c >> 8)
            index += 1
        }
        return c
    }

    /// Eight 256-entry tables for the reflected polynomial 0x82F63B78.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[n] = c
        }
        for n in 0..<256 {
            var c = t[n]
            for k in 1..<8 {
                c = t[Int(c & 0xFF)] ^ (c >> 8)
                t[k * 256 + n] = c
            }
        }
        return t
    }()
}
