/// Names a field for an error's detail, e.g. `type of column calls`, without building a `String`
/// until an error is actually thrown.
///
/// Decoding names every field it reads so that a failure can say which one; formatting those
/// names eagerly cost several heap allocations per BATCH column on the success path. A
/// `WireField` holds only a static text, an optional column name or index (a reference, not a
/// copy) and a static suffix, and `description` joins them on demand. A string literal is a
/// `WireField`, so `reader.readU8("fatal")` reads as before.
public struct WireField: ExpressibleByStringLiteral, CustomStringConvertible, Sendable {
    private enum Subject: Sendable {
        case none
        case index(Int)
        case name(String)
        /// A description formatted by the caller, for fields off the hot path.
        case formatted(String)
    }

    private let text: StaticString
    private let subject: Subject
    private let suffix: StaticString

    public init(stringLiteral text: StaticString) {
        self.init(text, .none, "")
    }

    /// `text` followed by a space and `name`, e.g. `type of column calls`.
    public init(_ text: StaticString, _ name: String) {
        self.init(text, .name(name), "")
    }

    /// `text` followed by a space and `index`, e.g. `name of column 3`.
    public init(_ text: StaticString, index: Int) {
        self.init(text, .index(index), "")
    }

    /// A description already formatted, e.g. `"\(type) payload"` (allocates; not for hot paths).
    public init(formatted: String) {
        self.init("", .formatted(formatted), "")
    }

    private init(_ text: StaticString, _ subject: Subject, _ suffix: StaticString) {
        self.text = text
        self.subject = subject
        self.suffix = suffix
    }

    /// The length field that precedes this one: the same description followed by ` length`.
    public var length: WireField {
        WireField(text, subject, " length")
    }

    public var description: String {
        var result = text.description
        switch subject {
        case .none: break
        case .index(let index): result += " \(index)"
        case .name(let name): result += " " + name
        case .formatted(let formatted): result += formatted
        }
        return result + suffix.description
    }
}
