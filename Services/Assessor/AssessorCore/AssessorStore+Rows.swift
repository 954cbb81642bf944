import Foundation
import GRDB
import PalisadeModel
import PalisadeStore

/// Row ↔ model mapping for resources and findings.
enum Rows {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder.forJSONValues()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(T.self, from: Data(text.utf8))
    }

    /// A stored resource. Its JSON columns are read with `JSONText`, not `JSONDecoder`: a seal reads every resource
    /// it evaluates, and decoding `JSONValue` through `Codable` cost more than evaluating all of its checks.
    static func resource(_ row: Row) throws -> Resource {
        Resource(id: row["id"], provider: row["provider"], account: row["account"], region: row["region"],
                 type: row["type"], name: row["name"], tags: try stringMap(row["tags"]),
                 properties: try JSONText.parse(row["properties"] as String),
                 unknown: try stringMap(row["unknown"]))
    }

    /// A `{"key": "value"}` column (tags, unknown attributes).
    static func stringMap(_ text: String) throws -> [String: String] {
        guard case .object(let o) = try JSONText.parse(text) else {
            throw DatabaseError(message: "expected a JSON object of strings, found \(text.prefix(40))")
        }
        var out: [String: String] = [:]
        out.reserveCapacity(o.count)
        for (k, v) in o {
            guard case .string(let s) = v else { throw DatabaseError(message: "expected a string for \(k)") }
            out[k] = s
        }
        return out
    }

    static func stringMapText(_ map: [String: String]) throws -> String {
        try JSONText.string(.object(map.mapValues { .string($0) }))
    }

    static func inventoryItem(_ row: Row) throws -> InventoryItem {
        InventoryItem(resource: try resource(row), firstSeen: Date(timeIntervalSince1970: row["first_seen"]),
                      lastSeen: Date(timeIntervalSince1970: row["last_seen"]), lastScanID: row["last_scan_id"])
    }

    /// Stores the resource and records it as seen by `scanID`, changed when its content differs from what was stored
    /// (incremental assessment re-evaluates only changed resources). An unchanged resource only has its sighting
    /// updated (`resource_sightings`: a narrow row, not the wide resource). Statements are prepared once per
    /// connection (a rescan re-sends every resource; preparing three statements per resource cost more than
    /// running them).
    static func upsert(_ r: Resource, scanID: String, now: Date, _ db: Database) throws {
        let hash = ContentHash.of(r)
        let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT content_hash FROM resources WHERE id = ?"),
                                         arguments: [r.id])
        let at = now.timeIntervalSince1970
        if stored != hash {
            try db.cachedStatement(sql: """
                INSERT INTO resources (id, provider, account, region, type, name, tags, properties, unknown, content_hash,
                                       first_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET provider = excluded.provider, account = excluded.account,
                    region = excluded.region, type = excluded.type, name = excluded.name, tags = excluded.tags,
                    properties = excluded.properties, unknown = excluded.unknown, content_hash = excluded.content_hash
                """).execute(
                arguments: [r.id, r.provider, r.account, r.region, r.type, r.name, try stringMapText(r.tags),
                            try JSONText.string(r.properties), try stringMapText(r.unknown), hash, at])
        }
        try db.cachedStatement(sql: """
            INSERT INTO resource_sightings (id, last_seen, last_scan_id) VALUES (?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen, last_scan_id = excluded.last_scan_id
            """).execute(arguments: [r.id, at, scanID])
        try db.cachedStatement(sql: """
            INSERT INTO scan_resources (scan_id, resource_id, changed) VALUES (?, ?, ?)
            ON CONFLICT(scan_id, resource_id) DO UPDATE SET changed = max(changed, excluded.changed)
            """).execute(arguments: [scanID, r.id, stored == hash ? 0 : 1])
    }

    static func finding(_ row: Row) throws -> Finding {
        func enumValue<T: RawRepresentable>(_ t: T.Type, _ key: String) throws -> T where T.RawValue == String {
            let raw: String = row[key]
            guard let v = T(rawValue: raw) else {
                throw DatabaseError(message: "findings.\(key) holds an unknown value '\(raw)'")
            }
            return v
        }
        return Finding(
            id: row["id"], checkID: row["check_id"], title: row["title"],
            severity: try enumValue(Severity.self, "severity"), controlID: row["control_id"],
            resourceID: row["resource_id"], resourceType: row["resource_type"], provider: row["provider"],
            account: row["account"], region: row["region"], status: try enumValue(FindingStatus.self, "status"),
            reason: row["reason"], remediation: row["remediation"],
            firstSeen: Date(timeIntervalSince1970: row["first_seen"]),
            lastSeen: Date(timeIntervalSince1970: row["last_seen"]), scanID: row["scan_id"], version: row["version"],
            lifecycle: try enumValue(FindingLifecycle.self, "lifecycle"),
            result: (row["result"] as String?).flatMap(FindingStatus.init(rawValue:)), mutedBy: row["muted_by"])
    }

    /// A finding as stored: with the fingerprint of the check definition that wrote it and, for a clock-reading
    /// check, when it is due to be evaluated again.
    struct StoredFinding {
        var finding: Finding
        var checkHash: String
        var recheckAt: Double?

        init(_ row: Row) throws {
            finding = try Rows.finding(row)
            checkHash = row["check_hash"]
            recheckAt = row["recheck_at"]
        }
    }

    static func save(_ f: Finding, checkHash: String = "", recheckAt: Double? = nil, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO findings (id, check_id, title, severity, control_id, resource_id, resource_type,
                provider, account, region, status, reason, remediation, version, lifecycle, first_seen, last_seen, scan_id,
                result, muted_by, check_hash, recheck_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(
            arguments: [f.id, f.checkID, f.title, f.severity.rawValue, f.controlID, f.resourceID, f.resourceType,
                        f.provider, f.account, f.region, f.status.rawValue, f.reason, f.remediation, f.version,
                        f.lifecycle.rawValue, f.firstSeen.timeIntervalSince1970, f.lastSeen.timeIntervalSince1970,
                        f.scanID, f.result?.rawValue, f.mutedBy, checkHash, recheckAt])
    }

    /// One status change of a finding, for `palisade diff` (findings first seen passing are not recorded: absent
    /// from history means "passing or not yet assessed").
    static func appendHistory(_ f: Finding, sealSeq: Int, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO finding_history (finding_id, version, scan_id, seal_seq, status, result, lifecycle, reason, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [f.id, f.version, f.scanID, sealSeq, f.status.rawValue, f.result?.rawValue, f.lifecycle.rawValue,
                             f.reason, f.lastSeen.timeIntervalSince1970])
    }
}
