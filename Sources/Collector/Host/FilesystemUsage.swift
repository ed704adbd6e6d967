#if canImport(Glibc)
import Glibc
#endif
import WireProtocol

/// Space and inodes of the file systems holding the paths the collector cares about (the
/// PostgreSQL data directory, the spool), from `statvfs`.
struct FilesystemUsage: Equatable {
    struct Entry: Equatable {
        /// What the path is, e.g. `data_directory` or `spool`.
        var role: String
        var path: String
        var mount: MountTable.Mount?
        var sizeBytes: Int64
        var freeBytes: Int64
        var availableBytes: Int64
        var inodes: Int64
        var freeInodes: Int64
        var readOnly: Bool
    }

    var entries: [Entry] = []

    /// Measures each path (resolving symbolic links); paths that do not exist are skipped and
    /// returned in `missing`.
    static func measure(_ paths: [(role: String, path: String)], mounts: MountTable) -> (FilesystemUsage, missing: [String]) {
        var usage = FilesystemUsage()
        var missing: [String] = []
        for (role, path) in paths {
            guard let resolved = realPath(path) else {
                missing.append("\(role) \(path)")
                continue
            }
            var info = statvfs()
            guard statvfs(resolved, &info) == 0 else {
                missing.append("\(role) \(path)")
                continue
            }
            let fragment = Int64(info.f_frsize == 0 ? info.f_bsize : info.f_frsize)
            usage.entries.append(Entry(
                role: role, path: path, mount: mounts.mount(holding: resolved),
                sizeBytes: Int64(info.f_blocks) &* fragment, freeBytes: Int64(info.f_bfree) &* fragment,
                availableBytes: Int64(info.f_bavail) &* fragment,
                inodes: Int64(info.f_files), freeInodes: Int64(info.f_ffree),
                readOnly: info.f_flag & UInt(ST_RDONLY) != 0))
        }
        return (usage, missing)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    func batch(at time: SampleTime) throws(WireError) -> Batch {
        let columns: [ColumnDescriptor] = [
            .init(name: "role", type: .text), .init(name: "path", type: .text),
            .init(name: "mount_point", type: .text), .init(name: "device", type: .text), .init(name: "fs_type", type: .text),
            .init(name: "size_bytes", type: .int8), .init(name: "free_bytes", type: .int8),
            .init(name: "available_bytes", type: .int8), .init(name: "inodes", type: .int8),
            .init(name: "free_inodes", type: .int8), .init(name: "read_only", type: .bool),
        ]
        func text(_ value: String?) -> Value { value.map(Value.text) ?? .null }
        let rows = entries.map { entry -> [Value] in
            [.text(entry.role), .text(entry.path), text(entry.mount?.mountPoint), text(entry.mount?.source),
             text(entry.mount?.fileSystemType), .int8(entry.sizeBytes), .int8(entry.freeBytes),
             .int8(entry.availableBytes), .int8(entry.inodes), .int8(entry.freeInodes), .bool(entry.readOnly)]
        }
        return try Batch(family: MetricFamily.hostFilesystem.name, sampledAt: time.microsecondsSince2000, columns: columns, rows: rows)
    }
}
