/// The TOML grammar over UTF-8 bytes: document structure, keys and tables.
/// Values are in `TOMLParser+Values.swift`, strings in `TOMLParser+Strings.swift`.
struct TOMLParser {
    let bytes: [UInt8]
    var pos = 0
    var line = 1
    var lineStart = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3; lineStart = 3 }
    }

    var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    func peek(at offset: Int) -> UInt8? { pos + offset < bytes.count ? bytes[pos + offset] : nil }

    func error(_ message: String) -> TOMLError {
        TOMLError(line: line, column: pos - lineStart + 1, message)
    }

    func error(at line: Int, _ message: String) -> TOMLError {
        TOMLError(line: line, column: 1, message)
    }

    // MARK: Document

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TOMLTableBuilder(origin: .header, line: 1)
        var current = root
        while true {
            skipWhitespace()
            guard let byte = peek else { break }
            switch byte {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try expectLineEnd()
            case UInt8(ascii: "["):
                current = try parseHeader(root: root)
                try expectLineEnd()
            default:
                try parseKeyValue(into: current)
                try expectLineEnd()
            }
        }
        return root.build()
    }

    /// Skips spaces and tabs.
    mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 { pos += 1 }
    }

    /// Consumes a line break (LF or CRLF) if one is next.
    mutating func consumeNewline() throws(TOMLError) -> Bool {
        if peek == UInt8(ascii: "\n") {
            pos += 1
        } else if peek == UInt8(ascii: "\r") {
            guard peek(at: 1) == UInt8(ascii: "\n") else { throw error("a carriage return must be followed by a line feed") }
            pos += 2
        } else {
            return false
        }
        line += 1
        lineStart = pos
        return true
    }

    /// Skips a comment up to (not including) the line break.
    mutating func skipComment() throws(TOMLError) {
        guard peek == UInt8(ascii: "#") else { return }
        pos += 1
        while let byte = peek, byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r"), peek(at: 1) == UInt8(ascii: "\n") { break }
            if isControl(byte) { throw error("control character 0x\(hexByte(byte)) in a comment") }
            pos += 1
        }
    }

    /// Whitespace, an optional comment, then a line break or the end of the document.
    mutating func expectLineEnd() throws(TOMLError) {
        skipWhitespace()
        try skipComment()
        guard let byte = peek else { return }
        if try consumeNewline() { return }
        throw error("unexpected \(describe(byte)); expected the end of the line")
    }

    /// Skips whitespace, comments and line breaks (inside arrays).
    mutating func skipBlank() throws(TOMLError) {
        while true {
            skipWhitespace()
            try skipComment()
            if try !consumeNewline() { return }
        }
    }

    // MARK: Keys

    /// A dotted key: one or more simple keys separated by dots.
    mutating func parseKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipWhitespace()
            parts.append(try parseSimpleKey())
            skipWhitespace()
            guard peek == UInt8(ascii: ".") else { return parts }
            pos += 1
        }
    }

    private mutating func parseSimpleKey() throws(TOMLError) -> String {
        switch peek {
        case UInt8(ascii: "\""):
            if peek(at: 1) == UInt8(ascii: "\""), peek(at: 2) == UInt8(ascii: "\"") {
                throw error("a key cannot be a multi-line string")
            }
            return try parseBasicString()
        case UInt8(ascii: "'"):
            if peek(at: 1) == UInt8(ascii: "'"), peek(at: 2) == UInt8(ascii: "'") {
                throw error("a key cannot be a multi-line string")
            }
            return try parseLiteralString()
        default:
            let start = pos
            while let byte = peek, isBareKeyByte(byte) { pos += 1 }
            guard pos > start else {
                if let byte = peek { throw error("expected a key, found \(describe(byte))") }
                throw error("expected a key, found the end of the document")
            }
            return String(decoding: bytes[start..<pos], as: UTF8.self)
        }
    }

    private func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    // MARK: Key/value pairs

    /// `key = value`, inserted into `table` following the rules for dotted keys.
    mutating func parseKeyValue(into table: TOMLTableBuilder) throws(TOMLError) {
        let keyLine = line
        let path = try parseKey()
        skipWhitespace()
        guard peek == UInt8(ascii: "=") else {
            if let byte = peek { throw error("expected '=' after the key \(dotted(path)), found \(describe(byte))") }
            throw error("expected '=' after the key \(dotted(path))")
        }
        pos += 1
        skipWhitespace()
        let value = try parseValue()
        var target = table
        for (index, part) in path.dropLast().enumerated() {
            let prefix = dotted(Array(path[...index]))
            switch target[part] {
            case nil:
                let child = TOMLTableBuilder(origin: .dottedKey, line: keyLine)
                target.insert(part, .table(child), line: keyLine)
                target = child
            case .table(let child) where child.origin == .dottedKey:
                target = child
            case .table(let child):
                throw error(at: keyLine, "the key \(dotted(path)) adds to the table \(prefix) defined on line \(child.line); a dotted key cannot extend a table defined elsewhere")
            case .value, .arrayOfTables:
                throw error(at: keyLine, "the key \(dotted(path)) needs \(prefix) to be a table, but \(prefix) already holds a value (line \(target.definedLine(part)))")
            }
        }
        let last = path[path.count - 1]
        if target[last] != nil {
            throw error(at: keyLine, "duplicate key \(dotted(path)) (first defined on line \(target.definedLine(last)))")
        }
        target.insert(last, .value(value), line: keyLine)
    }

    // MARK: Table headers

    /// `[a.b]` or `[[a.b]]`; returns the table that following key/value pairs go into.
    mutating func parseHeader(root: TOMLTableBuilder) throws(TOMLError) -> TOMLTableBuilder {
        let headerLine = line
        let isArray = peek(at: 1) == UInt8(ascii: "[")
        pos += isArray ? 2 : 1
        let path = try parseKey()
        skipWhitespace()
        guard peek == UInt8(ascii: "]"), !isArray || peek(at: 1) == UInt8(ascii: "]") else {
            throw error(isArray ? "expected ']]' to close the table-array header [[\(dotted(path))]]" : "expected ']' to close the table header [\(dotted(path))]")
        }
        pos += isArray ? 2 : 1
        let name = dotted(path)
        var target = root
        for (index, part) in path.dropLast().enumerated() {
            let prefix = dotted(Array(path[...index]))
            switch target[part] {
            case nil:
                let child = TOMLTableBuilder(origin: .implicit, line: headerLine)
                target.insert(part, .table(child), line: headerLine)
                target = child
            case .table(let child):
                target = child
            case .arrayOfTables(let elements, _):
                target = elements[elements.count - 1]
            case .value:
                throw error(at: headerLine, "the table [\(name)] needs \(prefix) to be a table, but \(prefix) already holds a value (line \(target.definedLine(part)))")
            }
        }
        let last = path[path.count - 1]
        let existing = target[last]
        if isArray {
            let element = TOMLTableBuilder(origin: .header, line: headerLine)
            switch existing {
            case nil:
                target.insert(last, .arrayOfTables([element], line: headerLine), line: headerLine)
            case .arrayOfTables(let elements, let firstLine):
                target.insert(last, .arrayOfTables(elements + [element], line: firstLine), line: headerLine)
            case .table, .value:
                throw error(at: headerLine, "[[\(name)]] cannot be an array of tables: \(name) is already defined on line \(target.definedLine(last))")
            }
            return element
        }
        switch existing {
        case nil:
            let table = TOMLTableBuilder(origin: .header, line: headerLine)
            target.insert(last, .table(table), line: headerLine)
            return table
        case .table(let table) where table.origin == .implicit:
            table.origin = .header
            return table
        case .table(let table):
            throw error(at: headerLine, "the table [\(name)] is defined twice (first on line \(table.line))")
        case .arrayOfTables, .value:
            throw error(at: headerLine, "the table [\(name)] is defined twice: \(name) already holds a value (line \(target.definedLine(last)))")
        }
    }

    // MARK: Helpers

    func dotted(_ path: [String]) -> String {
        path.map { part in
            part.utf8.allSatisfy(isBareKeyByte) && !part.isEmpty ? part : "\"\(part)\""
        }.joined(separator: ".")
    }

    func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }

    func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\n"): "a line break"
        case 0x20...0x7E: "'\(Character(Unicode.Scalar(byte)))'"
        default: "byte 0x\(hexByte(byte))"
        }
    }

    func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
