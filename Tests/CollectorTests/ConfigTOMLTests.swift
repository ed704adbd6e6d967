import Testing
@testable import Collector

@Suite("TOML reader")
struct ConfigTOMLTests {
    func parse(_ text: String) throws -> TOMLTable { try TOML.parse(text) }

    func error(_ text: String) -> TOMLError? {
        do { _ = try TOML.parse(text); return nil } catch { return error }
    }

    func table(_ value: TOMLValue?) -> TOMLTable? {
        if case .table(let table)? = value?.kind { return table }
        return nil
    }

    @Test func tablesKeysAndLines() throws {
        let doc = try parse("""
            # comment
            title = "x" # trailing comment

            [collector]
            id = "c-1"
            interval = 60
            [postgres]
            databases = ["a", 'b']
            """)
        #expect(doc["title"] == TOMLValue(.string("x"), line: 2))
        let collector = try #require(table(doc["collector"]))
        #expect(collector["id"] == TOMLValue(.string("c-1"), line: 5))
        #expect(collector["interval"]?.kind == .integer(60))
        #expect(collector["interval"]?.line == 6)
        #expect(doc["collector"]?.line == 4)
        let postgres = try #require(table(doc["postgres"]))
        #expect(postgres["databases"]?.kind == .array([TOMLValue(.string("a"), line: 8), TOMLValue(.string("b"), line: 8)]))
        #expect(doc.keys == ["title", "collector", "postgres"])
    }

    @Test func dottedAndQuotedKeys() throws {
        let doc = try parse("""
            a.b.c = 1
            a . b . d = 2
            "quoted key".x = true
            'lit'.y = false
            [t."x.y"]
            z = 3
            """)
        let b = try #require(table(table(doc["a"])?["b"]))
        #expect(b["c"]?.kind == .integer(1))
        #expect(b["d"]?.kind == .integer(2))
        #expect(table(doc["quoted key"])?["x"]?.kind == .boolean(true))
        #expect(table(doc["lit"])?["y"]?.kind == .boolean(false))
        #expect(table(table(doc["t"])?["x.y"])?["z"]?.kind == .integer(3))
    }

    @Test func strings() throws {
        let doc = try parse(#"""
            basic = "tab\there \"q\" \\ \u00e9 \U0001F600"
            literal = 'C:\path\no escapes'
            multi = """
            line one
              line two\
                 joined"""
            multilit = '''
            raw \n text
            '''
            quotes = """a""b"""""
            empty = ""
            """#)
        #expect(doc["basic"]?.kind == .string("tab\there \"q\" \\ é 😀"))
        #expect(doc["literal"]?.kind == .string(#"C:\path\no escapes"#))
        #expect(doc["multi"]?.kind == .string("line one\n  line two" + "joined"))
        #expect(doc["multilit"]?.kind == .string("raw \\n text\n"))
        #expect(doc["quotes"]?.kind == .string("a\"\"b\"\""))
        #expect(doc["empty"]?.kind == .string(""))
        #expect(doc["multilit"]?.line == 7)
        #expect(doc["quotes"]?.line == 10)
    }

    @Test func numbers() throws {
        let doc = try parse("""
            a = 1_000_000
            b = -17
            c = +0
            d = 0xDEAD_beef
            e = 0o755
            f = 0b1010
            g = 3.14
            h = -1e-3
            i = 6.02E+23
            j = 1_0.5_0
            k = inf
            l = -inf
            m = nan
            n = 9223372036854775807
            o = -9223372036854775808
            """)
        #expect(doc["a"]?.kind == .integer(1_000_000))
        #expect(doc["b"]?.kind == .integer(-17))
        #expect(doc["c"]?.kind == .integer(0))
        #expect(doc["d"]?.kind == .integer(0xDEADBEEF))
        #expect(doc["e"]?.kind == .integer(0o755))
        #expect(doc["f"]?.kind == .integer(10))
        #expect(doc["g"]?.kind == .float(3.14))
        #expect(doc["h"]?.kind == .float(-0.001))
        #expect(doc["i"]?.kind == .float(6.02e23))
        #expect(doc["j"]?.kind == .float(10.5))
        #expect(doc["k"]?.kind == .float(.infinity))
        #expect(doc["l"]?.kind == .float(-.infinity))
        if case .float(let nan)? = doc["m"]?.kind { #expect(nan.isNaN) } else { Issue.record("nan") }
        #expect(doc["n"]?.kind == .integer(.max))
        #expect(doc["o"]?.kind == .integer(.min))
    }

    @Test func arraysInlineTablesDates() throws {
        let doc = try parse("""
            nested = [ [1, 2], ["x"], [] ]
            multi = [
              1,   # one
              2,
            ]
            point = { x = 1, y.z = "deep" }
            empty = {}
            when = 1979-05-27T07:32:00Z
            local = 1979-05-27 07:32:00
            day = 1979-05-27
            time = 07:32:00
            """)
        guard case .array(let nested)? = doc["nested"]?.kind else { Issue.record("nested"); return }
        #expect(nested.count == 3)
        guard case .array(let multi)? = doc["multi"]?.kind else { Issue.record("multi"); return }
        #expect(multi.map(\.kind) == [.integer(1), .integer(2)])
        #expect(multi.map(\.line) == [3, 4])
        let point = try #require(table(doc["point"]))
        #expect(point["x"]?.kind == .integer(1))
        #expect(table(point["y"])?["z"]?.kind == .string("deep"))
        #expect(table(doc["empty"])?.isEmpty == true)
        #expect(doc["when"]?.kind == .datetime("1979-05-27T07:32:00Z"))
        #expect(doc["local"]?.kind == .datetime("1979-05-27 07:32:00"))
        #expect(doc["day"]?.kind == .datetime("1979-05-27"))
        #expect(doc["time"]?.kind == .datetime("07:32:00"))
    }

    @Test func arraysOfTablesAndSubtables() throws {
        let doc = try parse("""
            [[db]]
            name = "a"
            [db.opts]
            x = 1
            [[db]]
            name = "b"
            [fruit]
            apple.color = "red"
            [fruit.apple.texture]
            smooth = true
            [x.y.z]
            [x]
            w = 1
            """)
        guard case .array(let dbs)? = doc["db"]?.kind else { Issue.record("db"); return }
        #expect(dbs.count == 2)
        #expect(table(dbs[0])?["name"]?.kind == .string("a"))
        #expect(table(table(dbs[0])?["opts"])?["x"]?.kind == .integer(1))
        #expect(table(dbs[1])?["name"]?.kind == .string("b"))
        #expect(table(table(table(doc["fruit"])?["apple"])?["texture"])?["smooth"]?.kind == .boolean(true))
        #expect(table(doc["x"])?["w"]?.kind == .integer(1))
    }

    @Test func crlfAndBOM() throws {
        let doc = try parse("\u{FEFF}a = 1\r\n[t]\r\nb = 'x'\r\n")
        #expect(doc["a"]?.kind == .integer(1))
        #expect(table(doc["t"])?["b"] == TOMLValue(.string("x"), line: 3))
    }

    @Test(arguments: [
        ("a = 1\na = 2", 2, "duplicate key a (first defined on line 1)"),
        ("[t]\nx = 1\n[t]", 3, "the table [t] is defined twice"),
        ("a.b = 1\n[a.b]", 2, "defined twice"),
        ("[a]\nb.c = 1\n[a.b]", 3, "defined twice"),
        ("a = 1\na.b = 2", 2, "already holds a value"),
        ("[a.b]\n[a]\nb.c = 1", 3, "cannot extend a table defined elsewhere"),
        ("p = { x = 1 }\n[p]", 2, "defined twice"),
        ("p = { x = 1 }\np.y = 2", 2, "already holds a value"),
        ("a = [1]\n[[a]]", 2, "cannot be an array of tables"),
        ("x = 1 y = 2", 1, "expected the end of the line"),
        ("x = ", 1, "expected a value"),
        ("x = bare", 1, "strings must be quoted"),
        ("x = \"open", 1, "unterminated string"),
        ("x = \"a\nb\"", 1, "line break in a single-line string"),
        ("x = \"\\q\"", 1, "invalid escape"),
        ("x = \"\\uD800\"", 1, "not a Unicode scalar"),
        ("x = 012", 1, "leading zeros"),
        ("x = 1__0", 1, "invalid value"),
        ("x = _1", 1, "invalid value"),
        ("x = 1.", 1, "digits must follow the decimal point"),
        ("x = +0x10", 1, "take no sign"),
        ("x = 9223372036854775808", 1, "does not fit in 64 bits"),
        ("x = [1, 2", 1, "unterminated array"),
        ("x = [1 2]", 1, "expected ',' or ']'"),
        ("x = { a = 1, }", 1, "trailing comma"),
        ("x = { a = 1,\n b = 2 }", 1, "line break in an inline table"),
        ("[t", 1, "expected ']'"),
        ("[[t]", 1, "expected ']]'"),
        ("= 1", 1, "expected a key"),
        ("k 1", 1, "expected '='"),
        ("k = 1\r", 1, "carriage return"),
        ("# bad \u{01} comment", 1, "control character"),
        ("\n\n\nx = truex", 4, "booleans are true and false"),
        ("x = 1 # ok\ny = 2 z", 2, "expected the end of the line"),
    ])
    func errors(text: String, line: Int, fragment: String) throws {
        let failure = try #require(error(text), "expected an error for \(text.debugDescription)")
        #expect(failure.line == line, "\(failure)")
        #expect(failure.message.contains(fragment), "\(failure)")
    }

    @Test func errorColumn() {
        let failure = error("key = 'ok'\nother = @")
        #expect(failure?.line == 2)
        #expect(failure?.column == 9)
    }
}
