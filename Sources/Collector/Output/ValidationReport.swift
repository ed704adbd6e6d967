import PostgresClient

/// `pganalytics --validate`: checks the configuration, connects to every configured database,
/// reports privileges and extensions, and says for each family whether it will be collected.
public enum ValidationReport {
    /// What a database connection check found.
    public struct DatabaseCheck: Sendable {
        public var database: String
        public var target: String
        public var server: ServerInfo?
        public var extensions: [String]
        public var error: String?
    }

    /// Writes the report through `write`; `extra` (the executable's check of the backend
    /// settings and certificate files) is written before the verdict and counts towards it.
    /// - Returns: true when every database was reachable and `extra` is fine (the configuration
    ///   is valid, or this would not be called).
    public static func run(
        loaded: LoadedConfig, samplers: [any Sampler], extra: (lines: [String], ok: Bool) = ([], true), write: (String) -> Void
    ) -> Bool {
        let config = loaded.config
        write("configuration \(loaded.path): valid")
        for warning in loaded.warnings { write("  warning: \(warning)") }

        write("")
        write("PostgreSQL:")
        var reachable = true
        for database in config.postgres.databases {
            let check = checkDatabase(config.postgres.connectionParameters(database: database))
            write("  " + describe(check))
            if check.error != nil { reachable = false }
        }

        write("")
        write("families:")
        let setup = RunSetup(config: config, samplers: samplers)
        for sampler in samplers {
            let statuses = Dictionary(sampler.availability().map { ($0.family, $0.status) }, uniquingKeysWith: { first, _ in first })
            write("  \(sampler.name):")
            let width = sampler.families.map(\.count).max() ?? 0
            for family in sampler.families {
                let padded = family + String(repeating: " ", count: width - family.count)
                if !setup.isEnabled(family) {
                    write("    - \(padded)  not collected: disabled in the configuration")
                    continue
                }
                let status = statuses[family] ?? .available
                if status == .available {
                    write("    + \(padded)  collected every \(setup.interval(of: family)) s")
                } else {
                    write("    - \(padded)  not collected: \(describe(status))")
                }
            }
        }
        if config.metrics.enabled.contains(.collectorEvents) {
            write("  collector:")
            write("    + collector_events  written when a family fails or recovers, or the spool drops records")
        }

        write("")
        let spool = config.spool
        write("spool: \(spool.directory) (max \(spool.maxBytes) bytes, fsync \(FsyncText.text(spool.fsync)), \(spool.dropPolicy.rawValue)\(spool.maxAgeSeconds.map { ", max age \($0) s" } ?? ""))")
        if !extra.lines.isEmpty {
            write("")
            for line in extra.lines { write(line) }
        }
        write("")
        if !reachable {
            write("FAILED: PostgreSQL is not reachable")
        } else if !extra.ok {
            write("FAILED: the backend settings or certificate files are not usable")
        } else {
            write("OK: the configuration is valid and PostgreSQL is reachable")
        }
        return reachable && extra.ok
    }

    /// Connects to one database and reads version, role and extensions.
    public static func checkDatabase(_ parameters: ConnectionParameters) -> DatabaseCheck {
        let database = parameters.database ?? "(default)"
        var check = DatabaseCheck(database: database, target: parameters.displayName, server: nil, extensions: [])
        do {
            let connection = try PostgresConnection(parameters)
            defer { connection.close() }
            check.server = try ServerInfo.probe(connection)
            let result = try connection.query("SELECT extname || ' ' || extversion FROM pg_extension ORDER BY extname")
            check.extensions = result.rows.compactMap { row in
                if case .text(let text)? = row.first { return text }
                return nil
            }
        } catch {
            check.error = "\(error)"
        }
        return check
    }

    static func describe(_ check: DatabaseCheck) -> String {
        guard let server = check.server else {
            return "\(check.database) (\(check.target)): NOT REACHABLE: \(check.error ?? "unknown error")"
        }
        var parts = ["\(check.database) (\(check.target)): connected, PostgreSQL \(PostgresFamilyRequirements.display(server.versionNum))",
                     server.inRecovery ? "standby" : "primary",
                     server.hasMonitorRole ? "pg_monitor: yes" : "pg_monitor: NO (GRANT pg_monitor TO the collector's role)"]
        if let version = server.statementsExtensionVersion {
            parts.append("pg_stat_statements \(version)\(server.statementsLibraryLoaded ? "" : " (NOT in shared_preload_libraries)")")
        } else {
            parts.append(server.statementsLibraryLoaded ? "pg_stat_statements loaded but not created (CREATE EXTENSION pg_stat_statements)" : "pg_stat_statements not installed")
        }
        parts.append("extensions: " + (check.extensions.isEmpty ? "none" : check.extensions.joined(separator: ", ")))
        return parts.joined(separator: "; ")
    }

    /// "the server is not a standby", "not available on this version: needs PostgreSQL 16 or
    /// later, ...", "not permitted: ...".
    public static func describe(_ status: FamilyAvailability.Status) -> String {
        switch status {
        case .available: "available"
        case .disabled: "disabled in the configuration"
        case .unavailable(let reason): reason
        case .notPermitted(let reason): "not permitted: \(reason)"
        }
    }
}
