import ArgumentParser
import Foundation
import PalisadeProtocol

/// What runs, with pids, restarts and whether each service's worker is connected; then every replica
/// (supervised here or connected from another host) with its position in the assessor's event log.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the processes, services and replicas of the stack.")

    @OptionGroup var global: GlobalOptions

    struct Report: Codable {
        var supervisor: SupervisorStatus
        var gateway: GatewayStatus
        /// The assessor's event-log head (nil when the assessor does not answer).
        var headSeq: Int64?
        var replicas: [ReplicaRow]
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let conn = try Connection(global)
            let gateway = try await conn.call(GatewayStatusQuery())
            let supervisor = try await conn.call(SupervisorStatusQuery())
            let head = try? await conn.client.call(EventsPull(after: Int64.max, limit: 1), timeout: .seconds(3),
                                                   retry: .none).headSeq
            let replicas = await ReplicaRow.collect(gateway: gateway, supervisor: supervisor, headSeq: head,
                                                    sender: conn.client)
            let report = Report(supervisor: supervisor, gateway: gateway, headSeq: head, replicas: replicas)
            Printer.emit(report, as: global.output) {
                let workers = Dictionary(grouping: gateway.workers, by: { $0.pid ?? -1 })
                let rows = supervisor.processes.map { p in
                    let w = p.pid.flatMap { workers[$0] }?.map(\.service)
                        .filter { ServiceName.splitReplica($0) == nil }.joined(separator: ",") ?? ""
                    return [p.name, p.pid.map(String.init) ?? "-", p.state, "\(p.restarts)",
                            w.isEmpty ? "-" : w, p.lastExit ?? ""]
                }
                var text = "supervisor pid \(supervisor.pid)\n\n"
                    + Table(headers: ["PROCESS", "PID", "STATE", "RESTARTS", "SERVICE", "LAST EXIT"], rows: rows)
                    .render()
                if !replicas.isEmpty {
                    text += "\nreplicas (event log head \(head.map(String.init) ?? "unknown: assessor not answering"))\n\n"
                        + ReplicaRow.table(replicas).render()
                }
                return text
            }
        }
    }
}
