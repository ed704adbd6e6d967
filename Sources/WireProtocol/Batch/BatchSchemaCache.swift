#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The schemas of recently decoded BATCH payloads, one per family, so that a decoder that sees
/// a family's descriptor bytes again skips re-validating them.
///
/// A collector sends the same family name and column descriptors for a family in every frame.
/// Validating 30–42 names, creating a `String` for each and checking them for duplicates cost
/// more than decompressing the frame. With a cache, `Batch.decode` compares the payload's
/// descriptor bytes with those last seen for the family (one `memcmp`) and, when they are
/// byte-identical, reuses the validated `[ColumnDescriptor]` and flags. Bytes that differ in any
/// way are validated in full, with the same checks, order, errors and offsets as without a cache,
/// and then replace the family's entry.
///
/// `MessageDecoder` keeps one per connection. The cache is bounded: at most `capacity` families
/// (the least recently added is replaced), each at most the bytes of `Limits.maxColumns`
/// descriptors.
public struct BatchSchemaCache: Sendable {
    /// Families remembered by a `MessageDecoder`.
    public static let defaultCapacity = 64

    struct Entry: Sendable {
        /// FNV-1a of `familyBytes`, compared first.
        var familyHash: UInt64
        /// The family name's bytes, without the length byte.
        var familyBytes: [UInt8]
        var family: String
        /// The column count field and every descriptor, exactly as in the payload.
        var schemaBytes: [UInt8]
        var columns: [ColumnDescriptor]
        var flags: [UInt8]
        /// `Batch.Header.plainWidths` of these descriptors.
        var plainWidths: [UInt8]
    }

    /// The most families remembered; 0 disables the cache.
    public let capacity: Int
    private(set) var entries: [Entry] = []
    /// The entry replaced when a new family arrives and the cache is full.
    private var nextEviction = 0

    public init(capacity: Int = BatchSchemaCache.defaultCapacity) {
        self.capacity = max(0, capacity)
    }

    /// Families currently remembered.
    public var count: Int { entries.count }

    /// The index of the entry for the family name whose bytes (without length byte) are `bytes`.
    func entry(family bytes: UnsafeRawBufferPointer) -> Int? {
        guard !entries.isEmpty else { return nil }
        let hash = Self.hash(bytes)
        for index in entries.indices where entries[index].familyHash == hash {
            if entries[index].familyBytes.withUnsafeBytes({ memoryEqual($0, bytes) }) { return index }
        }
        return nil
    }

    /// When the bytes at the reader's offset start with entry `index`'s schema bytes, skips them
    /// and returns where they started; otherwise leaves the reader alone and returns nil.
    func matchingSchema(_ index: Int, at reader: inout ByteReader) -> Int? {
        let count = entries[index].schemaBytes.count
        guard reader.remaining >= count else { return nil }
        let bytes = UnsafeRawBufferPointer(rebasing: reader.buffer[reader.offset..<reader.offset + count])
        guard entries[index].schemaBytes.withUnsafeBytes({ memoryEqual($0, bytes) }) else { return nil }
        return reader.take(count)
    }

    /// Remembers a validated schema, replacing the family's previous one.
    mutating func store(
        familyBytes: UnsafeRawBufferPointer, family: String, schemaBytes: UnsafeRawBufferPointer,
        columns: [ColumnDescriptor], flags: [UInt8], plainWidths: [UInt8]
    ) {
        guard capacity > 0 else { return }
        let hash = Self.hash(familyBytes)
        let entry = Entry(familyHash: hash, familyBytes: Array(familyBytes), family: family,
                          schemaBytes: Array(schemaBytes), columns: columns, flags: flags, plainWidths: plainWidths)
        if let index = entries.firstIndex(where: { $0.familyHash == hash && $0.familyBytes == entry.familyBytes }) {
            entries[index] = entry
        } else if entries.count < capacity {
            entries.append(entry)
        } else {
            entries[nextEviction] = entry
            nextEviction = (nextEviction + 1) % capacity
        }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// Whether two buffers hold the same bytes.
func memoryEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard let left = a.baseAddress, let right = b.baseAddress else { return true }
    return memcmp(left, right, a.count) == 0
}
