import AssessorCore
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

/// Event pages leave the assessor as JSON assembled from the stored payloads; over the bus they must decode to
/// exactly the page `events(_:)` builds from parsed payloads.
@Suite struct EventsPageTests {
    @Test func pageOverTheBusIsThePageReadFromTheLog() async throws {
        let h = try Harness()
        _ = try await h.scan("s1", (0..<30).map { Harness.volume($0, encrypted: $0 % 3 == 0) })
        _ = try await h.scan("s2", (0..<20).map { Harness.volume($0, encrypted: $0 % 2 == 0) })
        for (after, limit) in [(0, 5000), (0, 7), (13, 500), (1_000_000, 10)] as [(Int64, Int)] {
            let q = EventsPull(after: after, limit: limit)
            let overBus = try await h.call(q)
            var direct = try h.assessor.events(q)
            // The wire carries dates to the second (the `.iso8601` strategy), as it always did.
            for i in direct.events.indices {
                direct.events[i].createdAt = Date(timeIntervalSince1970: direct.events[i].createdAt.timeIntervalSince1970.rounded(.down))
            }
            #expect(overBus == direct, "after \(after) limit \(limit)")
        }
        let all = try await h.call(EventsPull(after: 0, limit: 5000))
        #expect(all.events.count > 40)
        let finding = try #require(all.events.first { $0.type == EventType.findingChanged })
        #expect(try finding.decodePayload(Finding.self).account == Harness.account)
        let sealed = try #require(all.events.last { $0.type == EventType.scanSealed })
        #expect(try sealed.decodePayload(ScanSummary.self).scanID == "s2")
    }
}
