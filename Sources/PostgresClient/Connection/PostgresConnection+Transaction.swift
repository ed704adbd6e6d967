extension PostgresConnection {
    /// Runs `body` inside `BEGIN` ... `COMMIT`; any error from `body` (or from `COMMIT`) rolls the
    /// transaction back and is rethrown.
    ///
    /// A rollback on a connection that broke is skipped: the server has already discarded the
    /// transaction.
    public func withTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            rollbackQuietly()
            throw error
        }
    }

    /// `ROLLBACK`, ignoring failures (a broken connection has no transaction left to end).
    public func rollbackQuietly() {
        guard isConnected else { return }
        try? execute("ROLLBACK")
    }

    /// Runs `body` inside `SAVEPOINT name`; on an error the work since the savepoint is rolled
    /// back (the enclosing transaction stays usable) and the error is rethrown.
    ///
    /// `name` must be a plain SQL identifier; it is not quoted.
    public func withSavepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT \(name)")
        do {
            let value = try body()
            try execute("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            if isConnected {
                try? execute("ROLLBACK TO SAVEPOINT \(name)")
                try? execute("RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }
}
