import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

/// The throwaway cluster tools/test exported (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE);
/// tests that need it fail, not skip, when it is missing.
enum PostgresTestCluster {
    static func environment(_ name: String) -> String? {
        PostgresTestEnvironment.environment(name)
    }

    /// Whether the server ships pg_stat_statements (preloaded, and created in template1): false
    /// only for a server build without it, which tools/pg-cluster announces as PGA_PG_STATEMENTS=0.
    static var hasStatements: Bool { environment("PGA_PG_STATEMENTS") != "0" }

    static func parameters(database: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> ConnectionParameters {
        try PostgresTestEnvironment.parameters(database: database, sourceLocation: sourceLocation)
    }

    static func connect(database: String? = nil) throws -> PostgresConnection {
        try PostgresConnection(parameters(database: database))
    }

    /// Creates a fresh database (dropped first if a previous run left it).
    static func createDatabase(_ name: String) throws {
        try ScratchDatabase.create(name, on: connect(), replacing: true)
    }

    static func dropDatabase(_ name: String) {
        guard let admin = try? connect() else { return }
        ScratchDatabase.drop(name, on: admin)
    }

    /// Runs a PostgreSQL client program (`pgbench`, `psql`) with the cluster's environment.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], database: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        let bin = environment("PGA_PG_BIN").map { $0 + "/" + program }
        if let bin, FileManager.default.isExecutableFile(atPath: bin) {
            process.executableURL = URL(fileURLWithPath: bin)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        if let database { env["PGDATABASE"] = database }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
