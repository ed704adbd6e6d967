import PostgresClient

/// How the writer treats a PostgreSQL failure.
enum FailureKind: Equatable {
    /// Retry the transaction on a fresh connection after a backoff.
    case transient
    /// A value of the data was refused: find the record and reject it.
    case data
    /// Neither: fail the write.
    case permanent

    init(_ error: PostgresError) {
        switch error.code {
        case .connectionLost, .connectionFailed, .notConnected, .timeout:
            self = .transient
            return
        default:
            break
        }
        guard let state = error.sqlState else {
            self = .permanent
            return
        }
        switch state {
        case "40001", "40P01", "57P01", "57P02", "57P03", "55P03", "57014", "55006":
            self = .transient
        default:
            switch state.prefix(2) {
            case "08", "53", "58": self = .transient  // connection, resources, system
            case "22", "23", "54": self = .data       // data exception, integrity, program limit
            default: self = .permanent
            }
        }
    }
}
