#if canImport(Glibc)
import Glibc
#endif
import Ingest
import WireProtocol

/// The baseline's input: the rows of `rounds` collector rounds (the same batches the load
/// collectors send) as one `COPY ... (FORMAT binary)` file per family, written by Ingest's
/// `CopyEncoder` exactly as the writers stream them, and a psql script of `\copy` commands that
/// loads them into the same tables.
public struct CopyFiles: Sendable {
    public struct Written: Sendable {
        /// The psql script (`\copy` lines).
        public var script: String
        public var rows: Int
        public var bytes: Int
        public var files: [String]
    }

    public let directory: String
    public let rounds: Int
    public let collectorID: String
    public let catalog: FamilyCatalog

    public init(directory: String, rounds: Int, collectorID: String, catalog: FamilyCatalog = .standard) {
        self.directory = directory
        self.rounds = rounds
        self.collectorID = collectorID
        self.catalog = catalog
    }

    public func write() throws -> Written {
        let round = RoundFrames(sampledAt: LoadClock.nowMicroseconds())
        var written = Written(script: directory + "/copy.sql", rows: 0, bytes: 0, files: [])
        var script = ""
        for part in round.parts {
            guard let family = catalog[part.batch.family] else { throw LoadFailure("no table for family \(part.batch.family)") }
            let (columns, dropped) = CopyEncoder.mapping(part.batch, to: family)
            guard dropped.isEmpty else {
                throw LoadFailure("\(family.name): the sample batch has columns the table lacks: \(dropped.map(\.0.name))")
            }
            let path = "\(directory)/\(family.name).copy"
            let file = try OutputFile(path: path)
            var encoder = CopyEncoder(family: family, chunkBytes: 1 << 20)
            for _ in 0..<rounds {
                try encoder.append(part.batch, collectorID: collectorID, columns: columns) { chunk in try file.write(chunk) }
            }
            try encoder.finish { chunk in try file.write(chunk) }
            try file.close()
            written.rows += encoder.rows
            written.bytes += file.written
            written.files.append(path)
            let names = (family.columns.map(\.name) + ["time", "collector_id"]).map { "\"\($0)\"" }.joined(separator: ", ")
            script += "\\copy \(family.qualifiedTable) (\(names)) FROM '\(path)' (FORMAT binary)\n"
        }
        let scriptFile = try OutputFile(path: written.script)
        try scriptFile.write(Array(script.utf8))
        try scriptFile.close()
        return written
    }
}

/// A file written from the start.
final class OutputFile {
    private let fd: Int32
    private let path: String
    private(set) var written = 0

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LoadFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw LoadFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += count
        }
        written += bytes.count
    }

    func close() throws {
        guard Glibc.close(fd) == 0 else { throw LoadFailure("cannot close \(path): \(String(cString: strerror(errno)))") }
    }
}
