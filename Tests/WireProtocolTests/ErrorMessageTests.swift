import Testing
import WireProtocol

@Suite struct ErrorMessageTests {
    @Test func encodesTheFieldsOfSection65InOrder() throws {
        let error = ErrorMessage(code: .collectorRevoked, fatal: true, sequence: 0, message: "revoked")
        let expected: [UInt8] = be(UInt16(10)) + [1] + be(UInt64(0)) + s16("revoked")
        #expect(error.encodedPayload == expected)
        #expect(try decode(.error, expected) == .error(error))
    }

    @Test func roundTripsEveryCode() throws {
        for code in ErrorCode.all + [ErrorCode(rawValue: 999)] {
            let error = ErrorMessage(code: code, sequence: 5, message: "detail for \(code.name)")
            #expect(try roundTrip(.error(error)) == .error(error))
        }
    }

    @Test func fatalByteOtherThanZeroOrOneIsInvalidFlag() {
        expectError(.invalidFlag, at: 2) { _ = try decode(.error, be(UInt16(1)) + [2] + be(UInt64(0)) + s16("x")) }
    }

    @Test func messageLongerThanTheLimitIsValueTooLong() {
        let payload = be(UInt16(1)) + [1] + be(UInt64(0)) + s16(String(repeating: "m", count: 4097))
        expectError(.valueTooLong, at: 11) { _ = try decode(.error, payload) }
        let small = Limits(maxString16Bytes: 8)
        expectError(.valueTooLong, at: 11) { _ = try decode(.error, be(UInt16(1)) + [1] + be(UInt64(0)) + s16("123456789"), limits: small) }
    }

    @Test func truncatedAndTrailing() {
        expectError(.truncatedField, at: 3) { _ = try decode(.error, be(UInt16(1)) + [1] + [0, 0]) }
        expectError(.truncatedField, at: 13) { _ = try decode(.error, be(UInt16(1)) + [1] + be(UInt64(0)) + be(UInt16(3)) + [0x61]) }
        expectError(.trailingBytes, at: 14) { _ = try decode(.error, be(UInt16(1)) + [1] + be(UInt64(0)) + s16("x") + [0]) }
    }

    @Test func initFitsTheMessageAndDefaultsFatalFromTheTable() {
        let error = ErrorMessage(code: .storageUnavailable, message: String(repeating: "x", count: 5000) + "\u{0}")
        #expect(error.message.utf8.count == 4096)
        #expect(!error.fatal)
        #expect(ErrorMessage(code: .sequenceGap, message: "").fatal)
        let malformed = ErrorMessage(malformedFrame: WireError(.badMagic, offset: 0, "not PA"))
        #expect(malformed.code == .malformedFrame && malformed.fatal && malformed.message.contains("badMagic"))
    }
}

@Suite struct ErrorCodeTests {
    @Test func tableNamesAndValues() {
        #expect(ErrorCode.all.count == 18)
        #expect(ErrorCode.malformedFrame.rawValue == 1 && ErrorCode.malformedFrame.name == "malformed_frame")
        #expect(ErrorCode.registrationRefused.rawValue == 18 && ErrorCode.registrationRefused.name == "registration_refused")
        #expect(ErrorCode.tooManyConnections.name == "too_many_connections")
        for code in ErrorCode.all { #expect(ErrorCode(name: code.name) == code) }
        let nonFatal = ErrorCode.all.filter { !$0.isFatalByDefault }
        #expect(nonFatal == [.unknownFamily, .batchRejected, .storageUnavailable])
    }

    @Test func unknownCodesAreKeptAndTreatedAsInternalError() throws {
        let unknown = ErrorCode(rawValue: 4242)
        #expect(!unknown.isKnown && unknown.effective == .internalError && unknown.name == "unknown_4242")
        #expect(!ErrorCode(rawValue: 0).isKnown)
        let decoded = try decode(.error, be(UInt16(4242)) + [0] + be(UInt64(0)) + s16(""))
        #expect(decoded == .error(ErrorMessage(code: unknown, fatal: false, message: "")))
    }
}
