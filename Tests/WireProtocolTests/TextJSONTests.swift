import Testing
import WireProtocol

@Suite struct TextJSONTests {
    @Test func quoteEscapesQuotesBackslashesAndControls() {
        #expect(JSONText.quote("plain") == "\"plain\"")
        #expect(JSONText.quote("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(JSONText.quote("l1\nl2\r\t") == "\"l1\\nl2\\r\\t\"")
        #expect(JSONText.quote("\u{0}\u{1}\u{1f}") == "\"\\u0000\\u0001\\u001f\"")
        #expect(JSONText.quote("é ✓ \u{7f}") == "\"é ✓ \u{7f}\"")
        #expect(JSONText.quote("") == "\"\"")
    }

    @Test func numberIntegralAsInteger() {
        #expect(JSONText.number(42) == "42")
        #expect(JSONText.number(-3) == "-3")
        #expect(JSONText.number(0.5) == "0.5")
        #expect(JSONText.number(1e15) == "1000000000000000.0")
        #expect(JSONText.number(999_999_999_999_999) == "999999999999999")
    }

    @Test func numberShortestDigits() {
        #expect(JSONText.number(42, integralAsInteger: false) == "42.0")
        #expect(JSONText.number(0.1, integralAsInteger: false) == "0.1")
        #expect(JSONText.number(1e20, integralAsInteger: false) == "1e+20")
    }

    @Test func nonFiniteNumbersBecomeStrings() {
        #expect(JSONText.number(.nan) == "\"NaN\"")
        #expect(JSONText.number(.infinity) == "\"Infinity\"")
        #expect(JSONText.number(-.infinity) == "\"-Infinity\"")
        #expect(JSONText.number(.nan, nonFinite: .swiftNames) == "\"nan\"")
        #expect(JSONText.number(.infinity, nonFinite: .swiftNames) == "\"inf\"")
        #expect(JSONText.number(-.infinity, nonFinite: .swiftNames) == "\"-inf\"")
    }
}
