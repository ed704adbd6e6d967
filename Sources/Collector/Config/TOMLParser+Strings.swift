/// TOML strings: basic and literal, single- and multi-line.
extension TOMLParser {
    /// `"..."` with escapes; no line breaks.
    mutating func parseBasicString() throws(TOMLError) -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let byte = peek else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw error("line break in a single-line string; use \"\"\" for a multi-line string")
            default:
                if isControl(byte) { throw error("control character 0x\(hexByte(byte)) in a string; escape it") }
                out.append(byte)
                pos += 1
            }
        }
    }

    /// `'...'` taken as written; no line breaks.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        pos += 1
        let start = pos
        while true {
            guard let byte = peek else { throw error("unterminated literal string") }
            if byte == UInt8(ascii: "'") {
                let text = String(decoding: bytes[start..<pos], as: UTF8.self)
                pos += 1
                return text
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                throw error("line break in a single-line literal string; use ''' for a multi-line string")
            }
            if isControl(byte) { throw error("control character 0x\(hexByte(byte)) in a literal string") }
            pos += 1
        }
    }

    /// `"""..."""` (escapes, line-ending backslash) or `'''...'''` (as written).
    /// A line break right after the opening delimiter is dropped.
    mutating func parseMultilineString(literal: Bool) throws(TOMLError) -> String {
        let quote = literal ? UInt8(ascii: "'") : UInt8(ascii: "\"")
        pos += 3
        _ = try consumeNewline()
        var out: [UInt8] = []
        while true {
            guard let byte = peek else { throw error("unterminated multi-line string") }
            if byte == quote {
                var run = 0
                while peek(at: run) == quote { run += 1 }
                if run >= 3 {
                    // Up to two quotes may sit right before the closing delimiter.
                    guard run <= 5 else { throw error("too many quotes at the end of a multi-line string") }
                    out.append(contentsOf: repeatElement(quote, count: run - 3))
                    pos += run
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(contentsOf: repeatElement(quote, count: run))
                pos += run
                continue
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                _ = try consumeNewline()
                out.append(UInt8(ascii: "\n"))
                continue
            }
            if !literal && byte == UInt8(ascii: "\\") {
                if try skipLineEndingBackslash() { continue }
                try parseEscape(into: &out)
                continue
            }
            if isControl(byte) { throw error("control character 0x\(hexByte(byte)) in a string") }
            out.append(byte)
            pos += 1
        }
    }

    /// A backslash followed by optional whitespace and a line break trims all whitespace and
    /// line breaks up to the next other character.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var probe = pos + 1
        while probe < bytes.count, bytes[probe] == 0x20 || bytes[probe] == 0x09 { probe += 1 }
        guard probe < bytes.count, bytes[probe] == UInt8(ascii: "\n") || bytes[probe] == UInt8(ascii: "\r") else { return false }
        pos = probe
        while true {
            skipWhitespace()
            if try !consumeNewline() { return true }
        }
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws(TOMLError) {
        pos += 1
        guard let byte = peek else { throw error("unterminated escape sequence") }
        pos += 1
        switch byte {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"): try appendScalar(hexDigits: 4, into: &out)
        case UInt8(ascii: "U"): try appendScalar(hexDigits: 8, into: &out)
        default:
            pos -= 1
            throw error("invalid escape sequence \\\(Character(Unicode.Scalar(byte)))")
        }
    }

    private mutating func appendScalar(hexDigits: Int, into out: inout [UInt8]) throws(TOMLError) {
        var value: UInt32 = 0
        for _ in 0..<hexDigits {
            guard let byte = peek, let digit = hexValue(byte) else {
                throw error("a \\\(hexDigits == 4 ? "u" : "U") escape needs \(hexDigits) hexadecimal digits")
            }
            value = value << 4 | UInt32(digit)
            pos += 1
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("escape \\u\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value")
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
