#if canImport(Glibc)
import Glibc
#endif
import Spool

/// A configuration ready to use, with the warnings loading it produced (deprecated keys, a
/// world-readable file holding a password, ignored environment variables).
public struct LoadedConfig: Hashable, Sendable {
    public var config: CollectorConfig
    public var warnings: [String]
    /// The file it was read from.
    public var path: String
}

/// Reads `collector.toml`, applies the environment, and checks every key and value.
///
/// Precedence, highest first: `PGANALYTICS_<SECTION>_<KEY>` variables, the file, libpq's `PG*`
/// variables (for `[postgres]`), built-in defaults.
public enum ConfigLoader {
    /// The path used when `--config` is not given.
    public static let defaultPath = "/etc/pganalytics/collector.toml"

    /// Loads the file at `path`.
    /// - Throws: `ConfigError` naming the key and the line (or variable) of the first problem.
    public static func load(path: String, environment: [String: String] = ProcessEnvironment.current()) throws(ConfigError) -> LoadedConfig {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw ConfigError(.unreadable, "cannot read \(path): \(error.message)")
        }
        var loaded = try loadDetailed(text: text, path: path, environment: environment)
        if let warning = PermissionCheck.warning(path: path, holdsSecret: loaded.holdsSecret) {
            loaded.loaded.warnings.insert(warning, at: 0)
        }
        return loaded.loaded
    }

    /// Loads configuration text as if read from `path` (used by `load(path:)` and tests).
    public static func load(text: String, path: String, environment: [String: String] = [:]) throws(ConfigError) -> LoadedConfig {
        try loadDetailed(text: text, path: path, environment: environment).loaded
    }

    private static func loadDetailed(text: String, path: String, environment: [String: String]) throws(ConfigError) -> (loaded: LoadedConfig, holdsSecret: Bool) {
        let table: TOMLTable
        do {
            table = try TOML.parse(text)
        } catch {
            throw ConfigError(.syntax, location: .file(path: path, line: error.line), "column \(error.column): \(error.message)")
        }
        var warnings: [String] = []
        var source = try ConfigSource(file: table, path: path)
        let holdsSecret = source.fileKeys.contains("postgres.password") || source.fileKeys.contains("security.jwt_token")
        source.overlay(environment: environment, warnings: &warnings)
        source.underlay(libpqEnvironment: environment)
        var decoder = ConfigDecoder(source: source)
        let config = try decoder.decode()
        warnings += decoder.warnings
        return (LoadedConfig(config: config, warnings: warnings, path: path), holdsSecret)
    }
}

/// The process environment as a dictionary, read from `environ` without Foundation.
public enum ProcessEnvironment {
    public static func current() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
