import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

/// `palisade paths`: attack paths worst first; `--choke-points`, `--fix-plan`; `paths show ID`.
struct Paths: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show attack paths, highest risk first (with choke points and the smallest fix plan).",
        subcommands: [PathsList.self, PathsShow.self], defaultSubcommand: PathsList.self)
}

struct PathsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Attack paths, highest risk first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Scan id (default: latest).") var scan: String?
    @Option(help: "Only paths of at least this risk (low, medium, high, critical).") var minRisk: Severity?
    @Flag(help: "Rank the nodes most paths run through (by risk, then count).") var chokePoints = false
    @Flag(help: "The smallest set of fixes that breaks every critical and high path.") var fixPlan = false
    @Flag(help: "Also list the paths this scan no longer finds (resolved).") var resolved = false

    func validate() throws {
        if chokePoints && fixPlan { throw ValidationError("--choke-points and --fix-plan are separate views; pick one") }
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            var reply = try await Connection(global).call(PathsQuery(scanID: scan))
            if let minRisk { reply.paths = reply.paths.filter { $0.risk >= minRisk } }
            if chokePoints {
                Printer.emit(reply.chokePoints, as: global.output, csv: { PathRender.chokePointTable(reply.chokePoints) }) {
                    PathRender.chokePoints(reply)
                }
            } else if fixPlan {
                Printer.emit(reply.fixPlan, as: global.output, csv: { PathRender.fixPlanTable(reply.fixPlan) }) {
                    PathRender.fixPlan(reply)
                }
            } else {
                let shown = reply
                Printer.emit(reply, as: global.output, csv: { PathRender.pathTable(shown.paths) }) {
                    PathRender.paths(shown, resolved: resolved)
                }
            }
        }
    }
}

struct PathsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One attack path as a readable chain.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Path id (from `palisade paths`).") var id: String
    @Option(help: "Scan id (default: latest).") var scan: String?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let reply = try await Connection(global).call(PathsQuery(scanID: scan))
            guard let path = (reply.paths + reply.resolved).first(where: { $0.id == id }) else {
                throw CLIError("error: no attack path \(id) in scan \(reply.scanID ?? "—"); `palisade paths` lists the ids",
                               exitCode: 64)
            }
            Printer.emit(path, as: global.output) { PathRender.chain(path) }
        }
    }
}
