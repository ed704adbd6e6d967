import Testing
import WireProtocol

@Suite struct NumericTests {
    @Test(arguments: ["0", "-1.50", "123456789012345678901234567890.0001", "NaN", "Infinity", "-Infinity",
                      "1", "-1", "10000", "9999", "0.0001", "0.00005", "100000000", "1.000", "0.00", "-0.5", "12345.6789"])
    func decimalRoundTrips(_ text: String) throws {
        let numeric = try #require(Numeric(decimal: text))
        #expect(numeric.description == text)
        #expect(numeric.isValid)
    }

    @Test func fieldsMatchPostgreSQL() {
        let value = Numeric(decimal: "-1.50")!
        #expect(value.digits == [1, 5000] && value.weight == 0 && value.sign == .negative && value.dscale == 2)
        #expect(value.encodedBytes == [0, 2, 0, 0, 0x40, 0, 0, 2, 0, 1, 0x13, 0x88])
        let big = Numeric(decimal: "123456789012345678901234567890.0001")!
        #expect(big.digits == [12, 3456, 7890, 1234, 5678, 9012, 3456, 7890, 1] && big.weight == 7 && big.dscale == 4)
        let zero = Numeric(decimal: "0")!
        #expect(zero.encodedBytes == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(Numeric(decimal: "NaN")!.encodedBytes == [0, 0, 0, 0, 0xC0, 0, 0, 0])
        let small = Numeric(decimal: "0.00005")!
        #expect(small.digits == [5000] && small.weight == -2 && small.dscale == 5)
    }

    @Test func normalisesLikeNumericIn() {
        #expect(Numeric(decimal: "-0")!.description == "0")
        #expect(Numeric(decimal: "-0")!.sign == .positive)
        #expect(Numeric(decimal: "007.50")!.description == "7.50")
        #expect(Numeric(decimal: "+3")!.description == "3")
        #expect(Numeric(decimal: ".5")!.description == "0.5")
        #expect(Numeric(decimal: "5.")!.description == "5")
        #expect(Numeric(decimal: "nan") == .nan && Numeric(decimal: "-inf") == .negativeInfinity)
        // Fields as sent but not normalised print as PostgreSQL would after receiving them.
        #expect(Numeric(weight: 1, sign: .negative, dscale: 1, digits: [0, 12, 0]).description == "-12.0")
        #expect(Numeric(weight: 0, sign: .negative, dscale: 0, digits: [0]).description == "0")
    }

    @Test(arguments: ["", "-", ".", "1.2.3", "1e5", "12a", " 1", "--1", "0x10"])
    func rejectsNonDecimals(_ text: String) {
        #expect(Numeric(decimal: text) == nil)
    }

    @Test func fromInt64() {
        for value: Int64 in [0, 1, -1, 9999, 10_000, 123_456_789, .max, .min, -10_000_0000] {
            let numeric = Numeric(value)
            #expect(numeric.description == String(value))
            #expect(numeric == Numeric(decimal: String(value)))
        }
    }

    @Test func tooLargeADisplayScaleIsRefused() {
        #expect(Numeric(decimal: "0." + String(repeating: "1", count: 16_383)) != nil)
        #expect(Numeric(decimal: "0." + String(repeating: "1", count: 16_384)) == nil)
    }

    @Test func losslessStringConvertible() {
        #expect(Numeric("2.5") == Numeric(decimal: "2.5"))
        #expect("\(Numeric(42))" == "42")
    }
}
