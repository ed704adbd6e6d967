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
/// byte-identical, reuses the validated schema (`BatchSchema`, shared, not copied). Bytes that differ in any
/// way are validated in full, with the same checks, order, errors and offsets as without a cache,
/// and then replace the family's entry.
///
/// `MessageDecoder` keeps one per connection. The cache is bounded: at most `capacity` families
/// (the least recently added is replaced), each at most the bytes of `Limits.maxColumns`
/// descriptors.
public struct BatchSchemaCache: Sendable {
    /// Families remembered by a `MessageDecoder`.
    public static let defaultCapacity = 64

    final class Entry: Sendable {
        /// The family name's bytes, without the length byte.
        let familyBytes: [UInt8]
        /// The column count field and every descriptor, exactly as in the payload.
        let schemaBytes: [UInt8]
        let schema: BatchSchema

        init(familyBytes: [UInt8], schemaBytes: [UInt8], schema: BatchSchema) {
            self.familyBytes = familyBytes
            self.schemaBytes = schemaBytes
            self.schema = schema
        }
    }

    /// The most families remembered; 0 disables the cache.
    public let capacity: Int
    private var entries: [Entry] = []
    /// `hash(familyBytes)` of each entry, scanned before any entry's bytes are compared.
    private var hashes: [UInt64] = []
    /// The entry replaced when a new family arrives and the cache is full.
    private var nextEviction = 0

    public init(capacity: Int = BatchSchemaCache.defaultCapacity) {
        self.capacity = max(0, capacity)
    }

    /// Families currently remembered.
    public var count: Int { entries.count }

    /// The index of the entry for the family name whose bytes (without length byte) are `bytes`.
    func entry(family bytes: UnsafeRawBufferPointer) -> Int? {
        guard !hashes.isEmpty else { return nil }
        let hash = Self.hash(bytes)
        for index in hashes.indices where hashes[index] == hash {
            if entries[index].familyBytes.withUnsafeBytes({ memoryEqual($0, bytes) }) { return index }
        }
        return nil
    }

    /// Bytes of entry `index`'s family name.
    func familyLength(_ index: Int) -> Int { entries[index].familyBytes.count }

    /// Entry `index`'s family name.
    func family(_ index: Int) -> String { entries[index].schema.family }

    /// When the bytes at the reader's offset start with entry `index`'s schema bytes, skips them
    /// and returns the entry's schema; otherwise leaves the reader alone and returns nil.
    func matchingSchema(_ index: Int, at reader: inout ByteReader) -> BatchSchema? {
        let entry = entries[index]
        let count = entry.schemaBytes.count
        guard reader.remaining >= count else { return nil }
        let bytes = UnsafeRawBufferPointer(rebasing: reader.buffer[reader.offset..<reader.offset + count])
        guard entry.schemaBytes.withUnsafeBytes({ memoryEqual($0, bytes) }) else { return nil }
        _ = reader.take(count)
        return entry.schema
    }

    /// Remembers a validated schema, replacing the family's previous one.
    mutating func store(familyBytes: UnsafeRawBufferPointer, schemaBytes: UnsafeRawBufferPointer, schema: BatchSchema) {
        guard capacity > 0 else { return }
        let hash = Self.hash(familyBytes)
        let entry = Entry(familyBytes: Array(familyBytes), schemaBytes: Array(schemaBytes), schema: schema)
        if let index = self.entry(family: familyBytes) {
            entries[index] = entry
        } else if entries.count < capacity {
            entries.append(entry)
            hashes.append(hash)
        } else {
            entries[nextEviction] = entry
            hashes[nextEviction] = hash
            nextEviction = (nextEviction + 1) % capacity
        }
    }

    /// A hash of a family name (1–63 bytes) that reads at most two words of it: collisions only
    /// cost a comparison of the bytes.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var hash = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        if count >= 8 {
            hash ^= bytes.loadUnaligned(as: UInt64.self) &* 0xC2B2_AE3D_27D4_EB4F
            hash ^= bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) &* 0x1656_67B1_9E37_79F9
        } else {
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        return hash ^ hash >> 29
    }
}

/// Whether two buffers hold the same bytes.
func memoryEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard let left = a.baseAddress, let right = b.baseAddress else { return true }
    return memcmp(left, right, a.count) == 0
}
