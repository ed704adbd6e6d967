import Testing
import WireProtocol

@Suite struct GoodbyeTests {
    @Test func normalCloseIsReasonZero() throws {
        let goodbye = Goodbye(message: "collector stopping")
        #expect(goodbye.reason == nil)
        #expect(goodbye.encodedPayload == be(UInt16(0)) + s16("collector stopping"))
        #expect(try decode(.goodbye, be(UInt16(0)) + s16("collector stopping")) == .goodbye(goodbye))
        #expect(Goodbye(reason: ErrorCode(rawValue: 0)).reason == nil)
    }

    @Test func roundTripsWithAReason() throws {
        let goodbye = Goodbye(reason: .shuttingDown, message: "backend stopping ✓")
        #expect(try roundTrip(.goodbye(goodbye)) == .goodbye(goodbye))
    }

    @Test func errors() {
        expectError(.valueTooLong, at: 2) { _ = try decode(.goodbye, be(UInt16(0)) + s16(String(repeating: "x", count: 4097))) }
        expectError(.truncatedField, at: 0) { _ = try decode(.goodbye, [0]) }
        expectError(.nulInString, at: 5) { _ = try decode(.goodbye, be(UInt16(0)) + be(UInt16(2)) + [0x61, 0]) }
        expectError(.trailingBytes, at: 4) { _ = try decode(.goodbye, be(UInt16(0)) + s16("") + [1]) }
    }
}
