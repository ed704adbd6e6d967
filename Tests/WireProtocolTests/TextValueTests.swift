import Testing
import WireProtocol

@Suite struct TextValueTests {
    let numeric = Numeric(decimal: "-1.50")!

    @Test func tableTextDefaults() {
        #expect(Value.null.tableText() == "NULL")
        #expect(Value.bool(true).tableText() == "true")
        #expect(Value.int8(-7).tableText() == "-7")
        #expect(Value.float8(2).tableText() == "2.0")
        #expect(Value.timestamptz(1_000_000).tableText() == "2000-01-01T00:00:01Z")
        #expect(Value.text("a\nb").tableText() == "a\nb")
        #expect(Value.bytea([0x0a, 0x1b, 0xff]).tableText() == "\\x0a1bff")
        #expect(Value.numeric(numeric).tableText() == "-1.50")
    }

    @Test func tableTextChoices() {
        #expect(Value.null.tableText(null: "") == "")
        #expect(Value.float8(2).tableText(float: { Value.float8Text($0, integralAsInteger: true) }) == "2")
        #expect(Value.text("a\nb").tableText(text: { $0.uppercased() }) == "A\nB")
    }

    @Test func jsonTextDefaults() {
        #expect(Value.null.jsonText() == "null")
        #expect(Value.bool(false).jsonText() == "false")
        #expect(Value.int8(42).jsonText() == "42")
        #expect(Value.float8(2).jsonText() == "2")
        #expect(Value.float8(.nan).jsonText() == "\"NaN\"")
        #expect(Value.timestamptz(1).jsonText() == "\"2000-01-01T00:00:00.000001Z\"")
        #expect(Value.text("say \"hi\"").jsonText() == "\"say \\\"hi\\\"\"")
        #expect(Value.bytea([1, 2]).jsonText() == "\"\\\\x0102\"")
        #expect(Value.numeric(numeric).jsonText() == "\"-1.50\"")
    }

    @Test func jsonTextChoices() {
        #expect(Value.timestamptz(0).jsonText(timestampFraction: .always) == "\"2000-01-01T00:00:00.000000Z\"")
        #expect(Value.numeric(numeric).jsonText(numericAsString: false) == "-1.50")
        #expect(Value.float8(2).jsonText(float: { JSONText.number($0, integralAsInteger: false) }) == "2.0")
    }

    @Test func float8Text() {
        #expect(Value.float8Text(3, integralAsInteger: true) == "3")
        #expect(Value.float8Text(3, integralAsInteger: false) == "3.0")
        #expect(Value.float8Text(1e15, integralAsInteger: true) == "1000000000000000.0")
        #expect(Value.float8Text(.infinity, integralAsInteger: true) == "inf")
        #expect(Value.float8Text(0.25, integralAsInteger: true) == "0.25")
    }

    @Test func hex() {
        #expect(Value.hexDigits([]) == "")
        #expect(Value.hexDigits([0x00, 0x0f, 0xf0, 0xab]) == "000ff0ab")
        #expect(Value.byteaText([]) == "\\x")
    }
}
