import AssessorCore
import Foundation
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import Testing

/// A rescan re-evaluates only what changed: resources whose content changed, resources whose related resources
/// changed, checks whose definition changed, and clock-reading checks whose result may have changed with time.
/// Everything else carries over.
@Suite struct IncrementalTests {
    static let volumeChecks = Harness.benchmark.checks(for: "aws.ec2.volume").count

    @Test func anUnchangedRescanEvaluatesNothingAndChangesNothing() async throws {
        let h = try Harness()
        let volumes = (1...3).map { Harness.volume($0, encrypted: $0 != 2) }
        let first = try await h.scan("s1", volumes)
        #expect(first.assessment?.resourcesEvaluated == 3)
        #expect(first.assessment?.evaluations == 3 * Self.volumeChecks)
        let before = try await h.findings()
        let head = try await h.call(EventsPull(after: 0, limit: 1)).headSeq

        h.advance(days: 1)
        let second = try await h.scan("s2", volumes)
        #expect(second.assessment?.resourcesEvaluated == 0)
        #expect(second.assessment?.evaluations == 0)
        #expect(second.findingCounts == first.findingCounts)
        let after = try await h.findings()
        #expect(after.mapValues(\.status) == before.mapValues(\.status))
        #expect(after.values.allSatisfy { $0.lifecycle == .persisting && $0.version == 1 })
        #expect(after.values.allSatisfy { $0.lastSeen == h.now }, "confirmed by the rescan, though not re-evaluated")
        let events = try await h.events(after: head)
        #expect(events.map(\.type) == [EventType.scanSealed])
    }

    /// Change detection looks at every part of a resource: a nested property, a tag, a property that became
    /// unreadable. Re-sending the same content (keys in any order) is not a change.
    @Test func aChangeAnywhereInAResourceReassessesItAndTheSameContentDoesNot() async throws {
        let h = try Harness()
        let base = Harness.volume(1, encrypted: true)
        _ = try await h.scan("s1", [base])
        var reordered = base
        reordered.properties = .object(Dictionary(uniqueKeysWithValues: (base.properties.objectValue ?? [:]).reversed()))
        #expect(try await h.scan("s2", [reordered]).assessment?.resourcesEvaluated == 0)

        var nested = base
        nested.properties = .object((base.properties.objectValue ?? [:]).merging(["attachedInstanceIds": ["i-1"]]) { _, b in b })
        #expect(try await h.scan("s3", [nested]).assessment?.resourcesEvaluated == 1)
        var tagged = nested
        tagged.tags = ["owner": "data-team"]
        #expect(try await h.scan("s4", [tagged]).assessment?.resourcesEvaluated == 1)
        var unreadable = tagged
        unreadable.unknown = ["encrypted": "AccessDenied: ec2:DescribeVolumes"]
        #expect(try await h.scan("s5", [unreadable]).assessment?.resourcesEvaluated == 1)
        #expect(try await h.scan("s6", [unreadable]).assessment?.resourcesEvaluated == 0)
    }

    @Test func onlyTheChangedResourceIsReevaluated() async throws {
        let h = try Harness()
        _ = try await h.scan("s1", (1...3).map { Harness.volume($0, encrypted: true) })
        h.advance(days: 1)
        let second = try await h.scan("s2", [Harness.volume(1, encrypted: true), Harness.volume(2, encrypted: false),
                                             Harness.volume(3, encrypted: true)])
        #expect(second.assessment?.resourcesEvaluated == 1)
        #expect(second.assessment?.evaluations == Self.volumeChecks)
        let f = try await h.findings(FindingsQuery(checkID: "aws-ec2-volume-encrypted"))
        #expect(f[vid(2)]?.status == .fail && f[vid(2)]?.version == 2)
        #expect(f[vid(1)]?.status == .pass && f[vid(3)]?.status == .pass)
    }

    @Test func aChangedCheckDefinitionReRunsThatCheckEverywhere() async throws {
        let dir = try checksDirectory(["org-volume-small.yaml": checkYAML("org-volume-small", assert: "size <= 8")])
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("assessor-\(UUID().uuidString)")
        let volumes = (1...3).map { Harness.volume($0, encrypted: true) }
        let h1 = try Harness(dir: store, benchmark: try Benchmark.load(builtIn: false, extraDirectories: [dir]))
        _ = try await h1.scan("s1", volumes)
        #expect(try await h1.findings().values.allSatisfy { $0.status == .pass })

        // The team tightens its check; the same inventory is rescanned by an assessor with the new definition.
        try checkYAML("org-volume-small", assert: "size < 8").write(
            to: dir.appendingPathComponent("org-volume-small.yaml"), atomically: true, encoding: .utf8)
        let h2 = try Harness(dir: store, benchmark: try Benchmark.load(builtIn: false, extraDirectories: [dir]),
                             clock: h1.clockBox)
        h2.advance(days: 1)
        let second = try await h2.scan("s2", volumes)
        #expect(second.assessment?.checksRerun == ["org-volume-small"])
        #expect(second.assessment?.evaluations == 3)
        #expect(second.assessment?.resourcesEvaluated == 0)
        #expect(try await h2.findings().values.allSatisfy { $0.status == .fail })

        // A check removed from the benchmark resolves its findings.
        let empty = try checksDirectory(["org-other.yaml": checkYAML("org-other", resource: "aws.s3.bucket", assert: "true")])
        let h3 = try Harness(dir: store, benchmark: try Benchmark.load(builtIn: false, extraDirectories: [empty]),
                             clock: h1.clockBox)
        h3.advance(days: 1)
        _ = try await h3.scan("s3", volumes)
        let resolved = try await h3.findings()
        #expect(resolved.values.allSatisfy { $0.lifecycle == .resolved && $0.reason.contains("no longer in the benchmark") })
    }

    @Test func aResourceIsReassessedWhenARelatedResourceChanges() async throws {
        let dir = try checksDirectory(["org-instance-private-sgs.yaml": checkYAML(
            "org-instance-private-sgs", resource: "aws.ec2.instance",
            assert: "related.securityGroups.all(g, !g.ingress.exists(r, r.ipv4Ranges.exists(c, cidr_is_public(c))))")])
        let h = try Harness(benchmark: try Benchmark.load(builtIn: true, extraDirectories: [dir]))
        func sg(_ cidr: String) -> Resource {
            Resource(id: "arn:aws:ec2:us-east-1:111122223333:security-group/sg-1", account: Harness.account,
                     region: "us-east-1", type: "aws.ec2.security_group", name: "sg-1",
                     properties: ["groupId": "sg-1", "groupName": "web", "vpcId": "vpc-1", "egress": [],
                                  "ingress": [["ipProtocol": "tcp", "fromPort": 443, "toPort": 443,
                                               "ipv4Ranges": [.string(cidr)], "ipv6Ranges": [], "sourceGroupIds": []]]])
        }
        let instance = Resource(id: "arn:aws:ec2:us-east-1:111122223333:instance/i-1", account: Harness.account,
                                region: "us-east-1", type: "aws.ec2.instance", name: "i-1",
                                properties: ["instanceId": "i-1", "state": "running", "securityGroupIds": ["sg-1"]])
        let scopes = [ScopeResult(service: "ec2", region: "us-east-1", status: .ok,
                                  resourceTypes: ["aws.ec2.instance", "aws.ec2.security_group"])]
        _ = try await h.scan("s1", [instance, sg("10.0.0.0/8")], scopes: scopes)
        var f = try await h.findings(FindingsQuery(checkID: "org-instance-private-sgs"))
        #expect(f[instance.id]?.status == .pass, "\(f[instance.id]?.reason ?? "")")

        h.advance(days: 1)
        let second = try await h.scan("s2", [instance, sg("0.0.0.0/0")], scopes: scopes)
        #expect(second.assessment?.resourcesEvaluated == 2, "the group changed; the instance reads it")
        f = try await h.findings(FindingsQuery(checkID: "org-instance-private-sgs"))
        #expect(f[instance.id]?.status == .fail)
    }

    @Test func clockChecksAreReevaluatedAsTimePasses() async throws {
        let dir = try checksDirectory(["org-volume-young.yaml": checkYAML(
            "org-volume-young", assert: "days_since(createTime) <= 30")])
        let h = try Harness(benchmark: try Benchmark.load(builtIn: false, extraDirectories: [dir]))
        var volume = Harness.volume(1, encrypted: true)
        volume.properties = .object((volume.properties.objectValue ?? [:]).merging(["createTime": "2025-12-20T00:00:00Z"]) { _, b in b })
        _ = try await h.scan("s1", [volume])
        #expect(try await h.findings()[vid(1)]?.status == .pass)
        // 30 days after 2025-12-20 is 2026-01-19: until then nothing is due and nothing is evaluated.
        h.advance(days: 5)
        let early = try await h.scan("s2", [volume])
        #expect(early.assessment?.evaluations == 0, "the result cannot have changed yet")
        h.advance(days: 15)
        let later = try await h.scan("s3", [volume])
        #expect(later.assessment?.checksRerun == [], "clock checks run where due, not on every resource")
        #expect(later.assessment?.evaluations == 1)
        #expect(try await h.findings()[vid(1)]?.status == .fail)
        // Failing for good now (days only grow): not looked at again.
        h.advance(days: 100)
        #expect(try await h.scan("s4", [volume]).assessment?.evaluations == 0)
    }

    /// The threshold can come from the resource (or a related one), not only from the check: the recheck instant is
    /// taken from every number the date was compared with.
    @Test func aClockCheckComparedWithAPropertyIsRecheckedWhenThatThresholdPasses() async throws {
        let dir = try checksDirectory(["org-volume-within-budget.yaml": checkYAML(
            "org-volume-within-budget", assert: "days_since(createTime) < maxAgeDays")])
        let h = try Harness(benchmark: try Benchmark.load(builtIn: false, extraDirectories: [dir]))
        var volume = Harness.volume(1, encrypted: true)
        volume.properties = .object((volume.properties.objectValue ?? [:])
            .merging(["createTime": "2025-12-20T00:00:00Z", "maxAgeDays": 14]) { _, b in b })
        _ = try await h.scan("s1", [volume])
        #expect(try await h.findings()[vid(1)]?.status == .pass)
        h.advance(days: 1)
        #expect(try await h.scan("s2", [volume]).assessment?.evaluations == 0)
        h.advance(days: 2)
        #expect(try await h.scan("s3", [volume]).assessment?.evaluations == 1)
        #expect(try await h.findings()[vid(1)]?.status == .fail)
    }

    @Test func aResourceNotReadBecauseItsScopeFailedIsReassessedWhenReadAgainUnchanged() async throws {
        let h = try Harness()
        let volume = Harness.volume(1, encrypted: false)
        _ = try await h.scan("s1", [volume])
        h.advance(days: 1)
        let denied = ScopeResult(service: "ec2", region: "us-east-1", status: .error, reason: "AccessDenied: ec2:DescribeVolumes",
                                 resourceTypes: ["aws.ec2.volume"])
        _ = try await h.scan("s2", [], scopes: [denied])
        #expect(try await h.findings(FindingsQuery(checkID: "aws-ec2-volume-encrypted"))[vid(1)]?.status == .error)
        h.advance(days: 1)
        _ = try await h.scan("s3", [volume])
        #expect(try await h.findings(FindingsQuery(checkID: "aws-ec2-volume-encrypted"))[vid(1)]?.status == .fail)
    }
}
