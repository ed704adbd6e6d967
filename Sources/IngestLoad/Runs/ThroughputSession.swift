import NIOCore
import TLS
import WireProtocol

/// One simulated collector of the throughput run: HELLO, WELCOME, then BATCH frames of its
/// rounds pipelined within a window (frames and bytes), each ACK freeing room for more, until
/// the run's end; then it waits for the ACKs still owed, says GOODBYE and closes.
///
/// Everything runs on the connection's event loop.
final class ThroughputSession: @unchecked Sendable {
    struct Sent {
        let sequence: UInt64
        let sentAt: UInt64
        let rows: Int
        let bytes: Int
    }

    /// What a session counted.
    struct Counts {
        var framesSent = 0
        /// Frames and rows acknowledged before the end of the measured interval.
        var framesAcknowledged = 0
        var rowsAcknowledged = 0
        /// Frames and rows acknowledged while draining, after it.
        var framesDrained = 0
        var rowsDrained = 0
        var latencies: [UInt64] = []
        var errors = Tally()
        var failure: String?
    }

    let collectorID: String
    private let frames: RoundFrames
    private let windowFrames: Int
    private let windowBytes: Int
    private let loop: any EventLoop
    private var channel: Channel?
    private var welcomed: EventLoopPromise<Void>?
    let finished: EventLoopPromise<Void>
    private var next: UInt64 = 1
    private var inFlight = CircularBuffer<Sent>()
    private var inFlightBytes = 0
    private var maxUnacknowledged = Int.max
    private var stopAt: UInt64?
    private var sending = false
    private var draining = false
    private var done = false
    private(set) var counts = Counts()

    init(collectorID: String, frames: RoundFrames, windowFrames: Int, windowBytes: Int, loop: any EventLoop) {
        self.collectorID = collectorID
        self.frames = frames
        self.windowFrames = windowFrames
        self.windowBytes = windowBytes
        self.loop = loop
        finished = loop.makePromise()
    }

    /// Connects and says HELLO; the future succeeds at WELCOME.
    func connect(to target: LoadTarget, tls: TLSContext) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        welcomed = promise
        LoadConnection.connect(to: target, tls: tls, on: loop) { [self] event in handle(event) }
            .whenFailure { [self] error in end(failure: "connect: \(error)") }
        return promise.futureResult
    }

    /// Starts sending; stops taking new frames at `stopAt` (uptime nanoseconds).
    func start(stopAt: UInt64) {
        loop.assertInEventLoop()
        self.stopAt = stopAt
        sending = true
        loop.scheduleTask(deadline: NIODeadline.uptimeNanoseconds(stopAt)) { [self] in stopSending() }
        fill()
    }

    private func handle(_ event: ClientEvent) {
        switch event {
        case .established(let channel):
            self.channel = channel
            let hello = Message.hello(Hello(firstUnacknowledged: 0, lastWritten: 0, droppedRecords: 0,
                                            software: "ingest-load", hostname: "\(collectorID).load.invalid"))
            _ = LoadConnection.send(hello.frame().bytes, on: channel)
        case .message(.welcome(let welcome)):
            next = welcome.committedSequence + 1
            maxUnacknowledged = Int(welcome.maxUnacknowledgedBytes)
            welcomed?.succeed(())
            welcomed = nil
        case .message(.ack(let ack)):
            acknowledged(through: ack.committedThrough)
        case .message(.error(let error)):
            counts.errors.add(error.code.name)
            if error.fatal { end(failure: "ERROR \(error.code.name): \(error.message)") }
        case .message:
            break
        case .closed(let error):
            if !done { end(failure: "closed by the backend" + (error.map { ": \($0)" } ?? "")) }
        }
    }

    private func fill() {
        guard sending, !draining, let channel else { return }
        var wrote = false
        while inFlight.count < windowFrames {
            let part = frames.part(forSequence: next)
            let size = part.frameBytes
            if !inFlight.isEmpty && (inFlightBytes + size > windowBytes || inFlightBytes + size > maxUnacknowledged) { break }
            let bytes = part.frame(sequence: next)
            var buffer = channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            channel.write(buffer, promise: nil)
            inFlight.append(Sent(sequence: next, sentAt: NIODeadline.now().uptimeNanoseconds, rows: part.rows, bytes: size))
            inFlightBytes += size
            counts.framesSent += 1
            next += 1
            wrote = true
        }
        if wrote { channel.flush() }
    }

    private func acknowledged(through sequence: UInt64) {
        let now = NIODeadline.now().uptimeNanoseconds
        let measured = stopAt.map { now <= $0 } ?? false
        while let first = inFlight.first, first.sequence <= sequence {
            inFlight.removeFirst()
            inFlightBytes -= first.bytes
            if measured {
                counts.framesAcknowledged += 1
                counts.rowsAcknowledged += first.rows
                counts.latencies.append(now - first.sentAt)
            } else {
                counts.framesDrained += 1
                counts.rowsDrained += first.rows
            }
        }
        if draining {
            finishIfDrained()
        } else {
            fill()
        }
    }

    private func stopSending() {
        draining = true
        finishIfDrained()
    }

    private func finishIfDrained() {
        guard inFlight.isEmpty, !done else { return }
        done = true
        guard let channel else { return finished.succeed(()) }
        LoadConnection.send(Message.goodbye(Goodbye()).frame().bytes, on: channel)
            .flatMap { channel.close() }
            .whenComplete { [self] _ in finished.succeed(()) }
    }

    /// The connection failed or ended early.
    private func end(failure: String) {
        guard !done else { return }
        done = true
        counts.failure = failure
        welcomed?.fail(LoadFailure(failure))
        welcomed = nil
        channel?.close(promise: nil)
        finished.succeed(())
    }

    /// Gives up on ACKs still owed (the drain took too long).
    func abandon() {
        guard !done else { return }
        end(failure: "\(inFlight.count) frames still unacknowledged when the drain gave up")
    }
}

/// A failure the load tool reports as it is.
public struct LoadFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
