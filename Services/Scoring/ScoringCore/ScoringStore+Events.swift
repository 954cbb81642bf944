import Foundation
import GRDB
import PalisadeProtocol
import PalisadeStore

/// Scoring's own append-only log: `score.changed`, appended with the score it describes.
extension ScoringStore {
    public func events(after: Int64, limit: Int) throws -> EventsPage {
        try store.read { db in
            EventsPage(events: try EventLog.read(db, after: after, limit: Swift.max(1, Swift.min(limit, 5_000))),
                       headSeq: try EventLog.head(db))
        }
    }
}
