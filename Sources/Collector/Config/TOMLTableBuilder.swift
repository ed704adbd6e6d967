/// A table under construction, with what TOML's rules against redefinition need to know.
final class TOMLTableBuilder {
    enum Entry {
        case value(TOMLValue)
        case table(TOMLTableBuilder)
        /// `[[name]]`: the tables appended so far.
        case arrayOfTables([TOMLTableBuilder], line: Int)
    }

    /// How a table came to exist, which decides whether it may be reopened.
    enum Origin {
        /// Created as the parent of a `[a.b]` header; a later `[a]` header may define it.
        case implicit
        /// Defined by its own `[header]` or as an element of `[[header]]`.
        case header
        /// Created by a dotted key (`a.b = 1`); only more dotted keys in the same table may extend it.
        case dottedKey
        /// An inline table `{ ... }`: closed once written.
        case inline
    }

    var origin: Origin
    let line: Int
    private(set) var keys: [String] = []
    private(set) var entries: [String: Entry] = [:]
    /// Line on which each key was defined, for duplicate-key messages.
    private(set) var lines: [String: Int] = [:]

    init(origin: Origin, line: Int) {
        self.origin = origin
        self.line = line
    }

    subscript(key: String) -> Entry? { entries[key] }

    func definedLine(_ key: String) -> Int { lines[key] ?? line }

    func insert(_ key: String, _ entry: Entry, line: Int) {
        if entries.updateValue(entry, forKey: key) == nil {
            keys.append(key)
            lines[key] = line
        }
    }

    /// The finished, immutable table.
    func build() -> TOMLTable {
        var table = TOMLTable()
        for key in keys {
            switch entries[key]! {
            case .value(let value):
                table.set(key, value)
            case .table(let child):
                table.set(key, TOMLValue(.table(child.build()), line: child.line))
            case .arrayOfTables(let children, let line):
                let elements = children.map { TOMLValue(.table($0.build()), line: $0.line) }
                table.set(key, TOMLValue(.array(elements), line: line))
            }
        }
        return table
    }
}
