/// The BATCH frames sent and not yet acknowledged on one connection, bounded in frames and bytes.
///
/// The shipper sends while ``canSend(bytes:)`` allows it and releases frames on ACK. One frame
/// is always allowed when nothing is in flight, so a record larger than the byte bound still
/// moves (the backend's frame limit, not the window, decides whether it is acceptable).
public struct ShippingWindow: Sendable {
    /// One frame in flight.
    public struct Entry: Sendable {
        public var sequence: UInt64
        public var bytes: [UInt8]
    }

    /// Most frames in flight.
    public private(set) var maxFrames: Int
    /// Most bytes in flight.
    public private(set) var maxBytes: Int
    /// Frames in flight, oldest first.
    public private(set) var entries: [Entry] = []
    private var head = 0
    /// Bytes in flight.
    public private(set) var bytesInFlight = 0

    public init(maxFrames: Int, maxBytes: Int) {
        precondition(maxFrames >= 1 && maxBytes >= 1, "a window holds at least one frame and one byte")
        self.maxFrames = maxFrames
        self.maxBytes = maxBytes
    }

    /// Frames in flight.
    public var framesInFlight: Int { entries.count - head }
    /// Whether nothing is in flight.
    public var isEmpty: Bool { framesInFlight == 0 }
    /// The highest sequence sent, if any is in flight.
    public var lastSent: UInt64? { isEmpty ? nil : entries.last?.sequence }

    /// Lowers the byte bound to what the backend announced (WELCOME's max unacknowledged bytes).
    public mutating func limitBytes(to backendMaximum: Int) {
        if backendMaximum > 0 { maxBytes = min(maxBytes, backendMaximum) }
    }

    /// Whether a frame of `bytes` may be sent now.
    public func canSend(bytes: Int) -> Bool {
        if isEmpty { return true }
        return framesInFlight < maxFrames && bytesInFlight + bytes <= maxBytes
    }

    /// Bytes that may still be sent before the byte bound (0 when full).
    public var roomBytes: Int { max(0, maxBytes - bytesInFlight) }
    /// Frames that may still be sent before the frame bound.
    public var roomFrames: Int { max(0, maxFrames - framesInFlight) }

    /// Records a sent frame. Sequences increase.
    public mutating func sent(sequence: UInt64, bytes: [UInt8]) {
        precondition(lastSent.map { sequence > $0 } ?? true, "window sequences must increase")
        entries.append(Entry(sequence: sequence, bytes: bytes))
        bytesInFlight += bytes.count
    }

    /// Releases every frame with a sequence ≤ `sequence` and returns how many were released.
    @discardableResult
    public mutating func acknowledge(through sequence: UInt64) -> Int {
        var released = 0
        while head < entries.count, entries[head].sequence <= sequence {
            bytesInFlight -= entries[head].bytes.count
            head += 1
            released += 1
        }
        if head > 64 && head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
        return released
    }

    /// The frame in flight with `sequence`, if any.
    public func entry(sequence: UInt64) -> Entry? {
        entries[head...].first { $0.sequence == sequence }
    }

    /// Forgets everything in flight (the connection ended).
    public mutating func reset() {
        entries.removeAll()
        head = 0
        bytesInFlight = 0
    }
}
