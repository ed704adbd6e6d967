/// One configuration value before it is typed: TOML from the file, or text from the environment.
struct RawSetting {
    enum Content {
        case toml(TOMLValue)
        case text(String)
    }

    var content: Content
    var location: ConfigLocation
}

/// The settings of every section, layered: `PGANALYTICS_*` variables over the file over the
/// standard `PG*` variables.
struct ConfigSource {
    /// Sections the collector reads, in documentation order.
    static let sectionNames = ["collector", "backend", "postgres", "metrics", "intervals", "buffer", "spool", "security"]

    /// libpq's variables and the `[postgres]` key each one supplies when the file is silent.
    static let libpqVariables: [(variable: String, key: String)] = [
        ("PGHOST", "host"), ("PGPORT", "port"), ("PGUSER", "user"), ("PGPASSWORD", "password"),
        ("PGDATABASE", "databases"), ("PGSSLMODE", "sslmode"), ("PGPASSFILE", "password_file"),
        ("PGDATA", "data_directory"), ("PGCONNECT_TIMEOUT", "connect_timeout"),
    ]

    private(set) var sections: [String: [String: RawSetting]] = [:]
    /// Keys set in the file itself (not the environment), for the permission check.
    private(set) var fileKeys: Set<String> = []

    init() {}

    /// Reads the sections of a parsed file; top-level keys and unknown sections are errors.
    init(file table: TOMLTable, path: String) throws(ConfigError) {
        for (name, value) in table.entries {
            let location = ConfigLocation.file(path: path, line: value.line)
            guard case .table(let section) = value.kind else {
                throw ConfigError(.unknownKey, key: name, location: location,
                                  "keys must be inside a section such as [collector] or [postgres]")
            }
            guard Self.sectionNames.contains(name) else {
                throw ConfigError(.unknownSection, key: "[\(name)]", location: location,
                                  "unknown section; known sections are \(Self.sectionNames.map { "[\($0)]" }.joined(separator: ", "))")
            }
            var settings: [String: RawSetting] = [:]
            for (key, value) in section.entries {
                settings[key] = RawSetting(content: .toml(value), location: .file(path: path, line: value.line))
                fileKeys.insert("\(name).\(key)")
            }
            sections[name] = settings
        }
    }

    /// Applies `PGANALYTICS_<SECTION>_<KEY>` variables over everything else. Variables whose
    /// section is unknown are reported in `warnings` and ignored; `PGANALYTICS_CONFIG` names the
    /// file and is not a setting.
    mutating func overlay(environment: [String: String], warnings: inout [String]) {
        for (variable, value) in environment.sorted(by: { $0.key < $1.key }) where variable.hasPrefix("PGANALYTICS_") {
            if variable == "PGANALYTICS_CONFIG" { continue }
            let rest = variable.dropFirst("PGANALYTICS_".count).lowercased()
            guard let section = Self.sectionNames.first(where: { rest.hasPrefix($0 + "_") && rest.count > $0.count + 1 }) else {
                warnings.append("environment variable \(variable) is ignored: it names no section (PGANALYTICS_<SECTION>_<KEY>, sections \(Self.sectionNames.joined(separator: ", ")))")
                continue
            }
            let key = String(rest.dropFirst(section.count + 1))
            sections[section, default: [:]][key] = RawSetting(content: .text(value), location: .environment(variable: variable))
        }
    }

    /// Supplies `[postgres]` keys from libpq's `PG*` variables where neither the file nor a
    /// `PGANALYTICS_*` variable set them.
    mutating func underlay(libpqEnvironment environment: [String: String]) {
        for (variable, key) in Self.libpqVariables {
            guard let value = environment[variable], !value.isEmpty, sections["postgres"]?[key] == nil else { continue }
            sections["postgres", default: [:]][key] = RawSetting(content: .text(value), location: .environment(variable: variable))
        }
    }

    func reader(_ section: String) -> SectionReader {
        SectionReader(section: section, settings: sections[section] ?? [:])
    }
}
