import Spool

/// Turns layered raw settings into a `CollectorConfig`, section by section.
struct ConfigDecoder {
    let source: ConfigSource
    private(set) var warnings: [String] = []

    init(source: ConfigSource) {
        self.source = source
    }

    mutating func decode() throws(ConfigError) -> CollectorConfig {
        var config = CollectorConfig()
        try decodeCollector(&config)
        try decodeBackend(&config)
        try decodePostgres(&config)
        try decodeMetrics(&config)
        try decodeIntervals(&config)
        try decodeSpoolAndBuffer(&config)
        try decodeSecurity(&config)
        return config
    }

    private func decodeCollector(_ config: inout CollectorConfig) throws(ConfigError) {
        var section = source.reader("collector")
        if let id = try section.string("id") {
            guard !id.isEmpty else { throw section.fail(.invalidValue, "id", "must not be empty") }
            config.collector.id = id
        }
        if let hostname = try section.string("hostname"), !hostname.isEmpty { config.collector.hostname = hostname }
        if let interval = try section.seconds("interval", in: 1...86_400) { config.collector.interval = interval }
        try section.finish(known: ["id", "hostname", "interval"])
    }

    private func decodeBackend(_ config: inout CollectorConfig) throws(ConfigError) {
        var section = source.reader("backend")
        config.backend.url = try section.string("url")
        config.backend.tlsCert = try section.string("tls_cert")
        config.backend.tlsKey = try section.string("tls_key")
        config.backend.caCert = try section.string("ca_cert")
        for (key, path) in [("tls_cert", config.backend.tlsCert), ("tls_key", config.backend.tlsKey), ("ca_cert", config.backend.caCert)] {
            if let path, !path.hasPrefix("/") {
                throw section.fail(.invalidValue, key, "\"\(path)\" must be an absolute path")
            }
        }
        if let url = config.backend.url, url.trimmingSpaces.isEmpty {
            throw section.fail(.invalidValue, "url", "must not be empty; remove the key to collect without shipping")
        }
        config.backend.serverName = try section.string("server_name")
        if let frames = try section.int("window_frames", in: 1...1_000_000) { config.backend.windowFrames = frames }
        if let bytes = try section.bytes("window_bytes", in: 4096...(Int64(1) << 30)) { config.backend.windowBytes = bytes }
        if let seconds = try section.seconds("reconnect_max", in: 1...3600) { config.backend.reconnectMaxSeconds = seconds }
        if let percent = try section.int("renew_remaining_percent", in: 0...90) { config.backend.renewRemainingPercent = percent }
        try section.finish(known: [
            "url", "tls_cert", "tls_key", "ca_cert", "server_name", "window_frames", "window_bytes", "reconnect_max",
            "renew_remaining_percent",
        ])
    }

    private func decodePostgres(_ config: inout CollectorConfig) throws(ConfigError) {
        var section = source.reader("postgres")
        var postgres = PostgresSettings()
        postgres.host = try section.string("host")
        postgres.port = try section.int("port", in: 1...65_535)
        postgres.user = try section.string("user")
        postgres.password = try section.string("password")
        if let databases = try section.strings("databases") {
            guard !databases.isEmpty else { throw section.fail(.invalidValue, "databases", "name at least one database") }
            var seen = Set<String>()
            for name in databases {
                guard !name.isEmpty else { throw section.fail(.invalidValue, "databases", "a database name is empty") }
                guard seen.insert(name).inserted else { throw section.fail(.invalidValue, "databases", "\"\(name)\" is listed twice") }
            }
            postgres.databases = databases
        }
        if let mode = try section.string("sslmode") {
            guard PostgresSettings.sslModes.contains(mode) else {
                throw section.fail(.invalidValue, "sslmode", "\"\(mode)\" is not one of \(PostgresSettings.sslModes.joined(separator: ", "))")
            }
            postgres.sslMode = mode
        }
        postgres.passwordFile = try section.string("password_file")
        postgres.dataDirectory = try section.string("data_directory")
        if let timeout = try section.seconds("connect_timeout", in: 1...300) { postgres.connectTimeout = timeout }
        try section.finish(known: ["host", "port", "user", "password", "databases", "sslmode", "password_file", "data_directory", "connect_timeout"])
        config.postgres = postgres
    }

    private func decodeMetrics(_ config: inout CollectorConfig) throws(ConfigError) {
        var section = source.reader("metrics")
        // Group switches first, so that a family's own switch wins whatever the order in the file.
        for (key, families) in MetricFamily.groupSwitches.sorted(by: { $0.key < $1.key }) {
            guard let on = try section.bool(key) else { continue }
            for family in families {
                if on { config.metrics.enabled.insert(family) } else { config.metrics.enabled.remove(family) }
            }
        }
        for family in MetricFamily.allCases {
            guard let on = try section.bool(family.name) else { continue }
            if on { config.metrics.enabled.insert(family) } else { config.metrics.enabled.remove(family) }
        }
        try section.finish(known: MetricFamily.groupSwitches.keys.sorted() + ["<family name>"])
    }

    private func decodeIntervals(_ config: inout CollectorConfig) throws(ConfigError) {
        var section = source.reader("intervals")
        for family in MetricFamily.allCases where family != .collectorEvents {
            if let seconds = try section.seconds(family.name, in: 1...86_400) { config.metrics.intervals[family] = seconds }
        }
        try section.finish(known: ["<family name> = seconds (collector_events has no interval)"])
    }

    private mutating func decodeSpoolAndBuffer(_ config: inout CollectorConfig) throws(ConfigError) {
        var section = source.reader("spool")
        var spool = SpoolSettings()
        if let directory = try section.string("dir") {
            guard directory.hasPrefix("/") else { throw section.fail(.invalidValue, "dir", "\"\(directory)\" must be an absolute path") }
            spool.directory = directory
        }
        let maxBytes = try section.bytes("max_bytes", in: (1 << 20)...(Int64(1) << 50))
        if let maxBytes { spool.maxBytes = maxBytes }
        let fsyncText = try section.string("fsync")
        if let fsyncText {
            guard let policy = FsyncText.policy(fsyncText) else {
                throw section.fail(.invalidValue, "fsync", "\"\(fsyncText)\" is not always, never or interval:<duration> (e.g. interval:100ms)")
            }
            spool.fsync = policy
        }
        if let policy = try section.string("drop_policy") {
            guard let parsed = SpoolSettings.DropPolicy(rawValue: policy) else {
                throw section.fail(.invalidValue, "drop_policy", "\"\(policy)\" is not drop_oldest or drop_newest")
            }
            spool.dropPolicy = parsed
        }
        spool.maxAgeSeconds = try section.seconds("max_age", in: 60...(3650 * 86_400))
        if let segment = try section.bytes("segment_bytes", in: 4096...(1 << 30)) { spool.segmentBytes = Int(segment) }
        try section.finish(known: ["dir", "max_bytes", "fsync", "drop_policy", "max_age", "segment_bytes"])

        // v3's in-memory buffer, mapped onto the spool (docs/collector.md, "[buffer]").
        var buffer = source.reader("buffer")
        if let samples = try buffer.int("max_size", in: Int64(1)...Int64(1) << 40) {
            let floor = samples * Self.spoolBytesPerSample
            if maxBytes == nil {
                spool.maxBytes = max(spool.maxBytes, floor)
            } else if floor > spool.maxBytes {
                warnings.append("[buffer] max_size \(samples) asks for about \(floor) bytes of spool, more than [spool] max_bytes \(spool.maxBytes); [spool] max_bytes wins")
            }
        }
        if let flush = try buffer.seconds("flush_interval", in: 1...3600), fsyncText == nil {
            spool.fsync = .interval(milliseconds: flush * 1000)
        }
        try buffer.finish(known: ["max_size", "flush_interval"])

        let options = spool.options
        guard options.maxBytes >= 2 * Int64(options.segmentBytes) else {
            throw section.fail(.invalidValue, spool.segmentBytes == nil ? "max_bytes" : "segment_bytes",
                               "max_bytes (\(options.maxBytes)) must be at least twice segment_bytes (\(options.segmentBytes))")
        }
        config.spool = spool
    }

    private mutating func decodeSecurity(_ config: inout CollectorConfig) throws(ConfigError) {
        var section = source.reader("security")
        if let on = try section.bool("tls_enabled") { config.security.tlsEnabled = on }
        if let on = try section.bool("verify_ssl") { config.security.verifySSL = on }
        if try section.string("jwt_token") != nil {
            warnings.append("[security] jwt_token is ignored: the collector now authenticates with its TLS client certificate; remove the key")
        }
        try section.finish(known: ["tls_enabled", "verify_ssl", "jwt_token"])
    }

    /// Spool bytes reserved per v3 buffered sample: a generous upper bound for a compressed row.
    static let spoolBytesPerSample: Int64 = 256
}

/// The `fsync` setting: `always`, `never`, or `interval:<duration>`.
enum FsyncText {
    static func policy(_ text: String) -> FsyncPolicy? {
        let lowered = text.trimmingSpaces.lowercased()
        switch lowered {
        case "always": return .always
        case "never": return .never
        default:
            guard lowered.hasPrefix("interval:"), let millis = DurationText.milliseconds(String(lowered.dropFirst(9))),
                  millis > 0, millis <= 3_600_000 else { return nil }
            return .interval(milliseconds: Int(millis))
        }
    }

    static func text(_ policy: FsyncPolicy) -> String {
        switch policy {
        case .always: "always"
        case .never: "never"
        case .interval(let ms): ms % 1000 == 0 ? "interval:\(ms / 1000)s" : "interval:\(ms)ms"
        }
    }
}
