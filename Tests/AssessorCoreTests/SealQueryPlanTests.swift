@testable import AssessorCore
import Foundation
import GRDB
import PalisadeStore
import Testing

/// The seal's walks and counts follow indexes, so a rescan's cost follows what changed: no chunk re-reads and sorts
/// the whole account (a temporary B-tree for ORDER BY), and the summary counts never read finding rows.
@Suite struct SealQueryPlanTests {
    static func plan(_ sql: String, arguments: Int) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assessor-plan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try AssessorStore(directory: dir)
        return try store.store.write { db in
            try db.execute(sql: SealQueries.scratch)
            let rows = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql,
                                        arguments: StatementArguments(Array(repeating: "x", count: arguments)))
            return rows.map { $0["detail"] as String }.joined(separator: "\n")
        }
    }

    @Test(arguments: SealQueries.walks.sorted { $0.key < $1.key }.map { (name: $0.key, sql: $0.value) })
    func everyChunkedWalkFollowsAnIndexInIDOrder(_ walk: (name: String, sql: String)) throws {
        let plan = try Self.plan(walk.sql, arguments: walk.sql.count(where: { $0 == "?" }))
        #expect(!plan.contains("TEMP B-TREE"), "walk '\(walk.name)' sorts every chunk:\n\(plan)")
        #expect(plan.contains("SEARCH"), "walk '\(walk.name)' scans a whole table:\n\(plan)")
    }

    @Test func theWalksUseTheIndexesMadeForThem() throws {
        #expect(try Self.plan(SealQueries.rerun, arguments: 5).contains("resources_type (type=? AND id>?)"))
        #expect(try Self.plan(SealQueries.muted, arguments: 4).contains("findings_muted (provider=? AND account=? AND id>?)"))
    }

    @Test func theSummaryCountsReadOnlyAnIndex() throws {
        let plan = try Self.plan(SealQueries.statusCounts, arguments: 2)
        #expect(plan.contains("COVERING INDEX findings_scope"), "\(plan)")
    }
}
