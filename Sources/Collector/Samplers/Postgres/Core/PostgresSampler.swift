import PostgresClient
import WireProtocol

/// Samples one database connection: the cluster-wide families on the first configured database,
/// and the per-database families on every one.
///
/// Each round first reads `ServerInfo` (version, standby, privileges, extension), then runs each
/// requested family that is available on that server with the SQL for its version. A failing
/// family is reported in `failures` and the others still run; a broken connection is made again
/// (with backoff) on a later round.
public final class PostgresSampler: Sampler {
    public let name: String
    public let connection: ReconnectingConnection
    public let options: PostgresSamplerOptions
    /// The families, in collection order.
    public let definitions: [any PostgresFamily]
    /// The server as last probed.
    public private(set) var server: ServerInfo?

    /// - Parameters:
    ///   - includeCluster: whether this connection also collects the cluster-wide families
    ///     (true for the first configured database only).
    public init(name: String? = nil, connection: ReconnectingConnection, includeCluster: Bool,
                options: PostgresSamplerOptions = PostgresSamplerOptions()) {
        self.name = name ?? "postgres:" + (connection.parameters.database ?? connection.parameters.displayName)
        self.connection = connection
        self.options = options
        definitions = PostgresFamilies.make(options: options, includeCluster: includeCluster)
    }

    /// A sampler over given families (tests).
    init(name: String, connection: ReconnectingConnection, definitions: [any PostgresFamily], options: PostgresSamplerOptions = PostgresSamplerOptions()) {
        self.name = name
        self.connection = connection
        self.options = options
        self.definitions = definitions
    }

    public var families: [String] { definitions.map(\.name) }

    public func availability() -> [FamilyAvailability] {
        let probed: Result<ServerInfo, PostgresError> = Result { () throws(PostgresError) in try probe() }
        return definitions.map { family in
            if options.disabled.contains(family.name) { return FamilyAvailability(family: family.name, status: .disabled) }
            switch probed {
            case .success(let server):
                return FamilyAvailability(family: family.name, status: family.requirements.status(on: server))
            case .failure(let error):
                return FamilyAvailability(family: family.name, status: .unavailable(reason: "cannot reach the server: \(error)"))
            }
        }
    }

    public func collect(_ requested: Set<String>, at time: SampleTime) -> SampleResult {
        var result = SampleResult()
        let wanted = definitions.filter { requested.contains($0.name) && !options.disabled.contains($0.name) }
        guard !wanted.isEmpty else { return result }
        let server: ServerInfo
        do {
            server = try probe()
        } catch {
            for family in wanted { result.failures[family.name] = "\(error)" }
            return result
        }
        for family in wanted {
            guard family.requirements.status(on: server) == .available else { continue }
            do {
                let live = try connection.connection()
                result.batches += try family.collect(on: live, server: server, at: time)
            } catch {
                if let error = error as? PostgresError, error.code == .connectionLost { connection.disconnect() }
                result.failures[family.name] = "\(error)"
            }
        }
        return result
    }

    private func probe() throws(PostgresError) -> ServerInfo {
        let info = try connection.withConnection { (live) throws(PostgresError) in try ServerInfo.probe(live) }
        server = info
        return info
    }
}
