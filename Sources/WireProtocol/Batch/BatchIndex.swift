/// Where a batch's columns lie in its payload (see `Batch.index`): one allocation of u32 words.
///
/// Storage of its own rather than `[UInt32]` because creating an array of a given size goes
/// through a generic runtime path that looks up the array's type metadata on every call, which
/// cost more than the rest of the index work for a small batch.
struct BatchIndex: @unchecked Sendable {
    // @unchecked: the words are written only by `ColumnReader`, before the batch that holds the
    // index exists, and never change afterwards.
    private final class Storage: ManagedBuffer<Int, UInt32> {}

    private let storage: Storage

    /// An index of `count` words, uninitialised.
    init(count: Int) {
        storage = unsafeDowncast(Storage.create(minimumCapacity: count) { _ in count }, to: Storage.self)
    }

    /// Words in the index.
    var count: Int { storage.header }

    /// Calls `body` with the words, for writing them while decoding.
    func withMutableWords<R>(_ body: (UnsafeMutablePointer<UInt32>) -> R) -> R {
        storage.withUnsafeMutablePointerToElements(body)
    }

    /// Calls `body` with the words.
    @inline(__always)
    func withWords<R>(_ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
        storage.withUnsafeMutablePointerToElements { body(UnsafeBufferPointer(start: $0, count: storage.header)) }
    }
}
