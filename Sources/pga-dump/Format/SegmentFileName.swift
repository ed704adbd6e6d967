/// Segment file names: the first sequence zero-padded to 20 digits, then `.seg`, so that names
/// sort in sequence order. Each has a sidecar `.idx` index with the same stem.
enum SegmentFileName {
    static let segmentExtension = ".seg"
    static let indexExtension = ".idx"

    /// The first sequence a segment file name promises, or nil when `name` is not one.
    static func firstSequence(_ name: String) -> UInt64? {
        guard name.utf8.count == 20 + segmentExtension.utf8.count, name.hasSuffix(segmentExtension) else { return nil }
        let digits = name.prefix(20)
        guard digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return UInt64(digits)
    }

    /// The last path component.
    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
