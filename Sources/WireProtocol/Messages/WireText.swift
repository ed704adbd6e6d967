/// Helpers that keep free-text fields (host names, messages) encodable.
enum WireText {
    /// `text` without NUL bytes, cut at a character boundary to at most `maxBytes` UTF-8 bytes.
    ///
    /// Used only for informational fields, where a shortened text is better than a failed send.
    static func fitted(_ text: String, maxBytes: Int) -> String {
        if text.utf8.count <= maxBytes, !text.utf8.contains(0) { return text }
        var result = ""
        var used = 0
        for scalar in text.unicodeScalars where scalar != "\0" {
            let width = UTF8.width(scalar)
            guard used + width <= maxBytes else { break }
            result.unicodeScalars.append(scalar)
            used += width
        }
        return result
    }

    /// Whether `text` can be an identity field of `maxBytes`: within the bound and without NUL.
    static func isEncodable(_ text: String, maxBytes: Int) -> Bool {
        text.utf8.count <= maxBytes && !text.utf8.contains(0)
    }
}
