import Foundation
import PalisadeModel
import PalisadeProtocol
import Synchronization

/// Progress of every scan this process has started, for `ScanProgressQuery`.
public final class ScanRegistry: Sendable {
    private let scans = Mutex<[String: ScanProgress]>([:])
    private let targets = Mutex<[String: ScanTarget]>([:])

    public init() {}

    /// `target`: what a requested scan collects (an organization's per-account scans have none of their own).
    public func register(_ scanID: String, target: ScanTarget? = nil) {
        if let target { targets.withLock { $0[scanID] = target } }
        scans.withLock {
            $0[scanID] = ScanProgress(scanID: scanID, account: nil, state: .running, apiCalls: 0, resources: 0,
                                      batchesSent: 0, batchesAcked: 0, scopesDone: 0, scopesTotal: 0, scopes: [],
                                      error: nil)
        }
    }

    public func update(_ scanID: String, _ change: (inout ScanProgress) -> Void) {
        scans.withLock { all in
            guard var p = all[scanID] else { return }
            change(&p)
            all[scanID] = p
        }
    }

    public func fail(_ scanID: String, _ error: String) {
        update(scanID) {
            $0.state = .failed
            $0.error = error
        }
    }

    public func progress(_ scanID: String) -> ScanProgress? { scans.withLock { $0[scanID] } }

    /// Requested scans still running or sealing, oldest id first.
    public func active() -> [ActiveScan] {
        let known = targets.withLock { $0 }
        return scans.withLock { all in
            known.keys.sorted().compactMap { id in
                guard let p = all[id], p.state == .running || p.state == .sealing, let t = known[id] else { return nil }
                return ActiveScan(scanID: id, target: t, state: p.state)
            }
        }
    }

    /// Sets the per-service totals when the regions are known: global collectors run once, regional ones per region.
    public func plan(_ scanID: String, collectors: [any AWSCollector.Type], regions: Int) {
        // Several collectors may share a service (IAM has four): one line per service, their runs summed.
        var services: [ServiceProgress] = []
        for c in collectors {
            let runs = c.reach == .global ? 1 : regions
            if let i = services.firstIndex(where: { $0.service == c.service }) { services[i].total += runs } else {
                services.append(ServiceProgress(service: c.service, done: 0, total: runs))
            }
        }
        update(scanID) { $0.services = services }
    }

    /// One collector run finished with these scopes.
    public func unitDone(_ scanID: String, service: String, scopes: [ScopeResult]) {
        update(scanID) { p in
            p.scopesDone += 1
            guard let i = p.services.firstIndex(where: { $0.service == service }) else { return }
            p.services[i].done += 1
            p.services[i].failed += scopes.filter { $0.status == .error }.count
        }
    }
}
