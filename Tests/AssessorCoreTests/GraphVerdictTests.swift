import AssessorCore
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

/// The security graph's verdicts written as findings of the benchmark: lifecycle across scans, mutes, validation
/// that rejects a bad set whole, and idempotent redelivery.
@Suite struct GraphVerdictTests {
    static let ssh = "aws-graph-ec2-instance-ssh-internet-reachable"
    static let rdp = "aws-graph-ec2-instance-rdp-internet-reachable"
    static let ec2 = ScopeResult(service: "ec2", region: "us-east-1", status: .ok, resourceTypes: ["aws.ec2.instance"])

    static func instance(_ n: Int) -> Resource {
        Resource(id: iid(n), account: Harness.account, region: "us-east-1", type: "aws.ec2.instance", name: "web-\(n)",
                 properties: ["instanceId": .string("i-\(n)"), "state": "running", "publicIpAddress": .string("203.0.113.\(n)")])
    }

    static func iid(_ n: Int) -> String { "arn:aws:ec2:us-east-1:\(Harness.account):instance/i-\(n)" }

    static func v(_ check: String, _ n: Int, _ status: FindingStatus, _ reason: String = "") -> GraphVerdict {
        GraphVerdict(checkID: check, resourceID: iid(n), status: status,
                     reason: reason.isEmpty && status == .fail ? "the internet reaches it on tcp/22: igw-1 → sg-1" : reason)
    }

    func scan(_ h: Harness, _ id: String, _ n: [Int] = [1, 2]) async throws {
        _ = try await h.scan(id, n.map(Self.instance), scopes: [Self.ec2])
    }

    func graphFindings(_ h: Harness) async throws -> [String: Finding] {
        let all = try await h.call(FindingsQuery(account: Harness.account))
        return Dictionary(uniqueKeysWithValues: all.filter { $0.checkID.hasPrefix("aws-graph-") }
            .map { ("\($0.checkID == Self.ssh ? "ssh" : "rdp")/\($0.resourceID.split(separator: "/").last!)", $0) })
    }

    func send(_ h: Harness, _ scan: String, _ verdicts: [GraphVerdict]) async throws -> GraphVerdictsAck {
        try await h.call(GraphVerdicts(scanID: scan, account: Harness.account, verdicts: verdicts))
    }

    @Test func verdictsBecomeFindingsWithTheSealsLifecycle() async throws {
        let h = try Harness()
        try await scan(h, "scan-1")
        let sealedHead = try await h.events().last?.seq ?? 0
        let seal = try await h.findings()
        #expect(!seal.values.contains { $0.checkID.hasPrefix("aws-graph-") }, "the seal does not evaluate graph checks")

        let ack = try await send(h, "scan-1", [Self.v(Self.ssh, 1, .fail), Self.v(Self.ssh, 2, .pass),
                                               Self.v(Self.rdp, 1, .pass), Self.v(Self.rdp, 2, .error, "edge unknown: NACL")])
        #expect(ack.outcome == .applied)
        #expect(ack.findingsChanged == 4)
        var f = try await graphFindings(h)
        let failing = try #require(f["ssh/i-1"])
        #expect(failing.id == "aws/\(Harness.account)/us-east-1/\(Self.ssh)/\(Self.iid(1))")
        #expect(failing.status == .fail && failing.lifecycle == .new && failing.version == 1)
        #expect(failing.reason.contains("tcp/22"))
        #expect(failing.severity == .high && failing.controlID == "secure-management-ports")
        #expect(f["rdp/i-2"]?.status == .error)

        // finding.changed for each (export delivers them), then scan.rescored for scoring.
        let events = try await h.events(after: sealedHead)
        #expect(events.filter { $0.type == EventType.findingChanged }.count == 4)
        #expect(events.last?.type == EventType.scanRescored)
        let rescored = try #require(events.last).decodePayload(ScanSummary.self)
        #expect(rescored.scanID == "scan-1" && rescored.findingCounts["fail", default: 0] >= 1)
        #expect(try await h.call(ScansQuery(scanID: "scan-1")).first?.findingCounts == rescored.findingCounts)

        // Scan 2: the seal carries graph findings over untouched; its verdicts decide them.
        try await scan(h, "scan-2")
        let carried = try await graphFindings(h)
        #expect(carried.mapValues(\.status) == f.mapValues(\.status))
        #expect(carried.mapValues(\.version) == f.mapValues(\.version))
        #expect(carried["ssh/i-1"]?.lifecycle == .persisting, "new reads as persisting once a later scan sealed")
        let second = try await send(h, "scan-2", [Self.v(Self.ssh, 1, .fail), Self.v(Self.ssh, 2, .fail),
                                                  Self.v(Self.rdp, 2, .pass)])
        #expect(second.outcome == .applied)
        f = try await graphFindings(h)
        #expect(f["ssh/i-1"]?.lifecycle == .persisting && f["ssh/i-1"]?.version == 1, "unchanged: not rewritten")
        #expect(f["ssh/i-2"]?.status == .fail && f["ssh/i-2"]?.version == 2)
        #expect(f["rdp/i-1"]?.status == .notApplicable && f["rdp/i-1"]?.lifecycle == .resolved,
                "absent from the next verdict set: resolved")
        #expect(f["rdp/i-1"]?.reason.contains("no longer reported by the security graph") == true)
        #expect(f["rdp/i-2"]?.status == .pass)

        // Scan 3 passes i-1 (resolved), scan 4 fails it again (reopened).
        try await scan(h, "scan-3")
        _ = try await send(h, "scan-3", [Self.v(Self.ssh, 1, .pass), Self.v(Self.ssh, 2, .fail)])
        #expect(try await graphFindings(h)["ssh/i-1"]?.lifecycle == .resolved)
        try await scan(h, "scan-4")
        _ = try await send(h, "scan-4", [Self.v(Self.ssh, 1, .fail), Self.v(Self.ssh, 2, .fail)])
        f = try await graphFindings(h)
        #expect(f["ssh/i-1"]?.lifecycle == .reopened && f["ssh/i-1"]?.status == .fail)

        // History holds every status change, so `palisade diff` sees graph findings like any other.
        let diff = try await h.call(DiffQuery(from: "scan-3", to: "scan-4"))
        #expect(diff.newFailures.map(\.findingID) == [f["ssh/i-1"]!.id])
    }

    @Test func redeliveryAndOlderScansChangeNothing() async throws {
        let h = try Harness()
        try await scan(h, "scan-1")
        let set = [Self.v(Self.ssh, 1, .fail), Self.v(Self.ssh, 2, .pass)]
        _ = try await send(h, "scan-1", set)
        let head = try await h.events().last?.seq
        let before = try await graphFindings(h)

        let again = try await send(h, "scan-1", set.reversed())
        #expect(again.outcome == .duplicate && again.findingsChanged == 0)
        #expect(try await h.events().last?.seq == head)
        #expect(try await graphFindings(h) == before)

        // A replica catching up resends scan 1 after scan 2's verdicts: superseded.
        try await scan(h, "scan-2")
        _ = try await send(h, "scan-2", [Self.v(Self.ssh, 1, .pass), Self.v(Self.ssh, 2, .pass)])
        let head2 = try await h.events().last?.seq
        let stale = try await send(h, "scan-1", set)
        #expect(stale.outcome == .superseded)
        #expect(try await h.events().last?.seq == head2)
        #expect(try await graphFindings(h)["ssh/i-1"]?.status == .pass)
    }

    @Test func muteRulesApplyToGraphFindings() async throws {
        struct MuteSSHOnTwo: FindingMuter {
            func rule(for finding: Finding, resource: Resource?, now: Date) -> String? {
                finding.checkID == GraphVerdictTests.ssh && resource?.name == "web-2" ? "accepted-risk" : nil
            }
            var fingerprint: String { "m1" }
        }
        let h = try Harness(muter: MuteSSHOnTwo())
        try await scan(h, "scan-1")
        _ = try await send(h, "scan-1", [Self.v(Self.ssh, 1, .fail), Self.v(Self.ssh, 2, .fail)])
        let f = try await graphFindings(h)
        #expect(f["ssh/i-1"]?.status == .fail)
        let muted = try #require(f["ssh/i-2"])
        #expect(muted.status == .muted && muted.result == .fail && muted.mutedBy == "accepted-risk")
        #expect(try await h.call(RecommendationsQuery()).first { $0.checkID == Self.ssh }?.muted == 1)
    }

    @Test func anInvalidSetIsRejectedWholeNamingEachItem() async throws {
        let h = try Harness()
        try await scan(h, "scan-1")
        let head = try await h.events().last?.seq
        let bad = [Self.v(Self.ssh, 1, .fail),
                   GraphVerdict(checkID: "aws-graph-nope", resourceID: Self.iid(1), status: .fail, reason: "x"),
                   GraphVerdict(checkID: "aws-ec2-instance-no-public-ip", resourceID: Self.iid(1), status: .fail, reason: "x"),
                   Self.v(Self.ssh, 9, .fail),
                   GraphVerdict(checkID: "aws-graph-iam-user-privilege-escalation", resourceID: Self.iid(2), status: .fail,
                                reason: "x"),
                   Self.v(Self.rdp, 2, .muted)]
        let error = await #expect(throws: WireError.self) { try await send(h, "scan-1", bad) }
        #expect(error?.code == "assessor.verdicts.invalid")
        #expect(error?.retryable == false)
        let message = error?.message ?? ""
        #expect(message.contains("unknown check id 'aws-graph-nope'"))
        #expect(message.contains("aws-ec2-instance-no-public-ip is decided by its expression"))
        #expect(message.contains("resource \(Self.iid(9)) is not in the inventory"))
        #expect(message.contains("runs on aws.iam.user, the resource is a aws.ec2.instance"))
        #expect(message.contains("status muted"))
        #expect(try await h.events().last?.seq == head, "nothing written")
        #expect(try await graphFindings(h).isEmpty)

        // An unknown or unsealed scan is refused the same way; the valid set still applies afterwards.
        let unknown = await #expect(throws: WireError.self) { try await send(h, "scan-x", [Self.v(Self.ssh, 1, .fail)]) }
        #expect(unknown?.code == "assessor.verdicts.invalid")
        _ = try await h.call(Harness.batch("scan-open", 0, [Self.instance(1)]))
        let open = await #expect(throws: WireError.self) { try await send(h, "scan-open", [Self.v(Self.ssh, 1, .fail)]) }
        #expect(open?.message.contains("not sealed") == true)
        #expect(try await send(h, "scan-1", [Self.v(Self.ssh, 1, .fail)]).outcome == .applied)
    }

    @Test func retiredResourcesAreSkippedAndTheirFindingsStayResolved() async throws {
        let h = try Harness()
        try await scan(h, "scan-1")
        _ = try await send(h, "scan-1", [Self.v(Self.ssh, 1, .fail), Self.v(Self.ssh, 2, .fail)])
        try await scan(h, "scan-2", [1])   // i-2 retired by the seal
        #expect(try await graphFindings(h)["ssh/i-2"]?.lifecycle == .resolved)
        // Verdicts computed for scan 1 arrive late, after scan 2's seal: i-2 was seen by scan 1, so it is not an
        // error, but it is gone: skipped.
        let ack = try await send(h, "scan-1", [Self.v(Self.ssh, 1, .fail), Self.v(Self.ssh, 2, .fail)])
        #expect(ack.outcome == .duplicate)
        let h2 = try Harness()
        try await scan(h2, "scan-1")
        try await scan(h2, "scan-2", [1])
        let late = try await send(h2, "scan-1", [Self.v(Self.ssh, 1, .fail), Self.v(Self.ssh, 2, .fail)])
        #expect(late.outcome == .applied && late.skipped == 1)
        #expect(try await graphFindings(h2)["ssh/i-2"] == nil)
    }
}
