/// Segment and index file names (SPOOL.md section 2): the first sequence, zero-padded to 20
/// digits, then `.seg` or `.idx`, so that names sort in sequence order.
public enum SegmentName {
    /// The ending of a segment file's name.
    public static let segmentExtension = ".seg"
    /// The ending of an index file's name.
    public static let indexExtension = ".idx"

    /// The segment file name for a segment whose first record has `firstSequence`.
    public static func segment(_ firstSequence: UInt64) -> String { padded(firstSequence) + segmentExtension }
    /// The index file name for a segment whose first record has `firstSequence`.
    public static func index(_ firstSequence: UInt64) -> String { padded(firstSequence) + indexExtension }

    /// The first sequence a segment file name promises, or nil when `name` is not one.
    public static func firstSequence(ofSegment name: String) -> UInt64? { parse(name, ext: segmentExtension) }
    /// The first sequence an index file name promises, or nil when `name` is not one.
    public static func firstSequence(ofIndex name: String) -> UInt64? { parse(name, ext: indexExtension) }

    /// The first sequence named by `name`, or nil when `name` is not 20 digits then `ext`.
    static func parse(_ name: String, ext: String) -> UInt64? {
        guard name.utf8.count == 20 + ext.utf8.count, name.hasSuffix(ext) else { return nil }
        let digits = name.prefix(20)
        guard digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return UInt64(digits)
    }

    private static func padded(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}
