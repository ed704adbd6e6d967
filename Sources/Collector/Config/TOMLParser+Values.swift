/// TOML values: strings, numbers, booleans, date-times, arrays and inline tables.
extension TOMLParser {
    mutating func parseValue() throws(TOMLError) -> TOMLValue {
        let valueLine = line
        guard let byte = peek else { throw error("expected a value, found the end of the document") }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(at: 1) == byte, peek(at: 2) == byte {
                return TOMLValue(.string(try parseMultilineString(literal: false)), line: valueLine)
            }
            return TOMLValue(.string(try parseBasicString()), line: valueLine)
        case UInt8(ascii: "'"):
            if peek(at: 1) == byte, peek(at: 2) == byte {
                return TOMLValue(.string(try parseMultilineString(literal: true)), line: valueLine)
            }
            return TOMLValue(.string(try parseLiteralString()), line: valueLine)
        case UInt8(ascii: "["):
            return TOMLValue(.array(try parseArray()), line: valueLine)
        case UInt8(ascii: "{"):
            return TOMLValue(.table(try parseInlineTable()), line: valueLine)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            if matches("true") { pos += 4; return TOMLValue(.boolean(true), line: valueLine) }
            if matches("false") { pos += 5; return TOMLValue(.boolean(false), line: valueLine) }
            throw error("expected a value; booleans are true and false")
        default:
            return TOMLValue(try parseNumberOrDate(), line: valueLine)
        }
    }

    private func matches(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard pos + utf8.count <= bytes.count, Array(bytes[pos..<pos + utf8.count]) == utf8 else { return false }
        if let next = peek(at: utf8.count), isTokenByte(next) { return false }
        return true
    }

    private func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }

    // MARK: Arrays and inline tables

    private mutating func parseArray() throws(TOMLError) -> [TOMLValue] {
        pos += 1
        var elements: [TOMLValue] = []
        while true {
            try skipBlank()
            if peek == UInt8(ascii: "]") { pos += 1; return elements }
            elements.append(try parseValue())
            try skipBlank()
            switch peek {
            case UInt8(ascii: ","):
                pos += 1
            case UInt8(ascii: "]"):
                pos += 1
                return elements
            case let byte?:
                throw error("expected ',' or ']' in an array, found \(describe(byte))")
            case nil:
                throw error("unterminated array")
            }
        }
    }

    private mutating func parseInlineTable() throws(TOMLError) -> TOMLTable {
        pos += 1
        let table = TOMLTableBuilder(origin: .inline, line: line)
        skipWhitespace()
        if peek == UInt8(ascii: "}") { pos += 1; return table.build() }
        while true {
            skipWhitespace()
            if peek == UInt8(ascii: "\n") || peek == UInt8(ascii: "\r") {
                throw error("line break in an inline table; inline tables stay on one line")
            }
            try parseKeyValue(into: table)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                pos += 1
                skipWhitespace()
                if peek == UInt8(ascii: "}") { throw error("trailing comma in an inline table") }
            case UInt8(ascii: "}"):
                pos += 1
                return table.build()
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw error("line break in an inline table; inline tables stay on one line")
            case let byte?:
                throw error("expected ',' or '}' in an inline table, found \(describe(byte))")
            case nil:
                throw error("unterminated inline table")
            }
        }
    }

    // MARK: Numbers and date-times

    private mutating func parseNumberOrDate() throws(TOMLError) -> TOMLValue.Kind {
        let start = pos
        while let byte = peek {
            if isTokenByte(byte) {
                pos += 1
            } else if byte == 0x20, isDateTimeSeparator(start: start) {
                pos += 1
            } else {
                break
            }
        }
        let token = Array(bytes[start..<pos])
        guard !token.isEmpty else {
            if let byte = peek { throw error("expected a value, found \(describe(byte))") }
            throw error("expected a value")
        }
        let text = String(decoding: token, as: UTF8.self)
        if looksLikeDateTime(token) {
            guard token.allSatisfy(isDateTimeByte) else { throw errorAt(start, "invalid date-time \(text)") }
            return .datetime(text)
        }
        if let kind = try number(token, text: text, start: start) { return kind }
        throw errorAt(start, "invalid value \(text); strings must be quoted")
    }

    private func errorAt(_ offset: Int, _ message: String) -> TOMLError {
        TOMLError(line: line, column: offset - lineStart + 1, message)
    }

    /// A space separates date and time only in `1979-05-27 07:32:00`.
    private func isDateTimeSeparator(start: Int) -> Bool {
        guard pos - start == 10, looksLikeDateTime(Array(bytes[start..<pos])) else { return false }
        guard let next = peek(at: 1), let after = peek(at: 2), let colon = peek(at: 3) else { return false }
        return isDigit(next) && isDigit(after) && colon == UInt8(ascii: ":")
    }

    private func looksLikeDateTime(_ token: [UInt8]) -> Bool {
        if token.count >= 10, token[0..<4].allSatisfy(isDigit), token[4] == UInt8(ascii: "-") { return true }
        if token.count >= 8, token[0..<2].allSatisfy(isDigit), token[2] == UInt8(ascii: ":") { return true }
        return false
    }

    private func isDateTimeByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || [UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "T"), UInt8(ascii: "t"),
                          UInt8(ascii: "Z"), UInt8(ascii: "z"), UInt8(ascii: "."), UInt8(ascii: "+"), 0x20].contains(byte)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func number(_ token: [UInt8], text: String, start: Int) throws(TOMLError) -> TOMLValue.Kind? {
        var body = token[...]
        var negative = false
        var signed = false
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            signed = true
            body = body.dropFirst()
        }
        let bodyText = String(decoding: body, as: UTF8.self)
        if bodyText == "inf" { return .float(negative ? -.infinity : .infinity) }
        if bodyText == "nan" { return .float(.nan) }

        if body.count > 2, body.first == UInt8(ascii: "0"),
           let radix = [UInt8(ascii: "x"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "b"): 2][body[body.startIndex + 1]] {
            guard !signed else { throw errorAt(start, "\(text): hexadecimal, octal and binary integers take no sign") }
            guard let digits = digitsWithUnderscores(body.dropFirst(2), radix: radix),
                  let value = UInt64(digits, radix: radix), value <= UInt64(Int64.max) else {
                throw errorAt(start, "invalid or out-of-range integer \(text)")
            }
            return .integer(Int64(value))
        }

        // Split a decimal number into integer part, fraction and exponent.
        let exponentIndex = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = body[..<(exponentIndex ?? body.endIndex)]
        let dotIndex = mantissa.firstIndex(of: UInt8(ascii: "."))
        let integerPart = mantissa[..<(dotIndex ?? mantissa.endIndex)]
        guard let integerDigits = digitsWithUnderscores(integerPart, radix: 10) else { return nil }
        if integerDigits.count > 1, integerDigits.first == "0" {
            throw errorAt(start, "\(text): leading zeros are not allowed")
        }
        if dotIndex == nil, exponentIndex == nil {
            guard let value = Int64((negative ? "-" : "") + integerDigits) else {
                throw errorAt(start, "integer \(text) does not fit in 64 bits")
            }
            return .integer(value)
        }
        var normalized = (negative ? "-" : "") + integerDigits
        if let dotIndex {
            guard let fraction = digitsWithUnderscores(mantissa[(dotIndex + 1)...], radix: 10) else {
                throw errorAt(start, "invalid float \(text): digits must follow the decimal point")
            }
            normalized += "." + fraction
        }
        if let exponentIndex {
            var exponent = body[(exponentIndex + 1)...]
            var sign = ""
            if let first = exponent.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
                sign = first == UInt8(ascii: "-") ? "-" : ""
                exponent = exponent.dropFirst()
            }
            guard let digits = digitsWithUnderscores(exponent, radix: 10) else {
                throw errorAt(start, "invalid float \(text): bad exponent")
            }
            normalized += "e" + sign + digits
        }
        guard let value = Double(normalized), value.isFinite else {
            throw errorAt(start, "invalid float \(text)")
        }
        return .float(value)
    }

    /// The digits with single underscores between digits removed, or nil if malformed.
    private func digitsWithUnderscores(_ bytes: ArraySlice<UInt8>, radix: Int) -> String? {
        guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: "_"), last != UInt8(ascii: "_") else { return nil }
        var out: [UInt8] = []
        var previousUnderscore = false
        for byte in bytes {
            if byte == UInt8(ascii: "_") {
                if previousUnderscore { return nil }
                previousUnderscore = true
                continue
            }
            guard let digit = hexValue(byte), Int(digit) < radix else { return nil }
            out.append(byte)
            previousUnderscore = false
        }
        return String(decoding: out, as: UTF8.self)
    }
}
