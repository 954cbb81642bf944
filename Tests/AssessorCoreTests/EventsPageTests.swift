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
        let seals = [EventType.scanSealed]
        for (after, limit, types) in [(0, 5000, nil), (0, 7, nil), (13, 500, nil), (1_000_000, 10, nil),
                                      (0, 5000, seals), (0, 1, seals), (13, 500, [EventType.resourceChanged, EventType.scanSealed]),
                                      (0, 10, [])] as [(Int64, Int, [String]?)] {
            let q = EventsPull(after: after, limit: limit, types: types)
            let overBus = try await h.call(q)
            var direct = try h.assessor.events(q)
            // The wire carries dates to the second (the `.iso8601` strategy), as it always did.
            for i in direct.events.indices {
                direct.events[i].createdAt = Date(timeIntervalSince1970: direct.events[i].createdAt.timeIntervalSince1970.rounded(.down))
            }
            #expect(overBus == direct, "after \(after) limit \(limit) types \(types ?? [])")
        }
        let all = try await h.call(EventsPull(after: 0, limit: 5000))
        #expect(all.events.count > 40)
        let finding = try #require(all.events.first { $0.type == EventType.findingChanged })
        #expect(try finding.decodePayload(Finding.self).account == Harness.account)
        let sealed = try #require(all.events.last { $0.type == EventType.scanSealed })
        #expect(try sealed.decodePayload(ScanSummary.self).scanID == "s2")
    }

    /// Scoring reads only seals: a filtered pull hands over just those, and says how far it read so the cursor moves
    /// past every finding event without receiving it.
    @Test func aFilteredPullSkipsOtherTypesAndSaysHowFarItRead() async throws {
        let h = try Harness()
        _ = try await h.scan("s1", (0..<30).map { Harness.volume($0, encrypted: $0 % 3 == 0) })
        _ = try await h.scan("s2", (0..<20).map { Harness.volume($0, encrypted: $0 % 2 == 0) })
        let everything = try await h.call(EventsPull(after: 0, limit: 5000))
        let sealSeqs = everything.events.filter { $0.type == EventType.scanSealed }.map(\.seq)
        #expect(sealSeqs.count == 2 && everything.headSeq > 40 && everything.through == nil)

        // One seal per page: the first page ends at the first seal, the second at the second, which is the head.
        var after: Int64 = 0
        var seen: [Int64] = []
        var pulls = 0
        while after < everything.headSeq {
            let page = try await h.call(EventsPull(after: after, limit: 1, types: [EventType.scanSealed]))
            #expect(page.events.allSatisfy { $0.type == EventType.scanSealed })
            seen += page.events.map(\.seq)
            let next = page.seen(after: after)
            #expect(next > after, "every pull makes progress")
            after = next
            pulls += 1
        }
        #expect(seen == sealSeqs && pulls == 2 && after == everything.headSeq)
        let pastHead = try await h.call(EventsPull(after: everything.headSeq, limit: 10, types: [EventType.scanSealed]))
        #expect(pastHead.events.isEmpty && pastHead.through == everything.headSeq)
    }
}
