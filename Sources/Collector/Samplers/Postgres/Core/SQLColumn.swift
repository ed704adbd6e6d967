/// One column of a family's stable wire column set, and the SQL that yields it on each server
/// version; where a version lacks it the SQL says `NULL`, cast to the same type, so every version
/// sends the same columns with the same types.
struct SQLColumn: Sendable {
    /// The wire column name (the SQL alias).
    let name: String
    /// The SQL type every variant is cast to: `int8`, `float8`, `numeric`, `text`, `bool`, `timestamptz`.
    let type: String
    /// From which `server_version_num` on each expression applies, ascending; nil means NULL.
    let variants: [(since: Int, expression: String?)]

    /// `expression` (default: `prefix` + `name`) from `since` up to, not including, `until`.
    init(_ name: String, _ type: String, _ expression: String? = nil, prefix: String = "", since: Int = 0, until: Int? = nil) {
        self.name = name
        self.type = type
        var variants: [(Int, String?)] = [(since, expression ?? prefix + name)]
        if since > 0 { variants.insert((0, nil), at: 0) }
        if let until { variants.append((until, nil)) }
        self.variants = variants
    }

    /// A column whose expression changes with the version (a renamed column, a moved counter).
    init(_ name: String, _ type: String, variants: [(since: Int, expression: String?)]) {
        self.name = name
        self.type = type
        self.variants = variants
    }

    /// The expression on `version`, nil when that version has no such column.
    func expression(forServerVersion version: Int) -> String? {
        variants.last { $0.since <= version }?.expression ?? nil
    }

    /// `(expression)::type AS name`, or `NULL::type AS name`.
    func selectItem(forServerVersion version: Int) -> String {
        guard let expression = expression(forServerVersion: version) else { return "NULL::\(type) AS \(name)" }
        return "(\(expression))::\(type) AS \(name)"
    }
}

extension Array where Element == SQLColumn {
    /// The select list for `version`, one item per line.
    func selectList(forServerVersion version: Int) -> String {
        map { "    " + $0.selectItem(forServerVersion: version) }.joined(separator: ",\n")
    }
}

/// `server_version_num` of each supported major version.
enum PostgresVersion {
    static let v12 = 120000
    static let v13 = 130000
    static let v14 = 140000
    static let v15 = 150000
    static let v16 = 160000
    static let v17 = 170000
    static let v18 = 180000
    /// The oldest version any family supports.
    static let oldestSupported = v12
    /// Every supported major version, for tests and `--validate`.
    static let majors = [v12, v13, v14, v15, v16, v17, v18]
}
