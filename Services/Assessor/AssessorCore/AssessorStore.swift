import Foundation
import GRDB
import PalisadeModel
import PalisadeStore

/// The assessor's database (`assessor.sqlite`): scans, committed batches, the current inventory, the
/// resources seen per scan, current findings and the event log.
public final class AssessorStore: Sendable {
    public let store: Store
    /// The database file.
    public var path: URL { store.path }

    public init(directory: URL) throws {
        store = try Store(directory: directory, name: "assessor",
                          migrations: [EventLog.migration, Self.schemaV1, Self.schemaV2, Self.schemaV3, Self.schemaV4,
                                       Self.schemaV5, Self.schemaV6],
                          writerCacheMiB: Self.writerCacheMiB)
    }

    /// The writer's page cache. A first assessment writes millions of findings, events and index entries in one
    /// transaction; with SQLite's 2 MiB default the pages being filled were spilled to the WAL and read back over and
    /// over. Memory follows use: a small account never fills it.
    static let writerCacheMiB = 256

    static let schemaV1 = Store.Migration("assessor.v1") { db in
        try db.execute(sql: """
            CREATE TABLE scans (
                id TEXT PRIMARY KEY,
                provider TEXT NOT NULL,
                account TEXT NOT NULL,
                state TEXT NOT NULL,
                started REAL NOT NULL,
                sealed REAL,
                total_batches INTEGER,
                scopes TEXT NOT NULL DEFAULT '[]',
                summary TEXT
            );
            CREATE INDEX scans_started ON scans(started);
            CREATE TABLE batches (
                scan_id TEXT NOT NULL,
                batch_seq INTEGER NOT NULL,
                resource_count INTEGER NOT NULL,
                received REAL NOT NULL,
                PRIMARY KEY (scan_id, batch_seq)
            );
            CREATE TABLE resources (
                id TEXT PRIMARY KEY,
                provider TEXT NOT NULL,
                account TEXT NOT NULL,
                region TEXT NOT NULL,
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                tags TEXT NOT NULL,
                properties TEXT NOT NULL,
                unknown TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                first_seen REAL NOT NULL,
                last_seen REAL NOT NULL,
                last_scan_id TEXT NOT NULL
            );
            CREATE INDEX resources_scope ON resources(account, region, type);
            CREATE INDEX resources_type ON resources(type);
            CREATE TABLE scan_resources (
                scan_id TEXT NOT NULL,
                resource_id TEXT NOT NULL,
                PRIMARY KEY (scan_id, resource_id)
            );
            CREATE TABLE findings (
                id TEXT PRIMARY KEY,
                check_id TEXT NOT NULL,
                title TEXT NOT NULL,
                severity TEXT NOT NULL,
                control_id TEXT NOT NULL,
                resource_id TEXT NOT NULL,
                resource_type TEXT NOT NULL,
                provider TEXT NOT NULL,
                account TEXT NOT NULL,
                region TEXT NOT NULL,
                status TEXT NOT NULL,
                reason TEXT NOT NULL,
                remediation TEXT NOT NULL,
                version INTEGER NOT NULL,
                lifecycle TEXT NOT NULL,
                first_seen REAL NOT NULL,
                last_seen REAL NOT NULL,
                scan_id TEXT NOT NULL
            );
            CREATE INDEX findings_account ON findings(account, status);
            CREATE INDEX findings_status ON findings(status);
            CREATE INDEX findings_check ON findings(check_id);
            CREATE INDEX findings_severity ON findings(severity);
            CREATE INDEX findings_resource ON findings(resource_id);
            """)
    }

    /// The graph's verdicts: per account, the last scan whose verdict set was accepted and a digest of that set
    /// (a resent set is recognised and changes nothing; an older scan's set is superseded).
    static let schemaV6 = Store.Migration("assessor.v6") { db in
        try db.execute(sql: """
            CREATE TABLE graph_verdict_sets (
                provider TEXT NOT NULL,
                account TEXT NOT NULL,
                scan_id TEXT NOT NULL,
                scan_seq INTEGER NOT NULL,
                digest TEXT NOT NULL,
                verdicts INTEGER NOT NULL,
                accepted REAL NOT NULL,
                PRIMARY KEY (provider, account)
            );
            """)
    }

    /// When each resource was last collected, in a narrow table of its own. A rescan re-sends every resource and
    /// most are unchanged: updating `last_seen` in the wide `resources` row rewrote the whole row (properties
    /// included) for each, a third of the cost of ingesting an unchanged resource.
    static let schemaV5 = Store.Migration("assessor.v5") { db in
        try db.execute(sql: """
            CREATE TABLE resource_sightings (
                id TEXT PRIMARY KEY,
                last_seen REAL NOT NULL,
                last_scan_id TEXT NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO resource_sightings (id, last_seen, last_scan_id) SELECT id, last_seen, last_scan_id FROM resources;
            ALTER TABLE resources DROP COLUMN last_seen;
            ALTER TABLE resources DROP COLUMN last_scan_id;
            """)
    }

    /// Indexes that let the seal's chunked walks and per-account questions follow what changed, not the size of
    /// the account (measured at 1,000,000 resources, BENCHMARKS.md):
    /// - muted findings of an account in id order, re-asked every seal (the index on `muted_by` alone could not
    ///   give that order, so every seal read and sorted every finding of the account);
    /// - the summary's status counts from the index alone (the scope index lacked `lifecycle`, so counting read
    ///   every finding row);
    /// - resources of a type in id order, for re-running changed checks chunk by chunk (with `type` alone each
    ///   chunk re-read and sorted every resource of the type: quadratic in the type's size).
    static let schemaV4 = Store.Migration("assessor.v4") { db in
        try db.execute(sql: """
            DROP INDEX findings_muted;
            CREATE INDEX findings_muted ON findings(provider, account, id) WHERE muted_by IS NOT NULL;
            DROP INDEX findings_scope;
            CREATE INDEX findings_scope ON findings(provider, account, status, lifecycle);
            DROP INDEX resources_type;
            CREATE INDEX resources_type ON resources(type, id);
            """)
    }

    /// Incremental assessment, mutes and history: which resources changed in a scan, which check definitions an
    /// account was last assessed with, which resources a resource's checks read (to re-assess it when they
    /// change), the result a muted finding hides, and every status change per finding (for `palisade diff`).
    /// When a clock-reading check's finding can next change with time alone (`days_since` crossing a threshold):
    /// the seal re-evaluates only the findings that are due, not every resource of the check's type.
    static let schemaV3 = Store.Migration("assessor.v3") { db in
        try db.execute(sql: """
            ALTER TABLE findings ADD COLUMN recheck_at REAL;
            CREATE INDEX findings_recheck ON findings(provider, account, recheck_at) WHERE recheck_at IS NOT NULL;
            """)
    }

    static let schemaV2 = Store.Migration("assessor.v2") { db in
        try db.execute(sql: """
            ALTER TABLE scan_resources ADD COLUMN changed INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE scans ADD COLUMN seq INTEGER;
            ALTER TABLE findings ADD COLUMN result TEXT;
            ALTER TABLE findings ADD COLUMN muted_by TEXT;
            ALTER TABLE findings ADD COLUMN check_hash TEXT NOT NULL DEFAULT '';
            CREATE INDEX findings_muted ON findings(muted_by) WHERE muted_by IS NOT NULL;
            CREATE INDEX findings_scope ON findings(provider, account, status);
            CREATE INDEX findings_lifecycle ON findings(provider, account, lifecycle);
            CREATE TABLE assessed_checks (
                provider TEXT NOT NULL,
                account TEXT NOT NULL,
                check_id TEXT NOT NULL,
                check_hash TEXT NOT NULL,
                PRIMARY KEY (provider, account, check_id)
            );
            CREATE TABLE assessment_state (
                provider TEXT NOT NULL,
                account TEXT NOT NULL,
                mute_hash TEXT NOT NULL,
                assessed REAL NOT NULL,
                PRIMARY KEY (provider, account)
            );
            CREATE TABLE resource_links (
                source_id TEXT NOT NULL,
                target_id TEXT NOT NULL,
                PRIMARY KEY (source_id, target_id)
            ) WITHOUT ROWID;
            CREATE INDEX resource_links_target ON resource_links(target_id);
            CREATE TABLE finding_history (
                finding_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                scan_id TEXT NOT NULL,
                seal_seq INTEGER NOT NULL,
                status TEXT NOT NULL,
                result TEXT,
                lifecycle TEXT NOT NULL,
                reason TEXT NOT NULL,
                at REAL NOT NULL,
                PRIMARY KEY (finding_id, version)
            );
            CREATE INDEX finding_history_seq ON finding_history(seal_seq);
            """)
    }
}
