import GRDB
import PalisadeStore

extension ScoringStore {
    /// History: each score keeps its scan's resource count and seal time, and the seq of the seal that first scored
    /// it (`seq` moves to the latest rescore). Scores kept before this migration get 0 resources and their `seq`.
    static let history = Store.Migration("scoring.v2") { db in
        try db.execute(sql: """
            ALTER TABLE scores ADD COLUMN resource_count INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE scores ADD COLUMN sealed_at REAL;
            ALTER TABLE scores ADD COLUMN seal_seq INTEGER;
            UPDATE scores SET seal_seq = seq;
            CREATE INDEX scores_account_seal ON scores (account, seal_seq);
            """)
    }
}
