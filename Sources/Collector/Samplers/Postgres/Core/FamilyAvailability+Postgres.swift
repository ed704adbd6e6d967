extension PostgresFamilyRequirements {
    /// The words that start the reason of a family the server's version lacks, so that
    /// `--validate` and `--dry-run` say so rather than report a failure.
    public static let versionReasonPrefix = "not available on this version"

    /// Whether a family with these requirements can be collected from `server`, and why not.
    public func status(on server: ServerInfo) -> FamilyAvailability.Status {
        let version = server.versionNum
        guard version >= PostgresVersion.oldestSupported else {
            return .unavailable(reason: "\(Self.versionReasonPrefix): PostgreSQL \(Self.display(version)) is older than 12, the oldest supported version")
        }
        guard version >= minimumServerVersion else {
            return .unavailable(reason: "\(Self.versionReasonPrefix): needs PostgreSQL \(Self.display(minimumServerVersion)) or later, the server is \(Self.display(version))")
        }
        if standbyOnly, !server.inRecovery {
            return .unavailable(reason: "the server is not a standby")
        }
        if needsStatementsExtension {
            guard server.statementsLibraryLoaded else {
                return .unavailable(reason: "pg_stat_statements is not in shared_preload_libraries")
            }
            guard let installed = server.statementsExtensionVersion else {
                return .unavailable(reason: "the pg_stat_statements extension is not created in this database (CREATE EXTENSION pg_stat_statements)")
            }
            let expected = Self.statementsExtensionVersion(forServerVersion: version)
            guard Self.compare(installed, expected) >= 0 else {
                return .unavailable(reason: "pg_stat_statements \(installed) is older than \(expected), which PostgreSQL \(Self.display(version)) ships (ALTER EXTENSION pg_stat_statements UPDATE)")
            }
        }
        if needsMonitorRole, !server.hasMonitorRole {
            return .notPermitted(reason: "the collector's role is not a member of pg_monitor (GRANT pg_monitor TO ...)")
        }
        return .available
    }

    /// The `pg_stat_statements` version whose columns the SQL for `version` reads.
    static func statementsExtensionVersion(forServerVersion version: Int) -> String {
        switch version {
        case ..<PostgresVersion.v13: "1.7"
        case ..<PostgresVersion.v14: "1.8"
        case ..<PostgresVersion.v15: "1.9"
        case ..<PostgresVersion.v17: "1.10"
        case ..<PostgresVersion.v18: "1.11"
        default: "1.12"
        }
    }

    /// Compares dotted versions numerically: "1.10" is after "1.9".
    static func compare(_ a: String, _ b: String) -> Int {
        let left = a.split(separator: ".").map { Int($0) ?? 0 }
        let right = b.split(separator: ".").map { Int($0) ?? 0 }
        for index in 0..<max(left.count, right.count) {
            let (l, r) = (index < left.count ? left[index] : 0, index < right.count ? right[index] : 0)
            if l != r { return l < r ? -1 : 1 }
        }
        return 0
    }

    /// `150018` as `15.18`.
    static func display(_ version: Int) -> String {
        version % 10000 == 0 ? "\(version / 10000)" : "\(version / 10000).\(version % 10000)"
    }
}
