/// `/proc/self/mountinfo`: which mount holds a path.
struct MountTable: Equatable {
    struct Mount: Equatable {
        var mountPoint: String
        var fileSystemType: String
        var source: String
    }

    var mounts: [Mount] = []

    /// Parses lines such as
    /// `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`.
    static func parse(_ text: ProcText) -> MountTable {
        var table = MountTable()
        for line in text.lines {
            let fields = ProcText.fields(line)
            guard let separator = fields.firstIndex(where: { $0.elementsEqual("-".utf8) }),
                  separator >= 6, separator + 2 < fields.count else { continue }
            table.mounts.append(Mount(
                mountPoint: unescape(ProcText.string(fields[4])),
                fileSystemType: ProcText.string(fields[separator + 1]),
                source: unescape(ProcText.string(fields[separator + 2]))))
        }
        return table
    }

    /// The mount whose mount point is the longest prefix of the absolute `path`; the last
    /// one mounted wins when several share a mount point.
    func mount(holding path: String) -> Mount? {
        var best: Mount?
        for mount in mounts where Self.contains(mount.mountPoint, path) {
            if let current = best, current.mountPoint.count > mount.mountPoint.count { continue }
            best = mount
        }
        return best
    }

    static func contains(_ mountPoint: String, _ path: String) -> Bool {
        if mountPoint == "/" { return path.hasPrefix("/") }
        return path == mountPoint || path.hasPrefix(mountPoint + "/")
    }

    /// mountinfo escapes space, tab, newline and backslash as `\040`-style octal.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "\\"), index + 3 < source.count {
                let digits = source[(index + 1)...(index + 3)]
                if let value = UInt8(String(decoding: digits, as: UTF8.self), radix: 8) {
                    bytes.append(value)
                    index += 4
                    continue
                }
            }
            bytes.append(source[index])
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
