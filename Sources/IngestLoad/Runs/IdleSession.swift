import NIOCore
import TLS
import WireProtocol

/// One simulated collector of the connections run: HELLO, WELCOME, then only PINGs at the
/// interval WELCOME announced (or a shorter one), until told to leave.
final class IdleSession: @unchecked Sendable {
    let collectorID: String
    let loop: any EventLoop
    private let pingInterval: TimeAmount?
    private var channel: Channel?
    private var welcomed: EventLoopPromise<Void>?
    private var pinger: RepeatedTask?
    private var leaving = false
    private(set) var pongs = 0
    private(set) var errors = Tally()
    /// Why the connection ended before it was told to leave.
    private(set) var failure: String?
    let closed: EventLoopPromise<Void>
    private var didClose = false

    init(collectorID: String, pingInterval: TimeAmount?, loop: any EventLoop) {
        self.collectorID = collectorID
        self.pingInterval = pingInterval
        self.loop = loop
        closed = loop.makePromise()
    }

    func connect(to target: LoadTarget, tls: TLSContext) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        welcomed = promise
        LoadConnection.connect(to: target, tls: tls, on: loop) { [self] event in handle(event) }
            .whenFailure { [self] error in ended("connect: \(error)") }
        return promise.futureResult
    }

    private func handle(_ event: ClientEvent) {
        switch event {
        case .established(let channel):
            self.channel = channel
            let hello = Message.hello(Hello(firstUnacknowledged: 0, lastWritten: 0, software: "ingest-load",
                                            hostname: "\(collectorID).load.invalid"))
            _ = LoadConnection.send(hello.frame().bytes, on: channel)
        case .message(.welcome(let welcome)):
            let announced = TimeAmount.milliseconds(Int64(welcome.pingIntervalMilliseconds))
            let interval = pingInterval.map { min($0, announced) } ?? announced
            pinger = loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [self] _ in ping() }
            welcomed?.succeed(())
            welcomed = nil
        case .message(.pong):
            pongs += 1
        case .message(.error(let error)):
            errors.add(error.code.name)
        case .message:
            break
        case .closed(let error):
            ended(leaving ? nil : "closed by the backend" + (error.map { ": \($0)" } ?? ""))
        }
    }

    private func ping() {
        guard let channel, !leaving else { return }
        _ = LoadConnection.send(Message.ping(Ping(nonce: UInt64.random(in: 1...UInt64.max))).frame().bytes, on: channel)
    }

    private func ended(_ failure: String?) {
        pinger?.cancel()
        pinger = nil
        if self.failure == nil { self.failure = failure }
        welcomed?.fail(LoadFailure(failure ?? "closed"))
        welcomed = nil
        close()
    }

    private func close() {
        guard !didClose else { return }
        didClose = true
        closed.succeed(())
    }

    /// Whether the connection is still up.
    var isOpen: Bool { channel?.isActive == true && failure == nil }

    /// GOODBYE and close.
    func leave() {
        leaving = true
        pinger?.cancel()
        guard let channel, channel.isActive else { return close() }
        LoadConnection.send(Message.goodbye(Goodbye()).frame().bytes, on: channel)
            .flatMap { channel.close() }
            .whenComplete { [self] _ in close() }
    }
}
