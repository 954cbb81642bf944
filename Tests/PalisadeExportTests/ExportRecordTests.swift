import Foundation
import PalisadeExport
import PalisadeModel
import Testing

@Suite struct ExportRecordTests {
    @Test func kindsThatCarryAFindingAreTheFindingAndSnapshotKinds() {
        let findingKinds = ExportRecord.Kind.allCases.filter(\.isFinding).map(\.rawValue)
        #expect(findingKinds == ["finding.new", "finding.reopened", "finding.changed", "finding.resolved",
                                 "finding.muted", "snapshot.finding"])
    }

    @Test func aRecordSurvivesTheWire() throws {
        let r = ExportRecord(seq: 7, key: "score/42", kind: .scoreChanged, time: Date(timeIntervalSince1970: 1_700_000_000),
                             provider: "aws", account: "123456789012", severity: nil, title: "Secure score 70.0 % → 64.0 %",
                             data: ["percentage": 64.0])
        let back = try JSONDecoder().decode(ExportRecord.self, from: try JSONEncoder().encode(r))
        #expect(back == r)
    }
}
