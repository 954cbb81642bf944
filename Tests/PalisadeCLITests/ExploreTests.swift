import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

@testable import PalisadeCLI

/// What `palisade explore` prints: a caret under the column a syntax error names, readable cells, exit codes.
@Suite struct ExploreTests {
    @Test func aSyntaxErrorShowsTheLineWithACaretUnderTheColumn() {
        let query = "MATCH (n:Ec2Instance)\nWHERE n.region = 'x' RETRUN n"
        let e = WireError(code: "graph.query.syntax",
                          message: "line 2, column 22: expected MATCH, OPTIONAL MATCH, WITH or RETURN but found 'RETRUN'")
        let cli = ExploreRender.error(e, query: query, endpoint: "ipc://x")
        #expect(cli.message == """
            error: graph.query.syntax: line 2, column 22: expected MATCH, OPTIONAL MATCH, WITH or RETURN but found 'RETRUN'
              WHERE n.region = 'x' RETRUN n
                                   ^
            """)
        #expect(cli.exitCode == 64)
    }

    @Test func exitCodesFollowTheConvention() {
        #expect(ExploreRender.error(WireError(code: "graph.query.unknown-label", message: "line 1, column 7: unknown label 'X'"),
                                    query: nil, endpoint: "e").exitCode == 64)
        let budget = ExploreRender.error(WireError(code: "graph.query.budget", message: "time budget exceeded"),
                                         query: "MATCH (n) RETURN n", endpoint: "e")
        #expect(budget.exitCode == CLIError.failedCode)
        #expect(budget.message == "error: graph.query.budget: time budget exceeded")
        #expect(ExploreRender.error(.timeout("graph"), query: nil, endpoint: "e").exitCode == CLIError.unavailableCode)
    }

    @Test func cellsReadAsTheGraph() {
        let node: JSONValue = ["id": "arn:web-1", "label": "Ec2Instance", "name": "web-1", "properties": [:]]
        let role: JSONValue = ["id": "arn:role", "label": "IamRole", "name": "app-role", "properties": [:]]
        let rel: JSONValue = ["type": "HAS_ROLE", "from": "arn:web-1", "to": "arn:role", "properties": [:]]
        #expect(ExploreRender.cell(node) == "Ec2Instance web-1")
        #expect(ExploreRender.cell(rel) == "arn:web-1 -HAS_ROLE-> arn:role")
        #expect(ExploreRender.cell([node, rel, role]) == "web-1 -HAS_ROLE-> app-role")
        #expect(ExploreRender.cell(["tcp/22", "tcp/443"]) == "tcp/22, tcp/443")
        #expect(ExploreRender.cell(3) == "3" && ExploreRender.cell(1.5) == "1.5" && ExploreRender.cell(.null) == "")
        let reply = ExploreReply(columns: ["i", "ports"], rows: [[node, ["tcp/22"]]],
                                 stats: ExploreStats(nodesVisited: 4, elapsedMilliseconds: 0.25, truncated: true))
        #expect(ExploreRender.text(reply) == """
            i                  ports
            -----------------  ------
            Ec2Instance web-1  tcp/22

            1 row (truncated: raise --limit to see more) · 4 nodes visited · 0.2 ms
            """)
        #expect(ExploreRender.table(reply).csv() == "i,ports\r\nEc2Instance web-1,tcp/22\r\n")
    }

    @Test func argumentsParseAndConflictsAreRejected() throws {
        let e = try #require(try Palisade.parseAsRoot(["explore", "--template", "leaked-credentials", "--param", "a=b=c",
                                                       "--account", "123", "--limit", "5"]) as? Explore)
        #expect(e.template == "leaked-credentials" && e.account == "123" && e.limit == 5)
        #expect(try ExploreRender.parameters(e.params) == ["a": "b=c"])
        #expect(throws: (any Error).self) { try Palisade.parseAsRoot(["explore"]) }
        #expect(throws: (any Error).self) { try Palisade.parseAsRoot(["explore", "MATCH (n) RETURN n", "--templates"]) }
        #expect(throws: (any Error).self) { try Palisade.parseAsRoot(["explore", "--template", "x", "--param", "novalue"]) }
        #expect(throws: (any Error).self) { try Palisade.parseAsRoot(["explore", "MATCH (n) RETURN n", "--limit", "0"]) }
    }

    @Test func helpIsPinned() {
        #expect(Palisade.helpMessage().contains("  explore "))
        #expect(Palisade.helpMessage(for: Explore.self, columns: 100) == """
            OVERVIEW: Query the security graph (an openCypher subset) or run a built-in template.

            Examples:
              palisade explore "MATCH (:Internet)-[e:EXPOSES]->(i:Ec2Instance) RETURN i.name, e.ports"
              palisade explore --template principals-that-can-read-sensitive-buckets --param bucket='pay.*'
              palisade explore --templates
            Labels, relationship types, properties, budgets and every template: docs/explorer.md.

            USAGE: palisade explore [--bus <bus>] [--timeout <timeout>] [--output <output>] [<query>] [--template <template>] [--param <name=value> ...] [--templates] [--account <account>] [--limit <limit>] [--time-budget <time-budget>] [--max-bindings <max-bindings>]

            ARGUMENTS:
              <query>                 The query (MATCH … RETURN …).

            OPTIONS:
              --bus <bus>             Broker endpoint (default: $PALISADE_BUS or
                                      ipc://$PALISADE_HOME/run/bus.ipc).
              --timeout <timeout>     Seconds to wait for a reply. (default: 15)
              --output <output>       Output format: table, json or csv. (values: table, json, csv; default:
                                      table)
              --template <template>   Run the built-in template of this name (see --templates).
              --param <name=value>    A query or template parameter (repeatable).
              --templates             List the built-in templates with their parameters and defaults.
              --account <account>     Only this account's graph (default: every account's).
              --limit <limit>         Return at most this many rows (default 1000).
              --time-budget <time-budget>
                                      Time budget in milliseconds (default 10000).
              --max-bindings <max-bindings>
                                      Memory budget: bindings held while matching (default 1000000).
              -h, --help              Show help information.

            """)
    }
}
