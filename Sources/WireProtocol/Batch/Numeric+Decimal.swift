extension Numeric: CustomStringConvertible, LosslessStringConvertible {
    /// Parses a decimal string: an optional sign, digits with an optional point (`-1.50`,
    /// `123.`, `.5`), or `NaN`, `Infinity`, `-Infinity` (any case). The display scale is the
    /// number of digits after the point, as in PostgreSQL. Returns nil for anything else.
    public init?(decimal text: String) {
        switch text.lowercased() {
        case "nan": self = .nan; return
        case "infinity", "+infinity", "inf", "+inf": self = .infinity; return
        case "-infinity", "-inf": self = .negativeInfinity; return
        default: break
        }
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var decimals: [UInt8] = []
        var integerCount: Int?
        for byte in utf8 {
            if byte == UInt8(ascii: "."), integerCount == nil {
                integerCount = decimals.count
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                decimals.append(byte - UInt8(ascii: "0"))
            } else {
                return nil
            }
        }
        let pointAt = integerCount ?? decimals.count
        let scale = decimals.count - pointAt
        guard !decimals.isEmpty, scale <= Int(Self.maxDisplayScale) else { return nil }
        // Align to base-10000 groups around the point.
        let leading = (4 - pointAt % 4) % 4
        decimals.insert(contentsOf: repeatElement(0, count: leading), at: 0)
        decimals.append(contentsOf: repeatElement(0, count: (4 - decimals.count % 4) % 4))
        var groups = stride(from: 0, to: decimals.count, by: 4).map { start in
            decimals[start..<start + 4].reduce(UInt16(0)) { $0 * 10 + UInt16($1) }
        }
        var weight = (pointAt + leading) / 4 - 1
        while groups.first == 0 { groups.removeFirst(); weight -= 1 }
        while groups.last == 0 { groups.removeLast() }
        guard groups.count <= Int(UInt16.max), let weight16 = Int16(exactly: weight) else { return nil }
        self.init(weight: groups.isEmpty ? 0 : weight16, sign: negative && !groups.isEmpty ? .negative : .positive,
                  dscale: UInt16(scale), digits: groups)
    }

    /// `init(decimal:)`.
    public init?(_ description: String) {
        self.init(decimal: description)
    }

    /// The value as PostgreSQL prints it: `-1.50`, `0`, `NaN`, `Infinity`, `-Infinity`.
    public var description: String {
        switch sign {
        case .nan: return "NaN"
        case .positiveInfinity: return "Infinity"
        case .negativeInfinity: return "-Infinity"
        case .positive, .negative: break
        }
        // Normalise as numeric_recv does: no leading or trailing zero digits.
        var first = 0
        var weight = Int(self.weight)
        while first < digits.count, digits[first] == 0 { first += 1; weight -= 1 }
        let significant = digits[first...].reversed().drop { $0 == 0 }.reversed()
        let digits = Array(significant)
        func digit(_ index: Int) -> Int { index >= 0 && index < digits.count ? Int(digits[index]) : 0 }
        var out = sign == .negative && !digits.isEmpty ? "-" : ""
        if weight < 0 || digits.isEmpty {
            out += "0"
        } else {
            out += String(digit(0))
            for index in stride(from: 1, through: weight, by: 1) {
                let group = String(digit(index))
                out += String(repeating: "0", count: 4 - group.count) + group
            }
        }
        if dscale > 0 {
            out += "."
            let integerGroups = digits.isEmpty ? 0 : weight + 1
            for position in 0..<Int(dscale) {
                let group = digit(integerGroups + position / 4)
                let power = [1000, 100, 10, 1][position % 4]
                out += String(group / power % 10)
            }
        }
        return out
    }
}
