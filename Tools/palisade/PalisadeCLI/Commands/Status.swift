import ArgumentParser
import Foundation
import PalisadeProtocol

/// What runs, with pids, restarts and whether each service's worker is connected.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the processes and services of the stack.")

    @OptionGroup var global: GlobalOptions

    struct Report: Codable {
        var supervisor: SupervisorStatus
        var gateway: GatewayStatus
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let conn = try Connection(global)
            let gateway = try await conn.call(GatewayStatusQuery())
            let supervisor = try await conn.call(SupervisorStatusQuery())
            let report = Report(supervisor: supervisor, gateway: gateway)
            Printer.emit(report, as: global.output) {
                let workers = Dictionary(grouping: gateway.workers, by: { $0.pid ?? -1 })
                let rows = supervisor.processes.map { p in
                    let w = p.pid.flatMap { workers[$0] }?.map(\.service).joined(separator: ",") ?? ""
                    return [p.name, p.pid.map(String.init) ?? "-", p.state, "\(p.restarts)",
                            w.isEmpty ? "-" : w, p.lastExit ?? ""]
                }
                return "supervisor pid \(supervisor.pid)\n\n"
                    + Table(headers: ["PROCESS", "PID", "STATE", "RESTARTS", "SERVICE", "LAST EXIT"], rows: rows)
                    .render()
            }
        }
    }
}
