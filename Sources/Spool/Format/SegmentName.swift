/// Segment and index file names: the first sequence, zero-padded to 20 digits, so that names sort
/// in sequence order (SPOOL.md section 2).
enum SegmentName {
    static let segmentExtension = ".seg"
    static let indexExtension = ".idx"

    static func segment(_ firstSequence: UInt64) -> String { padded(firstSequence) + segmentExtension }
    static func index(_ firstSequence: UInt64) -> String { padded(firstSequence) + indexExtension }

    /// The first sequence named by `name`, or nil when `name` is not a file of this kind.
    static func parse(_ name: String, ext: String) -> UInt64? {
        guard name.count == 20 + ext.count, name.hasSuffix(ext) else { return nil }
        let digits = name.prefix(20)
        guard digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return UInt64(digits)
    }

    private static func padded(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}
