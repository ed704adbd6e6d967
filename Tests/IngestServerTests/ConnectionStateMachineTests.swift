import Ingest
import PostgresClient
@testable import IngestServer
import Testing
import WireProtocol

/// The connection state machine without I/O: every state's allowed and refused messages, the
/// sequence policy, acknowledgements and backpressure.
@Suite struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine

    static let settings = Machine.Settings(maxUnacknowledgedBytes: 100, maxFramePayload: 8 << 20, pingIntervalMilliseconds: 30_000,
                                           enrolmentEnabled: true)
    static let hello = Hello(firstUnacknowledged: 0, lastWritten: 0, software: "t", hostname: "h")

    /// A machine established for collector "c" with `committed`.
    static func established(committed: UInt64 = 0, settings: Machine.Settings = settings) -> Machine {
        var machine = Machine(settings: settings)
        _ = machine.handshakeCompleted(.collector("c"))
        _ = machine.received(.hello(hello), wireBytes: 40)
        _ = machine.statusLookedUp(.found(CollectorStore.Status(committedSequence: committed, revoked: false)))
        return machine
    }

    static func batch(_ sequence: UInt64) -> Message {
        .batch(sequence: sequence, TestBatch.hostLoad(Double(sequence)))
    }

    static func fatalCode(_ actions: [Machine.Action]) -> ErrorCode? {
        for case .fail(let error) in actions where error.fatal { return error.code }
        return nil
    }

    static func result(_ records: [IngestRecord], committed: UInt64, status: RecordStatus = .stored(rows: 1)) -> Result<WriteResult, IngestError> {
        .success(WriteResult(outcomes: records.map { RecordOutcome(collectorID: $0.collectorID, sequence: $0.sequence, family: $0.batch.family, status: status) },
                             committedSequences: ["c": committed]))
    }

    @Test func helloIsLookedUpAndWelcomedWithTheCommittedSequence() {
        var machine = Machine(settings: Self.settings)
        #expect(machine.handshakeCompleted(.collector("c")) == [])
        #expect(machine.received(.hello(Self.hello), wireBytes: 40) == [.lookUpCollector(id: "c", hello: Self.hello)])
        #expect(machine.isWaitingOnServer)
        let actions = machine.statusLookedUp(.found(CollectorStore.Status(committedSequence: 41, revoked: false)))
        guard case .send(.welcome(let welcome)) = actions.first else {
            Issue.record("no WELCOME: \(actions)")
            return
        }
        #expect(welcome.committedSequence == 41)
        #expect(welcome.collectorID == "c")
        #expect(welcome.maxUnacknowledgedBytes == 100)
        #expect(welcome.pingIntervalMilliseconds == 30_000)
    }

    @Test func refusalsAtHello() {
        var anonymous = Machine(settings: Self.settings)
        _ = anonymous.handshakeCompleted(.anonymous)
        #expect(Self.fatalCode(anonymous.received(.hello(Self.hello), wireBytes: 40)) == .authenticationFailed)

        var unusable = Machine(settings: Self.settings)
        _ = unusable.handshakeCompleted(.unusable(reason: "no CN"))
        #expect(Self.fatalCode(unusable.received(.hello(Self.hello), wireBytes: 40)) == .authenticationFailed)

        var future = Machine(settings: Self.settings)
        _ = future.handshakeCompleted(.collector("c"))
        #expect(Self.fatalCode(future.received(.hello(Hello(minVersion: 2, maxVersion: 3, firstUnacknowledged: 0, lastWritten: 0,
                                                             software: "t", hostname: "h")), wireBytes: 40)) == .unsupportedVersion)

        for (lookup, code) in [(Machine.StatusLookup.unknown, ErrorCode.collectorUnknown),
                               (.found(CollectorStore.Status(committedSequence: 0, revoked: true)), .collectorRevoked),
                               (.failed(reason: "down"), .storageUnavailable)] {
            var machine = Machine(settings: Self.settings)
            _ = machine.handshakeCompleted(.collector("c"))
            _ = machine.received(.hello(Self.hello), wireBytes: 40)
            #expect(Self.fatalCode(machine.statusLookedUp(lookup)) == code)
            #expect(machine.isClosed)
        }
    }

    @Test func messagesOutOfStateAreUnexpected() {
        var early = Machine(settings: Self.settings)
        _ = early.handshakeCompleted(.collector("c"))
        #expect(Self.fatalCode(early.received(Self.batch(1), wireBytes: 100)) == .unexpectedMessage)

        var waiting = Machine(settings: Self.settings)
        _ = waiting.handshakeCompleted(.collector("c"))
        _ = waiting.received(.hello(Self.hello), wireBytes: 40)
        #expect(Self.fatalCode(waiting.received(.ping(Ping(nonce: 1)), wireBytes: 40)) == .unexpectedMessage)

        var established = Self.established()
        #expect(Self.fatalCode(established.received(.hello(Self.hello), wireBytes: 40)) == .unexpectedMessage)

        var registerWithCertificate = Machine(settings: Self.settings)
        _ = registerWithCertificate.handshakeCompleted(.collector("c"))
        #expect(Self.fatalCode(registerWithCertificate.received(.register(Register(secret: "s", hostname: "h", csr: [1])), wireBytes: 40))
                == .unexpectedMessage)

        var ackFromCollector = Self.established()
        #expect(Self.fatalCode(ackFromCollector.received(.ack(Ack(committedThrough: 1)), wireBytes: 40)) == .unexpectedMessage)
    }

    @Test func enrolmentIsPassedOnOrRefused() {
        var anonymous = Machine(settings: Self.settings)
        _ = anonymous.handshakeCompleted(.anonymous)
        let request = Register(secret: "s", hostname: "h", csr: [1])
        #expect(anonymous.received(.register(request), wireBytes: 40) == [.register(request)])
        let registered = Message.registered(Registered(collectorID: "n", certificates: [[1]], caCertificate: [2]))
        #expect(anonymous.enrolmentAnswered(registered) == [.send(registered), .close])

        var disabled = Machine(settings: Machine.Settings(maxUnacknowledgedBytes: 100, maxFramePayload: 1, pingIntervalMilliseconds: 1,
                                                         enrolmentEnabled: false))
        _ = disabled.handshakeCompleted(.anonymous)
        #expect(Self.fatalCode(disabled.received(.register(request), wireBytes: 40)) == .registrationRefused)

        var renewing = Self.established()
        #expect(renewing.received(.renew(Renew(csr: [1])), wireBytes: 40) == [.renew(Renew(csr: [1]), collectorID: "c")])
        #expect(renewing.enrolmentAnswered(registered) == [.send(registered)])
    }

    @Test func batchesAreSubmittedOneSubmissionAtATimeAndAcknowledgedAfterCommit() {
        var machine = Self.established()
        let first = machine.received(Self.batch(1), wireBytes: 10)
        guard case .submit(let inFlight) = first.first else {
            Issue.record("not submitted: \(first)")
            return
        }
        #expect(inFlight.map(\.sequence) == [1])
        // While 1 is in flight, 2 and 3 wait and then go together.
        #expect(machine.received(Self.batch(2), wireBytes: 10) == [])
        #expect(machine.received(Self.batch(3), wireBytes: 10) == [])
        let after = machine.submitted(Self.result(inFlight, committed: 1))
        #expect(after.first == .send(.ack(Ack(committedThrough: 1))))
        guard case .submit(let next) = after.last else {
            Issue.record("the waiting records were not submitted: \(after)")
            return
        }
        #expect(next.map(\.sequence) == [2, 3])
        #expect(machine.submitted(Self.result(next, committed: 3)) == [.send(.ack(Ack(committedThrough: 3)))])
        #expect(machine.unacknowledgedBytes == 0)
    }

    @Test func replaysAreAcknowledgedAtOnceAndSequencesMustIncrease() {
        var machine = Self.established(committed: 5)
        #expect(machine.received(Self.batch(4), wireBytes: 10) == [.send(.ack(Ack(committedThrough: 4)))])
        #expect(machine.received(Self.batch(5), wireBytes: 10) == [.send(.ack(Ack(committedThrough: 5)))])
        // A jump forward is accepted (the writer counts the missing ones as lost).
        guard case .submit(let records) = machine.received(Self.batch(9), wireBytes: 10).first else {
            Issue.record("a forward gap was not accepted")
            return
        }
        #expect(records.map(\.sequence) == [9])
        #expect(Self.fatalCode(machine.received(Self.batch(9), wireBytes: 10)) == .sequenceGap)

        var backwards = Self.established()
        _ = backwards.received(Self.batch(3), wireBytes: 10)
        #expect(Self.fatalCode(backwards.received(Self.batch(2), wireBytes: 10)) == .sequenceGap)
    }

    @Test func readingPausesPastTheBoundAndResumesOnceAcknowledged() {
        var machine = Self.established()
        guard case .submit(let first) = machine.received(Self.batch(1), wireBytes: 60).first else { return }
        #expect(machine.received(Self.batch(2), wireBytes: 60) == [.pauseReading])
        #expect(machine.isWaitingOnServer)
        #expect(machine.unacknowledgedBytes == 120)
        // 60 bytes remain after the first commit: under the bound, reading resumes.
        let actions = machine.submitted(Self.result(first, committed: 1))
        #expect(actions.contains(.resumeReading))
        #expect(machine.unacknowledgedBytes == 60)
    }

    @Test func recordOutcomesBecomeErrors() {
        var machine = Self.established()
        guard case .submit(let records) = machine.received(Self.batch(1), wireBytes: 10).first else { return }
        let rejected = machine.submitted(Self.result(records, committed: 1, status: .rejected(reason: "out of range")))
        guard case .send(.error(let error)) = rejected.first else {
            Issue.record("no ERROR: \(rejected)")
            return
        }
        #expect(error.code == .batchRejected)
        #expect(!error.fatal)
        #expect(error.sequence == 1)
        #expect(rejected.last == .send(.ack(Ack(committedThrough: 1))))

        guard case .submit(let more) = machine.received(Self.batch(2), wireBytes: 10).first else { return }
        #expect(Self.fatalCode(machine.submitted(Self.result(more, committed: 1, status: .collectorRevoked))) == .collectorRevoked)
        #expect(machine.isClosed)
    }

    @Test func storageFailuresAreFatalWithTheirCode() {
        for (failure, code) in [(IngestError.shutDown, ErrorCode.shuttingDown),
                                (.unavailable(PostgresErrorMaker.lost), .storageUnavailable),
                                (.storage(PostgresErrorMaker.lost), .internalError)] {
            var machine = Self.established()
            _ = machine.received(Self.batch(1), wireBytes: 10)
            #expect(Self.fatalCode(machine.submitted(.failure(failure))) == code)
        }
    }

    @Test func shutdownDrainsTheTransactionInFlight() {
        var idle = Self.established()
        #expect(Self.fatalCode(idle.shutdown()) == .shuttingDown)

        var busy = Self.established()
        guard case .submit(let records) = busy.received(Self.batch(1), wireBytes: 10).first else { return }
        _ = busy.received(Self.batch(2), wireBytes: 10)
        #expect(busy.shutdown() == [.pauseReading])
        #expect(busy.received(Self.batch(3), wireBytes: 10) == [])
        let actions = busy.submitted(Self.result(records, committed: 1))
        #expect(actions.first == .send(.ack(Ack(committedThrough: 1))))
        #expect(Self.fatalCode(actions) == .shuttingDown)
    }

    @Test func malformedFramesMapToTheirCodes() {
        var machine = Self.established()
        let error = WireError(.payloadChecksumMismatch, offset: 24, "bad")
        #expect(Self.fatalCode(machine.malformed(error)) == .malformedFrame)
        var unknown = Self.established()
        #expect(Self.fatalCode(unknown.malformed(WireError(.unknownMessageType, offset: 3, "x"))) == .unknownMessageType)
        var version = Self.established()
        #expect(Self.fatalCode(version.malformed(WireError(.unsupportedVersion, offset: 2, "x"))) == .unsupportedVersion)
    }
}

enum PostgresErrorMaker {
    static let lost = PostgresError(.connectionLost, "server closed the connection")
}
