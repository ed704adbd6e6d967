/// A small TOML 1.0 reader for the collector's configuration.
///
/// Supports tables, arrays of tables, dotted and quoted keys, basic and literal strings (single
/// and multi-line), integers (decimal with `_`, hexadecimal, octal, binary), floats (including
/// `inf` and `nan`), booleans, date-times (kept as text), arrays and inline tables, and comments.
/// Every value keeps the line it starts on; defining a key or a table twice is an error.
public enum TOML {
    /// Parses a whole document into its root table.
    /// - Throws: `TOMLError` naming the line and column of the first problem.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(Array(text.utf8))
        return try parser.parseDocument()
    }
}
