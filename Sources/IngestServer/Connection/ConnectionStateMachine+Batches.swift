import Ingest
import WireProtocol

extension ConnectionStateMachine {
    /// BATCH: sequences must increase on a connection. One at or below the committed sequence
    /// is a replay, acknowledged at once; a forward jump is accepted (the collector's spool
    /// dropped records) and counted by the writer. Records go to the pool one submission at a
    /// time, so a collector's submissions reach it in sequence order.
    mutating func receivedBatch(sequence: UInt64, batch: Batch, wireBytes: Int, session: inout Session) -> [Action] {
        if let last = session.lastReceived, sequence <= last {
            return fail(.sequenceGap, "BATCH sequence \(sequence) after \(last) on this connection; sequences must increase")
        }
        session.lastReceived = sequence
        if sequence <= session.committedAtWelcome {
            // A replay of committed records: nothing can be pending before it.
            session.acknowledged = sequence
            state = .established(session)
            return [.send(.ack(Ack(committedThrough: sequence)))]
        }
        session.pending.append(PendingRecord(record: IngestRecord(collectorID: session.collectorID, sequence: sequence, batch: batch),
                                             wireBytes: wireBytes))
        session.unacknowledgedBytes += wireBytes
        var actions: [Action] = []
        if session.inFlight.isEmpty {
            actions.append(.submit(takePending(&session)))
        }
        if session.unacknowledgedBytes > settings.maxUnacknowledgedBytes && !session.readingPaused {
            session.readingPaused = true
            actions.append(.pauseReading)
        }
        state = .established(session)
        return actions
    }

    /// The writer pool finished the submission in flight.
    mutating func submitted(_ result: Result<WriteResult, IngestError>) -> [Action] {
        let draining: Bool
        var session: Session
        switch state {
        case .established(let current): (session, draining) = (current, false)
        case .draining(let current): (session, draining) = (current, true)
        case .handshaking, .connected, .awaitingStatus, .awaitingEnrolment, .closed: return []
        }
        guard !session.inFlight.isEmpty else { return [] }
        let written = session.inFlight
        session.inFlight = []
        session.unacknowledgedBytes -= written.reduce(0) { $0 + $1.wireBytes }

        let outcome: WriteResult
        switch result {
        case .success(let value): outcome = value
        case .failure(.shutDown): return fail(.shuttingDown, "the backend is shutting down; reconnect later")
        case .failure(.unavailable(let error)):
            return fail(.storageUnavailable, "the metrics database stayed unavailable (\(error.message)); reconnect later")
        case .failure(.storage(let error)):
            return fail(.internalError, "the metrics database refused the write: \(error.message)")
        }

        var actions: [Action] = []
        for record in outcome.outcomes {
            switch record.status {
            case .stored, .duplicate:
                break
            case .unknownFamily:
                actions.append(.send(.error(ErrorMessage(
                    code: .unknownFamily, fatal: false, sequence: record.sequence,
                    message: "this backend has no table for family \"\(record.family)\"; the BATCH is acknowledged and not stored"))))
            case .rejected(let reason):
                actions.append(.send(.error(ErrorMessage(
                    code: .batchRejected, fatal: false, sequence: record.sequence,
                    message: "the metrics database refused the \(record.family) BATCH: \(reason); it is acknowledged and not stored"))))
            case .sequenceGap(let expected):
                state = .closed
                return actions + [.fail(ErrorMessage(code: .sequenceGap, fatal: true, sequence: record.sequence,
                                                     message: "BATCH sequence \(record.sequence) cannot be committed (expected \(expected), at most 2^63-1)"))]
            case .collectorUnknown:
                state = .closed
                return actions + [.fail(ErrorMessage(code: .collectorUnknown, fatal: true, message: "collector \(session.collectorID) is no longer registered"))]
            case .collectorRevoked:
                state = .closed
                return actions + [.fail(ErrorMessage(code: .collectorRevoked, fatal: true,
                                                     message: "collector \(session.collectorID) was revoked by an administrator"))]
            }
        }
        let committed = min(outcome.committedSequences[session.collectorID] ?? 0, session.lastReceived ?? 0)
        if committed > session.acknowledged {
            session.acknowledged = committed
            actions.append(.send(.ack(Ack(committedThrough: committed))))
        }
        if draining {
            state = .closed
            return actions + [.fail(ErrorMessage(code: .shuttingDown, fatal: true, message: "the backend is shutting down; reconnect later"))]
        }
        if !session.pending.isEmpty {
            actions.append(.submit(takePending(&session)))
        }
        if session.readingPaused && session.unacknowledgedBytes <= settings.maxUnacknowledgedBytes {
            session.readingPaused = false
            actions.append(.resumeReading)
        }
        state = .established(session)
        return actions
    }

    private func takePending(_ session: inout Session) -> [IngestRecord] {
        session.inFlight = session.pending
        session.pending = []
        return session.inFlight.map(\.record)
    }
}
