#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What `/proc/PID` says about a process: its resident memory and the CPU time it used.
public struct ProcessSample: Sendable {
    /// `VmRSS` of `/proc/PID/status`, in KiB.
    public var residentKiB: Int
    /// `utime + stime` of `/proc/PID/stat`, in seconds.
    public var cpuSeconds: Double

    /// Reads process `pid`; nil when it does not exist (any more).
    public static func read(pid: Int32) -> ProcessSample? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        var resident = 0
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            // "VmRSS:\t  123456 kB"
            resident = Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
        }
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ProcessSample(residentKiB: resident, cpuSeconds: (user + system) / ticks)
    }

    /// Whether process `pid` exists and is not a zombie.
    public static func isAlive(pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}
