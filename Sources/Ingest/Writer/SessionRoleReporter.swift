import Logging

/// Logs the role the writers' sessions run as, once per change (not once per connection).
final class SessionRoleReporter: Sendable {
    private let logger: Logger
    private let last: Locked<String?> = Locked(nil)

    init(logger: Logger) {
        self.logger = logger
    }

    func report(_ role: String) {
        let changed = last.withLock { last in
            defer { last = role }
            return last != role
        }
        guard changed else { return }
        if role == IngestRoleSQL.role {
            logger.info("ingest writers run as the least-privilege role", metadata: ["role": "\(role)"])
        } else {
            logger.warning("ingest writers run as the login role, not \(IngestRoleSQL.role): the role is missing, not granted to the login role, or lacks this database's grants (docs/schema.md, The ingest role)",
                           metadata: ["role": "\(role)"])
        }
    }
}
