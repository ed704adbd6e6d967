import Foundation

/// A YAML value of the subset the provisioning files are written in.
enum YAMLValue: Equatable, CustomStringConvertible {
    case scalar(String)
    case list([YAMLValue])
    /// Entries in file order.
    case map([(key: String, value: YAMLValue)])

    static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.map(let a), .map(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    subscript(key: String) -> YAMLValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    var string: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }

    var list: [YAMLValue]? {
        if case .list(let items) = self { return items }
        return nil
    }

    var keys: [String] {
        if case .map(let entries) = self { return entries.map(\.key) }
        return []
    }

    var description: String {
        switch self {
        case .scalar(let text): "\"\(text)\""
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// Why a file is not in the YAML subset, and where.
struct YAMLSubsetError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
}

/// Parses the block-style YAML subset the provisioning files use: mappings, sequences (`- `),
/// literal block scalars (`|`, `|-`), plain, single- and double-quoted scalars, `[]`, `{}` and
/// flow sequences of plain scalars. Anything else (anchors, tags, flow mappings, multi-document
/// files, tabs) is an error naming the line, so a file Grafana would read differently fails loudly.
struct YAMLSubset {
    private struct Line {
        var number: Int
        var indent: Int
        var text: String
    }

    private var lines: [Line] = []
    private var raw: [String]
    private var position = 0

    static func parse(_ text: String) throws -> YAMLValue {
        var parser = YAMLSubset(raw: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        try parser.tokenize()
        guard !parser.lines.isEmpty else { return .map([]) }
        let value = try parser.block(indent: parser.lines[0].indent)
        if parser.position < parser.lines.count {
            throw YAMLSubsetError(line: parser.lines[parser.position].number, message: "unexpected indentation")
        }
        return value
    }

    private init(raw: [String]) {
        self.raw = raw
    }

    /// Significant lines (no blank or comment-only lines); block scalars are read from `raw`.
    private mutating func tokenize() throws {
        for (index, line) in raw.enumerated() {
            if line.contains("\t") { throw YAMLSubsetError(line: index + 1, message: "tab character") }
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("---") || trimmed.hasPrefix("&") || trimmed.hasPrefix("!") {
                throw YAMLSubsetError(line: index + 1, message: "documents, anchors and tags are not supported")
            }
            lines.append(Line(number: index + 1, indent: line.count - trimmed.count, text: String(trimmed)))
        }
    }

    private mutating func block(indent: Int) throws -> YAMLValue {
        let first = lines[position]
        if first.text == "-" || first.text.hasPrefix("- ") { return try sequence(indent: indent) }
        return try mapping(indent: indent)
    }

    private mutating func sequence(indent: Int) throws -> YAMLValue {
        var items: [YAMLValue] = []
        while position < lines.count, lines[position].indent == indent,
              lines[position].text == "-" || lines[position].text.hasPrefix("- ") {
            let line = lines[position]
            let rest = line.text.dropFirst(1).drop { $0 == " " }
            if rest.isEmpty {
                position += 1
                guard position < lines.count, lines[position].indent > indent else {
                    items.append(.scalar(""))
                    continue
                }
                items.append(try block(indent: lines[position].indent))
            } else if Self.splitKey(String(rest)) == nil {
                position += 1
                items.append(try Self.inline(Self.stripComment(String(rest)), line: line.number))
            } else {
                // The item's content starts on the dash line: read it as a line of its own.
                let itemIndent = line.indent + (line.text.count - rest.count)
                lines[position] = Line(number: line.number, indent: itemIndent, text: String(rest))
                items.append(try block(indent: itemIndent))
            }
        }
        return .list(items)
    }

    private mutating func mapping(indent: Int) throws -> YAMLValue {
        var entries: [(key: String, value: YAMLValue)] = []
        while position < lines.count, lines[position].indent == indent {
            let line = lines[position]
            guard let (key, rest) = Self.splitKey(line.text) else {
                throw YAMLSubsetError(line: line.number, message: "expected `key: value`, found `\(line.text)`")
            }
            if entries.contains(where: { $0.key == key }) {
                throw YAMLSubsetError(line: line.number, message: "duplicate key `\(key)`")
            }
            position += 1
            let value: YAMLValue
            if rest == "|" || rest == "|-" {
                value = .scalar(literalBlock(after: line, keep: rest == "|"))
            } else if rest.isEmpty {
                if position < lines.count, lines[position].indent > indent {
                    value = try block(indent: lines[position].indent)
                } else if position < lines.count, lines[position].indent == indent, lines[position].text.hasPrefix("- ") {
                    value = try sequence(indent: indent)
                } else {
                    value = .scalar("")
                }
            } else {
                value = try Self.inline(rest, line: line.number)
            }
            entries.append((key, value))
        }
        return .map(entries)
    }

    /// The lines after `line` indented more than it, with their common indentation removed.
    private mutating func literalBlock(after line: Line, keep: Bool) -> String {
        var collected: [String] = []
        var index = line.number  // raw index of the next line
        var blockIndent: Int?
        while index < raw.count {
            let text = raw[index]
            let trimmed = text.drop { $0 == " " }
            if trimmed.isEmpty {
                collected.append("")
                index += 1
                continue
            }
            let lineIndent = text.count - trimmed.count
            if lineIndent <= line.indent { break }
            if blockIndent == nil { blockIndent = lineIndent }
            collected.append(String(text.dropFirst(min(lineIndent, blockIndent!))))
            index += 1
        }
        while collected.last == "" { collected.removeLast() }
        while position < lines.count, lines[position].number <= index { position += 1 }
        return collected.joined(separator: "\n") + (keep ? "\n" : "")
    }

    private static func splitKey(_ text: String) -> (String, String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let key = String(text[..<colon])
        let after = text[text.index(after: colon)...]
        guard after.isEmpty || after.first == " ", !key.isEmpty, !key.contains(" ") || key.hasPrefix("\"") else { return nil }
        return (key, stripComment(String(after.drop { $0 == " " })))
    }

    private static func stripComment(_ text: String) -> String {
        guard !text.hasPrefix("\""), !text.hasPrefix("'"), let hash = text.range(of: " #") else { return text }
        return String(text[..<hash.lowerBound]).trimmingTrailingSpaces()
    }

    private static func inline(_ text: String, line: Int) throws -> YAMLValue {
        if text == "[]" { return .list([]) }
        if text == "{}" { return .map([]) }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw YAMLSubsetError(line: line, message: "unterminated flow sequence") }
            let inner = text.dropFirst().dropLast()
            return .list(try inner.split(separator: ",").map { try inline(String($0).trimmingSpaces(), line: line) })
        }
        if text.hasPrefix("{") || text.hasPrefix("&") || text.hasPrefix("*") || text.hasPrefix("!") || text.hasPrefix(">") {
            throw YAMLSubsetError(line: line, message: "unsupported syntax `\(text)`")
        }
        if text.hasPrefix("\"") {
            guard text.count >= 2, text.hasSuffix("\"") else { throw YAMLSubsetError(line: line, message: "unterminated string") }
            var out = ""
            var escaped = false
            for character in text.dropFirst().dropLast() {
                if escaped {
                    switch character {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "\"", "\\", "/": out.append(character)
                    default: throw YAMLSubsetError(line: line, message: "unsupported escape \\\(character)")
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    out.append(character)
                }
            }
            return .scalar(out)
        }
        if text.hasPrefix("'") {
            guard text.count >= 2, text.hasSuffix("'") else { throw YAMLSubsetError(line: line, message: "unterminated string") }
            return .scalar(String(text.dropFirst().dropLast()).replacingAll("''", with: "'"))
        }
        return .scalar(text)
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }).trimmingTrailingSpaces()
    }

    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
