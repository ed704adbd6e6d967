import WireProtocol

/// When appended records are forced to stable storage.
public enum FsyncPolicy: Hashable, Sendable {
    /// `append` returns only after an fdatasync covering the record. Concurrent appends share
    /// one fdatasync (group commit).
    case always
    /// A background thread calls fdatasync at most every `milliseconds` while there is unsynced
    /// data; `waitDurable` tells a caller when its record is covered.
    case interval(milliseconds: Int)
    /// Never call fdatasync; the operating system writes back when it likes. A record counts as
    /// durable once written to the file. A power loss may lose recent records.
    case never
}

/// What `append` does when the spool would exceed `maxBytes` or the file system is full.
public enum FullPolicy: Hashable, Sendable {
    /// Delete the oldest segments, acknowledged or not, and count their unacknowledged records
    /// and samples as dropped. Collection never stops.
    case dropOldest
    /// Wait up to `maxWaitMilliseconds` on the calling thread for acknowledgements to free space,
    /// then throw `spoolFull` (or `diskFull`). Zero throws at once.
    case block(maxWaitMilliseconds: Int)
}

/// How a spool is written and bounded.
public struct SpoolOptions: Hashable, Sendable {
    /// When records become durable.
    public var fsync: FsyncPolicy
    /// A segment is sealed and a new one started when the next record would take it past this
    /// many bytes. A single larger record still gets a segment of its own.
    public var segmentBytes: Int
    /// Bound on the bytes of all segment and index files together.
    public var maxBytes: Int64
    /// Segments whose newest record is older than this many seconds are deleted as if full
    /// (counted as dropped when unacknowledged). Nil: no age bound.
    public var maxAgeSeconds: Int?
    /// What happens when the spool is full.
    public var fullPolicy: FullPolicy
    /// Frame limits that a record header must pass (PROTOCOL.md section 4).
    public var limits: Limits
    /// Whether `append` verifies each record's payload CRC before writing it.
    public var verifyPayloadOnAppend: Bool
    /// How long `open` retries while another holder has the directory lock before it throws
    /// `locked` (a previous holder may be exiting).
    public var lockWaitMilliseconds: Int

    public init(
        fsync: FsyncPolicy = .interval(milliseconds: 10),
        segmentBytes: Int = 64 << 20,
        maxBytes: Int64 = 1 << 30,
        maxAgeSeconds: Int? = nil,
        fullPolicy: FullPolicy = .dropOldest,
        limits: Limits = .default,
        verifyPayloadOnAppend: Bool = true,
        lockWaitMilliseconds: Int = 500
    ) {
        self.fsync = fsync
        self.segmentBytes = segmentBytes
        self.maxBytes = maxBytes
        self.maxAgeSeconds = maxAgeSeconds
        self.fullPolicy = fullPolicy
        self.limits = limits
        self.verifyPayloadOnAppend = verifyPayloadOnAppend
        self.lockWaitMilliseconds = lockWaitMilliseconds
    }

    func validate(directory: String) throws(SpoolError) {
        func fail(_ detail: String) -> SpoolError { SpoolError(.invalidOptions, path: directory, detail) }
        guard segmentBytes >= 4096, segmentBytes <= 1 << 30 else {
            throw fail("segmentBytes \(segmentBytes) must be between 4096 and 1 GiB")
        }
        guard maxBytes >= 2 * Int64(segmentBytes) else {
            throw fail("maxBytes \(maxBytes) must be at least twice segmentBytes (\(segmentBytes)) so that one sealed segment can be dropped while another is written")
        }
        if case .interval(let ms) = fsync, ms <= 0 {
            throw fail("fsync interval \(ms) ms must be positive")
        }
        if case .block(let ms) = fullPolicy, ms < 0 {
            throw fail("block wait \(ms) ms must not be negative")
        }
        if let age = maxAgeSeconds, age <= 0 {
            throw fail("maxAgeSeconds \(age) must be positive")
        }
    }
}
