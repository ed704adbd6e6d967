#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a /proc (or /sys) file and the small tokenizer the host parsers share.
///
/// /proc files report a size of 0, so they are read until end of file. No Foundation: this runs
/// every round.
struct ProcText {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    init(_ text: String) { self.bytes = Array(text.utf8) }

    /// Reads the whole file, or nil when it cannot be opened or read.
    static func read(_ path: String, limit: Int = 4 << 20) -> ProcText? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return ProcText(bytes)
    }

    /// The lines, without their line breaks; empty lines are skipped.
    var lines: [ArraySlice<UInt8>] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
    }

    /// Fields of a line separated by spaces or tabs.
    static func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
    }

    /// A non-negative decimal integer, or nil.
    static func uint64(_ field: ArraySlice<UInt8>) -> UInt64? {
        guard !field.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in field {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// A counter as a signed 64-bit value (wire `int8`), clamped.
    static func int64(_ field: ArraySlice<UInt8>) -> Int64? {
        uint64(field).map { Int64(clamping: $0) }
    }

    /// A decimal number with an optional fraction (load averages), or nil.
    static func double(_ field: ArraySlice<UInt8>) -> Double? {
        Double(String(decoding: field, as: UTF8.self))
    }

    static func string(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field, as: UTF8.self)
    }
}
