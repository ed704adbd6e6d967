import COpenSSL

/// OpenSSL's per-thread error queue.
///
/// Every OpenSSL call that can fail is preceded by ``clear()`` so that a failure reports only
/// its own errors, and followed on failure by ``drain()``, which leaves the queue empty for the
/// next caller on this thread (an event loop thread serves many connections).
enum OpenSSLErrorQueue {
    /// Removes every queued error and returns them as text, oldest first.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            messages.append(text(of: code))
        }
        return messages
    }

    /// Discards every queued error.
    static func clear() {
        ERR_clear_error()
    }

    /// OpenSSL's text for one packed error code.
    static func text(of code: UInt) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let length = buffer.count
        return buffer.withUnsafeMutableBufferPointer { pointer in
            ERR_error_string_n(code, pointer.baseAddress, length)
            return String(cString: pointer.baseAddress!)
        }
    }
}
