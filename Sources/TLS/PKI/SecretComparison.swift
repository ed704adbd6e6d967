/// Comparing secrets (registration secrets, bearer tokens) without revealing, through the time
/// taken, how much of a guess was right.
public enum SecretComparison {
    /// Whether `presented` equals `expected`. The time taken depends only on the length of
    /// `presented` (which its sender knows anyway), never on where the two first differ nor on
    /// the expected secret's length or content.
    public static func equals(_ presented: some Collection<UInt8>, _ expected: [UInt8]) -> Bool {
        guard !expected.isEmpty else { return false }
        var difference = UInt64(truncatingIfNeeded: presented.count ^ expected.count)
        var index = 0
        for byte in presented {
            // Wrapping around `expected` keeps the loop's memory accesses independent of the
            // expected length; the length difference above already makes the result false.
            difference |= UInt64(byte ^ expected[index % expected.count])
            index += 1
        }
        return difference == 0
    }

    /// Whether the UTF-8 bytes of `presented` equal those of `expected`, in the same constant time.
    public static func equals(_ presented: String, _ expected: String) -> Bool {
        equals(Array(presented.utf8), Array(expected.utf8))
    }
}
