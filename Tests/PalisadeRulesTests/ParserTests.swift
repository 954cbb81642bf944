import PalisadeModel
import PalisadeRules
import Testing

@Suite struct ParserTests {
    @Test func literalsAndLists() throws {
        #expect(try eval("1.5") == .number(1.5))
        #expect(try eval("-3") == .number(-3))
        #expect(try eval("'it\\'s'") == .string("it's"))
        #expect(try eval("\"a\\nb\"") == .string("a\nb"))
        #expect(try eval("null") == .null)
        #expect(try eval("[1, \"a\", true, null]") == .list([1, "a", true, nil]))
        #expect(try eval("[]") == .list([]))
    }

    @Test func precedenceAndBeatsOrAndNotBindsTightest() throws {
        #expect(try eval("true || false && false") == .bool(true))
        #expect(try eval("(true || false) && false") == .bool(false))
        #expect(try eval("!false && false") == .bool(false))
        #expect(try eval("!(false && false)") == .bool(true))
        #expect(try eval("(1 < 2) == true") == .bool(true))
    }

    @Test func comparisonsDoNotChain() {
        let e = compileError("1 < 2 < 3")
        #expect(e?.message.contains("do not chain") == true)
        #expect(e?.location == SourceLocation(line: 1, column: 7))
    }

    @Test func errorsCarryLineColumnAndWhatWasExpected() {
        var e = compileError("a == 1 &&\n  b = 2")
        #expect(e?.location == SourceLocation(line: 2, column: 1 + 4))
        #expect(e?.message == "expected '==' (comparison), found a single '='")
        e = compileError("size(a")
        #expect(e?.message.contains("expected ',' or ')'") == true)
        #expect(e?.location == SourceLocation(line: 1, column: 7))
        e = compileError("a &&")
        #expect(e?.message.contains("expected a value") == true)
        #expect(e?.message.contains("end of expression") == true)
        e = compileError("\"open")
        #expect(e?.message.contains("unterminated string") == true)
        e = compileError("a # b")
        #expect(e?.message == "unexpected character '#'")
        #expect(e?.location == SourceLocation(line: 1, column: 3))
        e = compileError("")
        #expect(e?.message.contains("empty expression") == true)
        e = compileError("a b")
        #expect(e?.message.contains("found identifier 'b'") == true)
    }

    @Test func originShiftsLocations() {
        do {
            _ = try CheckExpression("x ==\n  ", origin: SourceLocation(line: 10, column: 8), continuationColumn: 3)
            Issue.record("expected an error")
        } catch {
            #expect(error.location == SourceLocation(line: 11, column: 5))
        }
    }

    @Test func semanticErrorsAtLoad() {
        #expect(compileError("nosuch(1)")?.message.contains("unknown function 'nosuch'") == true)
        #expect(compileError("size(1, 2)")?.message.contains("'size' takes 1 argument") == true)
        #expect(compileError("a.exists(1, true)")?.message.contains("variable name first") == true)
        #expect(compileError("exists(x, true)")?.message.contains("list macro") == true)
        #expect(compileError("resource.owner == 'x'")?.message.contains("unknown resource field 'owner'") == true)
        #expect(compileError("name.matches('([')")?.message.contains("invalid regular expression") == true)
        #expect(compileError("a.b.matches('([')")?.location == SourceLocation(line: 1, column: 13))
    }

    @Test func relatedNamesAreCollected() throws {
        let e = try CheckExpression("related.roles.exists(r, true) || size(related.instanceProfile) > 0")
        #expect(e.relatedNames == ["roles", "instanceProfile"])
    }
}
