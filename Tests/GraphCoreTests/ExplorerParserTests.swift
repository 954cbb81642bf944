import GraphCore
import PalisadeModel
import Testing

/// The query language refuses what it cannot read with the line, the column and what it expected — and never
/// crashes on malformed input.
@Suite struct ExplorerParserTests {
    func syntax(_ q: String) -> ExplorerError? {
        do {
            _ = try Explorer.prepare(q)
            return nil
        } catch { return error }
    }

    @Test func aMissingParenthesisNamesTheColumnAndWhatWasExpected() throws {
        let e = try #require(syntax("MATCH (n:Ec2Instance WHERE n.region = 'x' RETURN n"))
        #expect(e.code == "graph.query.syntax")
        #expect(e.message == "line 1, column 22: expected ':', '{' or ')' but found 'WHERE'")
        #expect(e.line == 1 && e.column == 22)
    }

    @Test func positionsCountLines() throws {
        let e = try #require(syntax("MATCH (n)\nRETURN n."))
        #expect(e.message == "line 2, column 10: expected a property name but found end of query")
        let f = try #require(syntax("MATCH (a)-[:HAS_ROLE]->(b)\nWHERE a.name = 'x'\n  RETURN a,, b"))
        #expect(f.message == "line 3, column 12: expected an expression but found ','")
    }

    @Test func listsOfPropertiesAndRelationshipDetailsSayWhatMayFollow() throws {
        #expect(syntax("MATCH (n {region: 'x' name: 'y'}) RETURN n")?.message
            == "line 1, column 23: expected '}' or ',' but found 'name'")
        #expect(syntax("MATCH (a)-[r:CAN_READ WHERE]->(b) RETURN a")?.message
            == "line 1, column 23: expected '|', '*', '{' or ']' but found 'WHERE'")
        #expect(syntax("MATCH (a) RETURN a ORDER a")?.message == "line 1, column 26: expected BY but found 'a'")
    }

    @Test func variableLengthNeedsAnUpperBoundOfAtMostEight() throws {
        let unbounded = try #require(syntax("MATCH (a)-[:CAN_ASSUME*]->(b) RETURN b"))
        #expect(unbounded.code == "graph.query.syntax")
        #expect(unbounded.message.contains("line 1, column 23: variable-length relationships need an upper bound"))
        #expect(syntax("MATCH (a)-[*2..]->(b) RETURN b")?.message.contains("need an upper bound") == true)
        #expect(syntax("MATCH (a)-[*1..9]->(b) RETURN b")?.message
            == "line 1, column 12: variable-length relationships may span at most 8 hops, not 9")
        #expect(syntax("MATCH (a)-[*3..2]->(b) RETURN b")?.message.contains("is empty") == true)
        #expect(syntax("MATCH (a)-[*1..8]->(b) RETURN b") == nil)
        #expect(syntax("MATCH (a)-[*..3]->(b) RETURN b") == nil)
    }

    @Test func writingClausesAreRefusedByName() throws {
        #expect(syntax("MATCH (n) DELETE n")?.message
            == "line 1, column 11: DELETE is not supported: the explorer only reads the graph (MATCH, OPTIONAL MATCH, WITH, RETURN)")
        #expect(syntax("CREATE (n)")?.message.hasPrefix("line 1, column 1: CREATE is not supported") == true)
    }

    @Test func aQueryEndsWithReturn() throws {
        #expect(syntax("MATCH (n)")?.message == "line 1, column 10: a query must end with RETURN")
        #expect(syntax("MATCH (n) RETURN n MATCH (m)")?.message
            == "line 1, column 20: expected end of query after RETURN but found 'MATCH'")
        #expect(syntax("")?.message == "line 1, column 1: a query must end with RETURN")
    }

    @Test func stringsNumbersAndCharacters() throws {
        #expect(syntax("MATCH (n) WHERE n.name = 'web-1 RETURN n")?.message == "line 1, column 26: unterminated string")
        #expect(syntax("MATCH (n) WHERE n.x = 12ab RETURN n")?.message
            == "line 1, column 23: expected a number but found '12a'")
        #expect(syntax("MATCH (n) WHERE n.x # 1 RETURN n")?.message == "line 1, column 21: unexpected character '#'")
        #expect(syntax("MATCH (n) WHERE n.name = 'it\\'s' RETURN n") == nil)
        #expect(syntax("MATCH (n) // find every node\nRETURN n /* all */") == nil)
    }

    @Test func unknownFunctionsSuggestTheNearest() throws {
        #expect(Small.error("MATCH (n) RETURN lenght(n)")?.message
            == "line 1, column 18: unknown function 'lenght'; did you mean 'length'?")
        #expect(Small.error("MATCH (n) WHERE count(n) > 1 RETURN n")?.message
            == "line 1, column 17: count() aggregates rows and may only be used in WITH or RETURN")
    }

    @Test func nestingIsCappedInsteadOfOverflowingTheStack() throws {
        let deep = "RETURN " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        let e = try #require(syntax(deep))
        #expect(e.message.contains("nests deeper than 256 levels"))
        let chain = "RETURN " + Array(repeating: "true", count: 5_000).joined(separator: " AND ")
        #expect(syntax(chain)?.message.contains("nests deeper") == true)
        let negations = "RETURN " + String(repeating: "NOT ", count: 5_000) + "true"
        #expect(syntax(negations)?.message.contains("nests deeper") == true)
        #expect(syntax("RETURN " + String(repeating: "(", count: 20) + "1" + String(repeating: ")", count: 20)) == nil)
    }

    /// Mutations of valid queries: each either runs or fails with one of the stable codes; none crashes.
    @Test func malformedInputNeverCrashes() throws {
        let seeds = [
            "MATCH p = (:Internet)-[:EXPOSES|HAS_ROLE*1..3]->(r:IamRole {admin: true}) WHERE r.name =~ 'a.*' RETURN p, length(p) ORDER BY length(p) DESC LIMIT 5",
            "MATCH (i:Ec2Instance) OPTIONAL MATCH (i)-[e:HAS_ROLE]->(r) WITH i, count(r) AS n WHERE n > 0 RETURN DISTINCT i.name, n SKIP 0",
            "MATCH (a)-[r]-(b) WHERE any(x IN r.ports WHERE x STARTS WITH 'tcp') AND NOT b.name IN ['x', $p] RETURN collect(DISTINCT b.name), count(*)",
        ]
        let alphabet = Array("()[]{}<>-=:,.|*'\"$`;/ abcnMATCHRETURNWHERE0189\n\\")
        var rng = SystemRandomNumberGenerator()
        let codes: Set<String> = ["graph.query.syntax", "graph.query.unknown-label", "graph.query.unknown-type",
                                  "graph.query.unknown-variable", "graph.query.budget", "graph.query.type",
                                  "graph.query.parameter"]
        for i in 0..<600 {
            var chars = Array(seeds[i % seeds.count])
            for _ in 0..<(1 + i % 4) {
                let at = Int.random(in: 0..<chars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: chars.remove(at: at)
                case 1: chars.insert(alphabet.randomElement(using: &rng)!, at: at)
                default: chars[at] = alphabet.randomElement(using: &rng)!
                }
                if chars.isEmpty { chars = ["("] }
            }
            let q = String(chars)
            if let e = Small.error(q, ["p": "x"], limits: ExplorerLimits(maxRows: 10, maxBindings: 10_000)) {
                #expect(codes.contains(e.code), "\(q) → \(e)")
            }
        }
    }
}
