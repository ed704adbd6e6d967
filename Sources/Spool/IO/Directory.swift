import Glibc

/// Directory operations the spool needs: create, list, remove, rename, and fsync.
enum Directory {
    /// Creates `path` (one level) unless it exists.
    static func create(_ path: String) throws(SpoolError) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        throw SpoolError.system(errno, path: path, "mkdir")
    }

    /// Names of the entries of `path`, without `.` and `..`.
    static func list(_ path: String) throws(SpoolError) -> [String] {
        guard let dir = opendir(path) else { throw SpoolError.system(errno, path: path, "opendir") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a file; a file that is already gone is not an error.
    static func remove(_ path: String) throws(SpoolError) {
        if unlink(path) == 0 || errno == ENOENT { return }
        throw SpoolError.system(errno, path: path, "unlink")
    }

    static func rename(_ from: String, to: String) throws(SpoolError) {
        guard Glibc.rename(from, to) == 0 else { throw SpoolError.system(errno, path: from, "rename to \(to)") }
    }

    /// Makes the directory's entries (created, renamed, removed files) durable.
    static func sync(_ path: String) throws(SpoolError) {
        let dir = try SpoolFile.open(path, flags: O_RDONLY | O_DIRECTORY)
        try dir.fullSync()
    }

    static func fileSize(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_size)
    }
}

/// Writes a small file atomically: temp file, fsync, rename over the target, fsync the directory.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, directory: String) throws(SpoolError) {
        let temp = path + ".tmp"
        do {
            let file = try SpoolFile.open(temp, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try file.write(bytes, at: 0)
            // The data must be on disk before the rename makes it visible under the real name,
            // or a crash could leave a renamed but empty file.
            try file.fullSync()
        } catch {
            try? Directory.remove(temp)
            throw error
        }
        try Directory.rename(temp, to: path)
        try Directory.sync(directory)
    }
}
