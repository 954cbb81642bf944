import AssessorCore
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

/// The seal logs the inventory's changes — `resource.changed` for what is new or changed, `resource.removed` for what
/// it retires — before its `scan.sealed`, so a consumer can keep its own copy of the inventory from the log.
@Suite struct ResourceEventTests {
    func vid(_ n: Int) -> String { Harness.volume(n, encrypted: false).id }

    /// The events of one seal: everything after `head`, which must end with its `scan.sealed`.
    func sealEvents(_ h: Harness, after head: Int64) async throws -> (changed: [Resource], removed: [RemovedResource]) {
        let events = try await h.events(after: head)
        let sealed = try #require(events.last)
        #expect(sealed.type == EventType.scanSealed)
        #expect(events.filter { $0.type == EventType.scanSealed }.count == 1, "resource events come before the seal")
        #expect(events.map(\.seq) == events.map(\.seq).sorted())
        let changed = try events.filter { $0.type == EventType.resourceChanged }.map { try $0.decodePayload(Resource.self) }
        let removed = try events.filter { $0.type == EventType.resourceRemoved }.map { try $0.decodePayload(RemovedResource.self) }
        return (changed, removed)
    }

    @Test func onlyNewAndChangedResourcesAreLoggedAndRetiredOnesAreRemoved() async throws {
        let h = try Harness()
        let first = [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: true), Harness.volume(3, encrypted: false)]
        _ = try await h.scan("s1", first)
        let s1 = try await sealEvents(h, after: 0)
        #expect(s1.changed == first.sorted { $0.id < $1.id }, "every resource of a first scan is new, as stored")
        #expect(s1.removed.isEmpty)
        let head1 = try await h.events().last?.seq ?? 0

        // Volume 1 unchanged, 2 changed, 3 gone, 4 new.
        h.advance(days: 1)
        let changed2 = Harness.volume(2, encrypted: false)
        let new4 = Harness.volume(4, encrypted: true)
        _ = try await h.scan("s2", [Harness.volume(1, encrypted: false), changed2, new4])
        let s2 = try await sealEvents(h, after: head1)
        #expect(s2.changed == [changed2, new4])
        #expect(s2.removed == [RemovedResource(id: vid(3), account: Harness.account, type: "aws.ec2.volume",
                                               region: "us-east-1")])
        let head2 = try await h.events().last?.seq ?? 0

        // An unchanged rescan logs no resource event.
        h.advance(days: 1)
        _ = try await h.scan("s3", [Harness.volume(1, encrypted: false), changed2, new4])
        let s3 = try await sealEvents(h, after: head2)
        #expect(s3.changed.isEmpty && s3.removed.isEmpty)
    }

    @Test func aFailedScopeRetiresNothingAndLogsNoRemoval() async throws {
        let h = try Harness()
        _ = try await h.scan("s1", [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: true)])
        let head = try await h.events().last?.seq ?? 0
        h.advance(days: 1)
        let failed = ScopeResult(service: "ec2", region: "us-east-1", status: .error, reason: "AccessDenied: ec2:DescribeVolumes",
                                 resourceTypes: ["aws.ec2.volume"])
        _ = try await h.scan("s2", [], scopes: [failed])
        let s2 = try await sealEvents(h, after: head)
        #expect(s2.removed.isEmpty, "unknown is not absent: the volumes stay in the inventory")
        #expect(s2.changed.isEmpty)
        #expect(try await h.call(InventoryQuery()).count == 2)
    }

    @Test func replayingTheLogGivesTheInventory() async throws {
        let h = try Harness()
        _ = try await h.scan("s1", (1...5).map { Harness.volume($0, encrypted: $0 % 2 == 0) })
        h.advance(days: 1)
        _ = try await h.scan("s2", [1, 2, 4].map { Harness.volume($0, encrypted: true) } + [Harness.volume(9, encrypted: false)])
        var replayed: [String: Resource] = [:]
        for event in try await h.events() {
            switch event.type {
            case EventType.resourceChanged:
                let r = try event.decodePayload(Resource.self)
                replayed[r.id] = r
            case EventType.resourceRemoved: replayed[try event.decodePayload(RemovedResource.self).id] = nil
            default: break
            }
        }
        let inventory = try await h.call(InventoryQuery()).map(\.resource)
        #expect(replayed.values.sorted { $0.id < $1.id } == inventory)
    }
}
