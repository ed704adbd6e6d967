/// Upper-case hexadecimal, zero-padded to the width of the type, as in problem texts
/// (`0x50475347`), the way WireProtocol's errors print checksums.
func hexText<T: FixedWidthInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, T.bitWidth / 4 - digits.count)) + digits
}
