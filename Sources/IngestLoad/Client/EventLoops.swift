import NIOPosix

/// Runs `body` with event loop threads of its own, shut down afterwards whatever happens.
func withEventLoops<T: Sendable>(_ threads: Int, _ body: (MultiThreadedEventLoopGroup) async throws -> T) async throws -> T {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
    do {
        let value = try await body(group)
        try? await group.shutdownGracefully()
        return value
    } catch {
        try? await group.shutdownGracefully()
        throw error
    }
}
