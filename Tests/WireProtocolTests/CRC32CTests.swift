import Testing
import WireProtocol

@Suite struct CRC32CTests {
    // Published check values: RFC 3720 appendix B.4 and the CRC catalogue's CRC-32/ISCSI.
    static let vectors: [([UInt8], UInt32)] = [
        (Array("123456789".utf8), 0xE306_9283),
        ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        (Array(0..<32), 0x46DD_794E),
        (Array((0..<32).reversed()), 0x113F_DB5C),
        ([], 0),
    ]

    @Test func dispatchingChecksumMatchesPublishedValues() {
        for (input, expected) in Self.vectors {
            #expect(CRC32C.checksum(input) == expected, "input \(input)")
        }
    }

    @Test func portableChecksumMatchesPublishedValues() {
        for (input, expected) in Self.vectors {
            #expect(input.withUnsafeBytes { PortableCRC32C.checksum($0) } == expected, "input \(input)")
        }
    }

    @Test func hardwareIsUsedOnX86WithSSE42() {
        #if arch(x86_64)
        // Every x86-64 machine this project supports has SSE 4.2; if this fails the fast path is off.
        #expect(CRC32C.isHardwareAccelerated)
        #endif
    }

    @Test func portableAndHardwareAgreeOnEveryLengthAndAlignment() {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        data.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 7, 8, 9, 15, 16, 63, 64, 100, 1000, 4000] {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<start + length])
                    #expect(CRC32C.checksum(slice) == PortableCRC32C.checksum(slice))
                }
            }
        }
    }

    @Test func updateEqualsOneShot() {
        let data = Array("The quick brown fox jumps over the lazy dog".utf8)
        data.withUnsafeBytes { raw in
            for split in 0...raw.count {
                let first = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[..<split]))
                let both = CRC32C.update(first, UnsafeRawBufferPointer(rebasing: raw[split...]))
                #expect(both == CRC32C.checksum(raw))
            }
        }
    }
}
