// Appends records to a spool with fsync=always and prints each sequence on its own line only
// after `append` reported it durable, so that a test which kills this process at a random moment
// knows which records must survive. With `--hold` it only takes the spool's lock, prints
// "locked", and waits to be killed (the lock-contention test).
//
// Usage: spool-crash-writer DIRECTORY [--hold] [--segment-bytes N]
// Exit status 3 with the error on stderr when the spool cannot be opened.
import Glibc
import Spool
import WireProtocol

/// Writes a line straight to a file descriptor: no stdio buffer that a SIGKILL could lose.
func emit(_ line: String, to fd: Int32 = 1) {
    var bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    emit("usage: spool-crash-writer DIRECTORY [--hold] [--segment-bytes N]", to: 2)
    exit(2)
}
let directory = arguments[1]
let hold = arguments.contains("--hold")
var segmentBytes = 64 << 10
if let index = arguments.firstIndex(of: "--segment-bytes"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
    segmentBytes = value
}

let spool: Spool
do {
    spool = try Spool.open(directory: directory, options: SpoolOptions(fsync: .always, segmentBytes: segmentBytes, maxBytes: 1 << 30))
} catch {
    emit("\(error)", to: 2)
    exit(3)
}
if hold {
    emit("locked")
    while true { pause() }
}

var generator = SystemRandomNumberGenerator()
var sequence = spool.nextSequence
while true {
    let size = Int.random(in: 0...3000, using: &generator)
    var payload = [UInt8](repeating: 0, count: size)
    for i in stride(from: 0, to: size, by: 8) { payload[i] = UInt8(truncatingIfNeeded: sequence &+ UInt64(i)) }
    let frame = Frame.make(type: .batch, sequence: sequence, rawPayload: payload, compress: false)
    do {
        try spool.append(frame.bytes, samples: size / 100)
    } catch {
        emit("\(error)", to: 2)
        exit(4)
    }
    emit(String(sequence))
    sequence += 1
}
