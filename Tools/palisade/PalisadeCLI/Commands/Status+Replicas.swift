import Foundation
import PalisadeMessaging
import PalisadeProtocol

/// One replica as `palisade status` shows it: the supervisor's view (state, restarts; absent for a replica
/// another host runs) joined with the replica's own answer to `ReplicaStatusQuery` at `graph@<replica>`.
struct ReplicaRow: Codable, Sendable, Equatable {
    var replica: String
    var service: String
    var host: String?
    var pid: Int32?
    /// Supervisor state (`running`, `backoff`, …), `remote` when this supervisor does not run it.
    var state: String
    var restarts: Int?
    var cursor: Int64?
    /// `headSeq − cursor`: events of the assessor's log this replica has not committed yet.
    var lag: Int64?
    var lastScanID: String?
    var served: Int?
    /// Why the replica's own status is missing, if it is.
    var error: String?

    /// Asks every replica the gateway lists (workers named `service@replica`) and every supervised replica.
    static func collect(gateway: GatewayStatus, supervisor: SupervisorStatus, headSeq: Int64?,
                        sender: any RequestSender) async -> [ReplicaRow] {
        var names: [(service: String, replica: String)] = []
        for w in gateway.workers {
            if let r = ServiceName.splitReplica(w.service), !names.contains(where: { $0 == r }) { names.append(r) }
        }
        let supervised = Dictionary(supervisor.processes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // A supervised replica that is down has no worker: list it from the supervisor (graph replicas only).
        for p in supervisor.processes where p.name.hasPrefix("palisade-graph")
            && !names.contains(where: { $0.replica == p.name }) {
            names.append((ServiceName.graph, p.name))
        }
        var rows: [ReplicaRow] = []
        for (service, replica) in names {
            let process = supervised[replica]
            var row = ReplicaRow(replica: replica, service: service, host: nil, pid: process?.pid,
                                 state: process?.state ?? "remote", restarts: process?.restarts)
            if process == nil || process?.state == "running" {
                do {
                    let s = try await RoutedSender(sender, replica: replica, of: service)
                        .call(ReplicaStatusQuery(), timeout: .seconds(3), retry: .none)
                    row.host = s.host
                    row.pid = s.pid
                    row.cursor = s.cursor
                    row.lastScanID = s.lastScanID
                    row.served = s.served
                    row.lag = headSeq.map { max(0, $0 - s.cursor) }
                } catch {
                    row.error = (error as? WireError)?.code ?? "\(error)"
                }
            }
            rows.append(row)
        }
        return rows.sorted { ($0.service, $0.replica) < ($1.service, $1.replica) }
    }

    static func table(_ rows: [ReplicaRow]) -> Table {
        Table(headers: ["REPLICA", "SERVICE", "HOST", "PID", "STATE", "RESTARTS", "CURSOR", "LAG", "LAST SCAN", "SERVED"],
              rows: rows.map { r in
                  [r.replica, r.service, r.host ?? "-", r.pid.map(String.init) ?? "-", r.state,
                   r.restarts.map(String.init) ?? "-", r.cursor.map(String.init) ?? (r.error ?? "-"),
                   r.lag.map(String.init) ?? "-", r.lastScanID ?? "-", r.served.map(String.init) ?? "-"]
              })
    }
}
