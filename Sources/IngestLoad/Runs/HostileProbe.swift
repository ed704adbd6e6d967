import NIOCore
import TLS
import WireProtocol

/// One hostile connection: HELLO, WELCOME, the hostile bytes, then whatever the backend does.
final class HostileProbe: @unchecked Sendable {
    /// How the connection ended.
    struct Outcome: Sendable {
        var welcomed = false
        /// The ERROR frames received (code names).
        var errors: [ErrorCode] = []
        /// Messages other than ERROR after WELCOME (an ACK would mean a hostile frame was taken).
        var unexpected: [String] = []
        /// The load tool closed the connection (after an incomplete frame, or at the timeout).
        var closedByLoadTool = false
        var timedOut = false
        /// What the connection reported when it ended (a TLS failure, a malformed frame).
        var closeError: String?
    }

    private let hostile: HostileCase
    private let loop: any EventLoop
    private let timeout: TimeAmount
    private var outcome = Outcome()
    private var channel: Channel?
    private var timer: Scheduled<Void>?
    private let promise: EventLoopPromise<Outcome>
    private var finished = false

    init(_ hostile: HostileCase, loop: any EventLoop, timeout: TimeAmount) {
        self.hostile = hostile
        self.loop = loop
        self.timeout = timeout
        promise = loop.makePromise()
    }

    func run(target: LoadTarget, tls: TLSContext, collectorID: String) -> EventLoopFuture<Outcome> {
        loop.execute { [self] in
            timer = loop.scheduleTask(in: timeout) { [self] in
                outcome.timedOut = true
                channel?.close(promise: nil)
                if channel == nil { finish() }
            }
        }
        LoadConnection.connect(to: target, tls: tls, on: loop) { [self] event in
            switch event {
            case .established(let channel):
                self.channel = channel
                let hello = Message.hello(Hello(firstUnacknowledged: 0, lastWritten: 0, software: "ingest-load hostile",
                                                hostname: "\(collectorID).load.invalid"))
                _ = LoadConnection.send(hello.frame().bytes, on: channel)
            case .message(.welcome):
                outcome.welcomed = true
                guard let channel else { return }
                let sent = LoadConnection.send(hostile.bytes, on: channel)
                if hostile.expectation == .incomplete {
                    sent.whenComplete { [self] _ in
                        outcome.closedByLoadTool = true
                        channel.close(promise: nil)
                    }
                }
            case .message(.error(let error)):
                outcome.errors.append(error.code)
            case .message(let message):
                outcome.unexpected.append("\(message.type)")
            case .closed(let error):
                outcome.closeError = error
                finish()
            }
        }.whenFailure { [self] error in
            outcome.closeError = "connect: \(error)"
            finish()
        }
        return promise.futureResult
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        timer = nil
        promise.succeed(outcome)
    }
}
