import Glibc

/// Whole-file reads and writes, and the corruptions the verify tests inject.
enum FileBytes {
    static func read(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    static func write(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot write \(path)")
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    static func size(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : -1
    }

    /// Flips one bit of the byte at `offset`.
    static func flipBit(_ path: String, at offset: Int, mask: UInt8 = 0x10) {
        var bytes = read(path)
        bytes[offset] ^= mask
        write(path, bytes)
    }

    /// Overwrites `count` bytes at `offset` with zeros.
    static func zero(_ path: String, at offset: Int, count: Int) {
        var bytes = read(path)
        for i in offset..<min(bytes.count, offset + count) { bytes[i] = 0 }
        write(path, bytes)
    }

    static func remove(_ path: String) {
        precondition(unlink(path) == 0, "cannot remove \(path)")
    }

    static func truncate(_ path: String, to length: Int) {
        precondition(Glibc.truncate(path, off_t(length)) == 0)
    }
}

/// Every file of a directory, byte for byte, to show that a run changed nothing.
struct DirectorySnapshot: Equatable {
    var files: [String: [UInt8]]

    init(_ directory: String) {
        var files: [String: [UInt8]] = [:]
        for name in listDirectory(directory) { files[name] = FileBytes.read(directory + "/" + name) }
        self.files = files
    }
}
