#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A child process whose standard output and error go to one log file, readable while it runs.
///
/// Spawned with `posix_spawn` and reaped with `waitpid` by this type, not by Foundation's
/// `Process`, whose SIGCHLD-driven reaping was seen to miss a child's exit inside the test
/// runner (the child stayed a zombie and `isRunning` true).
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    let logPath: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`; the environment is exactly `environment` plus PATH.
    init(executable: String, arguments: [String], environment: [String: String], logPath: String) throws {
        self.logPath = logPath
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw SpawnError(executable: executable, code: result) }
        pid = child
    }

    struct SpawnError: Error, CustomStringConvertible {
        var executable: String
        var code: Int32
        var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
    }

    /// Whether the child still runs; reaps it once it ended.
    var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || (result < 0 && errno == ECHILD) {
            exitStatus = status
            return false
        }
        return true
    }

    /// The exit status (128 + signal for a signalled child), once it ended.
    var terminationStatus: Int32 {
        _ = isRunning
        guard let status = lock.withLock({ exitStatus }) else { return -1 }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Everything the process wrote so far.
    var log: String {
        String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self)
    }

    /// Sends `signal` and waits for the process to end (polling, so no thread is blocked).
    func stop(_ signal: Int32 = SIGTERM) async {
        guard isRunning else { return }
        kill(pid, signal)
        await waitForExit()
    }

    /// Waits for the process to end; after `seconds` it is killed (a hang guard).
    func waitForExit(killAfter seconds: Double = 60) async {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var killed = false
        while isRunning {
            if !killed, ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                killed = true
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs `executable` to completion and returns its status and output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    logPath: String) async throws -> (status: Int32, output: String) {
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment, logPath: logPath)
        await child.waitForExit(killAfter: 120)
        return (child.terminationStatus, child.log)
    }
}

/// Polls `condition` until it holds; false after `seconds` (a hang guard, never a timing claim).
func eventually(within seconds: Double = 180, every interval: Duration = .milliseconds(100),
                _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
