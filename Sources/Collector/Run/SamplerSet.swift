import PostgresClient

/// Builds the samplers a configuration asks for: one `PostgresSampler` per database (the first
/// also collects the cluster-wide families) and one `HostSampler`.
public enum SamplerSet {
    public static func make(config: CollectorConfig) -> [any Sampler] {
        let disabled = Set(MetricFamily.allCases.filter { !config.metrics.enabled.contains($0) }.map(\.name))
        let options = PostgresSamplerOptions(disabled: disabled)
        var samplers: [any Sampler] = config.postgres.databases.enumerated().map { index, database in
            PostgresSampler(connection: ReconnectingConnection(config.postgres.connectionParameters(database: database)),
                            includeCluster: index == 0, options: options)
        }
        samplers.append(makeHostSampler(config: config))
        return samplers
    }

    /// The host sampler, watching the spool's file system and the data directory's (from the
    /// configuration, or asked from the server when the sampler first needs it).
    public static func makeHostSampler(config: CollectorConfig) -> HostSampler {
        var paths: [(role: String, path: String)] = [("spool", config.spool.directory)]
        if let dataDirectory = config.postgres.dataDirectory { paths.insert(("data_directory", dataDirectory), at: 0) }
        let sampler = HostSampler(watchedPaths: paths)
        if config.postgres.dataDirectory == nil, let database = config.postgres.databases.first {
            let parameters = config.postgres.connectionParameters(database: database)
            sampler.resolveDataDirectory = { DataDirectoryProbe.ask(parameters) }
        }
        return sampler
    }
}

/// Asks the server where its data directory is (`pg_read_all_settings`, part of `pg_monitor`).
public enum DataDirectoryProbe {
    public static func ask(_ parameters: ConnectionParameters) -> String? {
        guard let connection = try? PostgresConnection(parameters) else { return nil }
        defer { connection.close() }
        guard let result = try? connection.query("SELECT current_setting('data_directory')"),
              let row = result.rows.first, case .text(let path)? = row.first, path.hasPrefix("/") else { return nil }
        return path
    }
}
