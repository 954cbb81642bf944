import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

/// `palisade explore`: ask the security graph a question in the explorer's openCypher subset, or run a
/// built-in template (docs/explorer.md).
struct Explore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Query the security graph (an openCypher subset) or run a built-in template.",
        discussion: """
            Examples:
              palisade explore "MATCH (:Internet)-[e:EXPOSES]->(i:Ec2Instance) RETURN i.name, e.ports"
              palisade explore --template principals-that-can-read-sensitive-buckets --param bucket='pay.*'
              palisade explore --templates
            Labels, relationship types, properties, budgets and every template: docs/explorer.md.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The query (MATCH … RETURN …).") var query: String?
    @Option(help: "Run the built-in template of this name (see --templates).") var template: String?
    @Option(name: .customLong("param"), help: ArgumentHelp("A query or template parameter (repeatable).", valueName: "name=value"))
    var params: [String] = []
    @Flag(help: "List the built-in templates with their parameters and defaults.") var templates = false
    @Option(help: "Only this account's graph (default: every account's).") var account: String?
    @Option(help: "Return at most this many rows (default 1000).") var limit: Int?
    @Option(help: "Time budget in milliseconds (default 10000).") var timeBudget: Int?
    @Option(help: "Memory budget: bindings held while matching (default 1000000).") var maxBindings: Int?

    func validate() throws {
        let chosen = [query != nil, template != nil, templates].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError(chosen == 0 ? "give a query, --template NAME or --templates"
                                              : "give only one of a query, --template NAME and --templates")
        }
        if templates && !params.isEmpty { throw ValidationError("--param goes with a query or --template") }
        _ = try ExploreRender.parameters(params)
        for (name, value) in [("--limit", limit), ("--time-budget", timeBudget), ("--max-bindings", maxBindings)] {
            if let value, value <= 0 { throw ValidationError("\(name) must be a positive number") }
        }
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let connection = try Connection(global)
            if templates {
                let reply = try await connection.call(ExploreTemplatesQuery())
                Printer.emit(reply, as: global.output, csv: { ExploreRender.templateTable(reply) }) {
                    ExploreRender.templates(reply)
                }
                return
            }
            let request = ExploreQuery(query: query, template: template, textParameters: try ExploreRender.parameters(params),
                                       account: account,
                                       limits: ExploreLimits(maxRows: limit, timeoutMilliseconds: timeBudget, maxBindings: maxBindings))
            // The reply may take as long as the time budget: wait for it a little longer than that.
            let wait = max(global.replyTimeout, .milliseconds((timeBudget ?? 10_000) + 5_000))
            let reply: ExploreReply
            do { reply = try await connection.call(request, timeout: wait) } catch let e as WireError {
                throw ExploreRender.error(e, query: query, endpoint: connection.endpoint)
            }
            Printer.emit(reply, as: global.output, csv: { ExploreRender.table(reply) }) { ExploreRender.text(reply) }
        }
    }
}
