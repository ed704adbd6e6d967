import Foundation
import PostgresClient
import Testing

/// The throwaway cluster tools/test exported (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE);
/// tests that need it fail, not skip, when it is missing.
enum PostgresTestCluster {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "the test PostgreSQL is not configured; run tools/test or `source tools/pg-cluster && pga_cluster_start`" }
    }

    static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name]
    }

    static func parameters(database: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> ConnectionParameters {
        let names = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"]
        let values = names.map(environment)
        guard values.allSatisfy({ $0 != nil }), let port = Int(values[1]!) else {
            let missing = zip(names, values).filter { $0.1 == nil }.map(\.0)
            Issue.record("\(Missing()) (unset: \(missing.joined(separator: ", ")))", sourceLocation: sourceLocation)
            throw Missing()
        }
        return ConnectionParameters(host: values[0], port: port, user: values[2], password: values[3],
                                    database: database ?? values[4], sslMode: "disable")
    }

    static func connect(database: String? = nil) throws -> PostgresConnection {
        try PostgresConnection(parameters(database: database))
    }

    /// Creates a fresh database (dropped first if a previous run left it).
    static func createDatabase(_ name: String) throws {
        let admin = try connect()
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try admin.execute("CREATE DATABASE \(name)")
    }

    static func dropDatabase(_ name: String) {
        try? connect().execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
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
