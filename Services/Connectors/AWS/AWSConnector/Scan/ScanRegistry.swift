import Foundation
import PalisadeProtocol
import Synchronization

/// Progress of every scan this process has started, for `ScanProgressQuery`.
public final class ScanRegistry: Sendable {
    private let scans = Mutex<[String: ScanProgress]>([:])

    public init() {}

    public func register(_ scanID: String) {
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
}
