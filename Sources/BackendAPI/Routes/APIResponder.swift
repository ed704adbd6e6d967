import Ingest
import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOHTTP1
import PostgresClient
import Prometheus
import TLS

/// The backend's HTTP API: routes a request to its endpoint and answers it.
///
/// | method | path | auth | answer |
/// | --- | --- | --- | --- |
/// | GET | `/api/v1/health` | none | 200 or 503, `HealthJSON` |
/// | GET | `/metrics` | none | Prometheus text exposition |
/// | GET | `/api/v1/collectors[?status=active\|stale\|offline]` | admin | `{"collectors": [...], "count": n}` |
/// | GET | `/api/v1/collectors/{id}` | admin | one collector |
/// | POST | `/api/v1/collectors/{id}/revoke` | admin | the revoked collector |
///
/// Admin endpoints require `Authorization: Bearer <ADMIN_TOKEN>` (401 without it or with a wrong
/// one; 403 when no token is configured). Errors are `{"error": code, "message": text}`.
/// Database work runs on the `DatabaseExecutor`, never on an event loop.
public final class APIResponder: Sendable {
    public let configuration: APIConfiguration
    private let database: DatabaseExecutor
    private let registry: PrometheusCollectorRegistry
    private let healthChecks: [HealthCheck]
    private let logger: Logger
    private let started = ContinuousClock.now
    private let store = CollectorStore()

    public init(configuration: APIConfiguration, database: DatabaseExecutor, registry: PrometheusCollectorRegistry,
                healthChecks: [HealthCheck] = [], logger: Logger = Logger(label: "pganalytics.http")) {
        self.configuration = configuration
        self.database = database
        self.registry = registry
        self.healthChecks = healthChecks
        self.logger = logger
    }

    /// The answer to `request`.
    @Sendable public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let (route, response) = await dispatch(request)
        Counter(label: "pga_http_requests_total", dimensions: [("route", route), ("code", String(response.status.code))]).increment()
        if response.status.code >= 500 {
            logger.warning("HTTP request failed", metadata: ["route": "\(route)", "status": "\(response.status.code)"])
        }
        return response
    }

    private func dispatch(_ request: HTTPRequest) async -> (route: String, HTTPResponse) {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        switch Array(segments) {
        case ["api", "v1", "health"]:
            return ("health", await only([.GET, .HEAD], request) { await health() })
        case ["metrics"]:
            return ("metrics", await only([.GET, .HEAD], request) { metrics() })
        case ["api", "v1", "collectors"]:
            return ("collectors", await only([.GET, .HEAD], request) { await admin(request) { await listCollectors(request) } })
        case let path where path.count == 4 && Array(path.prefix(3)) == ["api", "v1", "collectors"]:
            return ("collector", await only([.GET, .HEAD], request) {
                await admin(request) { await withID(path[3]) { id in await showCollector(id) } }
            })
        case let path where path.count == 5 && Array(path.prefix(3)) == ["api", "v1", "collectors"] && path[4] == "revoke":
            return ("revoke", await only([.POST], request) {
                await admin(request) { await withID(path[3]) { id in await revokeCollector(id) } }
            })
        default:
            return ("unknown", .error(.notFound, "not_found", "no endpoint \(request.path); see docs/backend.md"))
        }
    }

    // MARK: - Endpoints

    private func health() async -> HTTPResponse {
        var checks: [String: String] = [:]
        var failures: [String] = []
        let all = [HealthCheck(name: "database", check: { [database] in await Self.checkDatabase(database) })] + healthChecks
        for check in all {
            if let reason = await withTimeout(configuration.healthCheckTimeoutSeconds, check.check) {
                checks[check.name] = reason
                failures.append("\(check.name): \(reason)")
            } else {
                checks[check.name] = "ok"
            }
        }
        let uptime = Int((ContinuousClock.now - started).components.seconds)
        let body = HealthJSON(status: failures.isEmpty ? "ok" : "unavailable", version: configuration.version, uptimeSeconds: uptime,
                              checks: checks, reason: failures.isEmpty ? nil : failures.joined(separator: "; "))
        return .json(body, status: failures.isEmpty ? .ok : .serviceUnavailable)
    }

    private func metrics() -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"], body: registry.emitToBuffer())
    }

    private func listCollectors(_ request: HTTPRequest) async -> HTTPResponse {
        guard let items = request.queryItems else {
            return .error(.badRequest, "bad_query", "the query string is not valid percent-encoding")
        }
        var wanted: CollectorStatusPolicy.Status?
        for (name, value) in items {
            guard name == "status" else {
                return .error(.badRequest, "bad_query", "unknown query parameter \"\(name)\"; only status is accepted")
            }
            guard let status = CollectorStatusPolicy.Status(rawValue: value) else {
                return .error(.badRequest, "bad_query", "status must be active, stale or offline, not \"\(value)\"")
            }
            wanted = status
        }
        let store = self.store
        return await onDatabase { connection in try store.summaries(on: connection) } answer: { summaries in
            let policy = configuration.statusPolicy
            let collectors = summaries.map { CollectorJSON(summary: $0, status: policy.status(secondsSinceLastSeen: $0.secondsSinceLastSeen)) }
                .filter { wanted == nil || $0.status == wanted }
            return .json(CollectorListJSON(collectors: collectors, count: collectors.count))
        }
    }

    private func showCollector(_ id: String) async -> HTTPResponse {
        let store = self.store
        return await onDatabase { connection in try store.summary(of: id, on: connection) } answer: { summary in
            guard let summary else { return Self.unknownCollector(id) }
            return .json(CollectorJSON(summary: summary, status: configuration.statusPolicy.status(secondsSinceLastSeen: summary.secondsSinceLastSeen)))
        }
    }

    private func revokeCollector(_ id: String) async -> HTTPResponse {
        let store = self.store
        return await onDatabase { connection -> CollectorSummary? in
            guard try store.revokeIfPresent(id, on: connection) else { return nil }
            return try store.summary(of: id, on: connection)
        } answer: { summary in
            guard let summary else { return Self.unknownCollector(id) }
            logger.notice("collector revoked", metadata: ["collector": "\(id)"])
            return .json(CollectorJSON(summary: summary, status: configuration.statusPolicy.status(secondsSinceLastSeen: summary.secondsSinceLastSeen)))
        }
    }

    // MARK: - Helpers

    private func only(_ methods: [HTTPMethod], _ request: HTTPRequest, _ body: () async -> HTTPResponse) async -> HTTPResponse {
        guard methods.contains(request.method) else {
            let allowed = methods.map { "\($0)" }.joined(separator: ", ")
            var response = HTTPResponse.error(.methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed on \(request.path); use \(allowed)")
            response.headers.add(name: "Allow", value: allowed)
            return response
        }
        return await body()
    }

    private func admin(_ request: HTTPRequest, _ body: () async -> HTTPResponse) async -> HTTPResponse {
        guard let token = configuration.adminToken else {
            return .error(.forbidden, "admin_disabled", "the admin endpoints are disabled: ADMIN_TOKEN is not set on this backend")
        }
        let presented = request.headers["Authorization"].first ?? ""
        let prefix = "bearer "
        guard presented.utf8.count > prefix.utf8.count, presented.lowercased().hasPrefix(prefix),
              SecretComparison.equals(Array(presented.utf8.dropFirst(prefix.utf8.count)), Array(token.utf8)) else {
            var response = HTTPResponse.error(.unauthorized, "unauthorized",
                                              presented.isEmpty ? "this endpoint requires Authorization: Bearer <ADMIN_TOKEN>"
                                                                : "the bearer token is wrong")
            response.headers.add(name: "WWW-Authenticate", value: "Bearer realm=\"pganalytics\"")
            return response
        }
        return await body()
    }

    private func withID(_ segment: Substring, _ body: (String) async -> HTTPResponse) async -> HTTPResponse {
        guard let id = PercentDecoding.decode(segment), !id.isEmpty, id.utf8.count <= 255,
              !id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return .error(.badRequest, "bad_collector_id", "the collector id in the path is empty, too long or not valid text")
        }
        return await body(id)
    }

    private static func unknownCollector(_ id: String) -> HTTPResponse {
        .error(.notFound, "collector_not_found", "no collector with id \"\(id)\"")
    }

    private func onDatabase<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) throws -> T,
                                         answer: (T) -> HTTPResponse) async -> HTTPResponse {
        do {
            return answer(try await database.run(work))
        } catch let error as PostgresError {
            return .error(.serviceUnavailable, "database_unavailable", "the database could not answer: \(error)")
        } catch {
            return .error(.serviceUnavailable, "database_unavailable", "\(error)")
        }
    }

    private static func checkDatabase(_ database: DatabaseExecutor) async -> String? {
        do {
            _ = try await database.run { connection in try connection.query("SELECT 1") }
            return nil
        } catch let error as PostgresError {
            return "\(error.code): \(error.message)"
        } catch {
            return "\(error)"
        }
    }

    /// `check`'s answer, or a timeout reason when it takes longer than `seconds`. The check is
    /// left to finish on its own: a blocked database call cannot be interrupted.
    private func withTimeout(_ seconds: Double, _ check: @escaping @Sendable () async -> String?) async -> String? {
        let pending = NIOLockedValueBox<CheckedContinuation<String?, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            pending.withLockedValue { $0 = continuation }
            Task {
                let reason = await check()
                pending.withLockedValue { $0.take() }?.resume(returning: reason)
            }
            Task {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                pending.withLockedValue { $0.take() }?.resume(returning: "no answer within \(seconds) s")
            }
        }
    }
}
