import Foundation

/// The Grafana provisioning tree of the repository (`grafana/provisioning`): the data source,
/// the dashboard provider and dashboards, the alert rules.
enum ProvisioningFiles {
    /// The repository's root, from this file's location (Tests/GrafanaTests/Support/...).
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var provisioning: URL { root.appendingPathComponent("grafana/provisioning") }

    /// Files under `grafana/provisioning/<folder>` whose names end in `suffix`, sorted, recursively.
    static func files(in folder: String, suffix: String) throws -> [URL] {
        let directory = provisioning.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            throw ProvisioningError(file: directory.path, message: "cannot list the directory")
        }
        return enumerator.compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(suffix) }
            .sorted { $0.path < $1.path }
    }

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    static func yaml(_ url: URL) throws -> YAMLValue {
        do {
            return try YAMLSubset.parse(text(url))
        } catch let error as YAMLSubsetError {
            throw ProvisioningError(file: relative(url), message: "\(error)")
        }
    }

    static func json(_ url: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: url)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ProvisioningError(file: relative(url), message: "not a JSON object")
        }
        return object
    }

    /// `grafana/provisioning/...` for messages.
    static func relative(_ url: URL) -> String {
        let prefix = root.path + "/"
        return url.path.hasPrefix(prefix) ? String(url.path.dropFirst(prefix.count)) : url.path
    }

    /// The data source every dashboard and rule must use.
    static let datasourceUID = "pganalytics"
    static let datasourceType = "postgres"
}

struct ProvisioningError: Error, CustomStringConvertible {
    var file: String
    var message: String
    var description: String { "\(file): \(message)" }
}
