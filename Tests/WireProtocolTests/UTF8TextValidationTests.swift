import Testing
import WireProtocol

@Suite struct UTF8TextValidationTests {
    static func validate(_ bytes: [UInt8]) throws(WireError) -> Bool {
        try bytes.withWireBytes { (raw) throws(WireError) -> Bool in try UTF8Validation.validateText(raw, at: 100, "text") }
    }

    @Test func acceptsWhatSwiftAcceptsAndReportsASCII() throws {
        #expect(try Self.validate(Array("plain ascii, longer than one word".utf8)))
        #expect(try Self.validate([]))
        #expect(try !Self.validate(Array("ünïcødé ✓ 𝄞 and some ascii after it".utf8)))
        var generator = SplitMix64(seed: 7)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "é", "ß", "✓", "€", "𝄞", "\u{10FFFF}", "\u{FFFD}", "\u{7F}"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<40, using: &generator) {
                text.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
            }
            #expect(try Self.validate(Array(text.utf8)) == text.utf8.allSatisfy { $0 < 0x80 })
        }
    }

    @Test(arguments: [
        ([0xC0, 0x80], 0), ([0x61, 0xC3, 0x28], 1), ([0xED, 0xA0, 0x80], 0), ([0xF4, 0x90, 0x80, 0x80], 0),
        ([0xE0, 0x80, 0x80], 0), ([0xF0, 0x80, 0x80, 0x80], 0), ([0x61, 0x62, 0xE2, 0x9C], 2), ([0x80], 0),
        ([0xFF], 0), ([0xF8, 0x88, 0x80, 0x80, 0x80], 0),
        (Array(repeating: 0x61, count: 20) + [0xC3], 20),
    ] as [([UInt8], Int)])
    func refusesIllFormedSequencesAtTheirFirstByte(_ bytes: [UInt8], _ offset: Int) {
        expectError(.invalidUTF8, at: 100 + offset) { _ = try Self.validate(bytes) }
        // Agreement with the standard library.
        #expect(String(validating: bytes, as: UTF8.self) == nil)
    }

    @Test func refusesNul() {
        expectError(.nulInString, at: 100) { _ = try Self.validate([0]) }
        expectError(.nulInString, at: 100 + 9) { _ = try Self.validate(Array("é1234567".utf8) + [0]) }
    }
}
