import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

@Suite struct BatchPipelineTests {
    static func resource(_ i: Int) -> Resource {
        Resource(id: "arn:aws:iam::1:user/u\(i)", account: "1", region: "global", type: "aws.iam.user", name: "u\(i)")
    }

    static func sends(_ actions: [BatchPipeline.Action]) -> [Int] {
        actions.compactMap { if case .send(let seq, _, _) = $0 { return seq }; return nil }
    }

    @Test func batchesOfAtMostSizeNumberedFromZeroWithBoundedInFlight() {
        var p = BatchPipeline(config: .init(batchSize: 2, maxInFlight: 2))
        var sent: [Int] = []
        for i in 0..<9 { sent += Self.sends(p.add(Self.resource(i), now: .zero)) }
        #expect(sent == [0, 1])  // batches 2 and 3 wait: two in flight
        sent += Self.sends(p.acknowledged(seq: 0, now: .zero))
        #expect(sent == [0, 1, 2])
        let end = p.finishCollection(scopes: [], now: .zero)
        #expect(Self.sends(end).isEmpty)  // still two in flight (1, 2)
        #expect(Self.sends(p.acknowledged(seq: 1, now: .zero)) == [3])
        #expect(Self.sends(p.acknowledged(seq: 2, now: .zero)) == [4])
        #expect(p.batchesCreated == 5)  // 9 resources → 2+2+2+2+1
        _ = p.acknowledged(seq: 3, now: .zero)
        let last = p.acknowledged(seq: 4, now: .zero)
        #expect(last == [.seal(totalBatches: 5, scopes: [], attempt: 1)])
    }

    @Test func failedBatchIsResentAfterBackoffAndGivesUpOnlyAfterTheLimit() {
        var p = BatchPipeline(config: .init(batchSize: 1, maxInFlight: 4, initialBackoff: .seconds(1),
                                            maxBackoff: .seconds(8), giveUpAfter: .seconds(120)))
        #expect(Self.sends(p.add(Self.resource(0), now: .zero)) == [0])
        _ = p.finishCollection(scopes: [], now: .zero)
        var now = Duration.zero
        var attempts = 1
        // The assessor is down for 100 s: the batch keeps being retried, never dropped.
        while now < .seconds(100) {
            #expect(p.sendFailed(seq: 0, error: "bus.timeout", now: now).isEmpty)
            let wake = p.nextWakeup!
            #expect(wake > now)
            #expect(p.tick(now: wake - .milliseconds(1)).isEmpty)
            now = wake
            let again = p.tick(now: now)
            #expect(Self.sends(again) == [0])
            attempts += 1
        }
        #expect(attempts > 10)
        let sealed = p.acknowledged(seq: 0, now: now)
        #expect(sealed == [.seal(totalBatches: 1, scopes: [], attempt: 1)])

        var q = BatchPipeline(config: .init(batchSize: 1, initialBackoff: .seconds(1), giveUpAfter: .seconds(120)))
        _ = q.add(Self.resource(0), now: .zero)
        _ = q.sendFailed(seq: 0, error: "down", now: .zero)
        _ = q.tick(now: .seconds(200))
        let gaveUp = q.sendFailed(seq: 0, error: "down", now: .seconds(200))
        guard case .failed(let why) = gaveUp.first else { Issue.record("expected failure"); return }
        #expect(why.contains("batch 0 not acknowledged"))
    }

    @Test func acknowledgedBatchesAreReleasedAndALostOneFailsTheScanClearly() {
        var p = BatchPipeline(config: .init(batchSize: 1))
        for i in 0..<3 { _ = p.add(Self.resource(i), now: .zero) }
        let scopes = [ScopeResult(service: "iam", region: "global", status: .ok, resourceTypes: ["aws.iam.user"])]
        _ = p.finishCollection(scopes: scopes, now: .zero)
        _ = p.acknowledged(seq: 0, now: .zero)
        _ = p.acknowledged(seq: 1, now: .zero)
        #expect(p.backlog == 0)
        #expect(p.acknowledged(seq: 2, now: .zero) == [.seal(totalBatches: 3, scopes: scopes, attempt: 1)])
        // The assessor acknowledges only after commit; a batch it then reports missing was lost on its side, and
        // the connector no longer holds it (memory stays bounded): the scan fails and says to run it again.
        let lost = p.sealReplied(SealResult(scanID: "s", sealed: false, missingBatches: [1], summary: nil), now: .zero)
        guard case .failed(let why) = lost.first else { Issue.record("expected failure, got \(lost)"); return }
        #expect(why.contains("batch 1 missing after acknowledging it; run the scan again"))
        #expect(p.isOver)
    }

    @Test func aSealThatIsNotReadyYetIsAskedAgain() {
        var p = BatchPipeline(config: .init(batchSize: 1, initialBackoff: .milliseconds(10)))
        _ = p.add(Self.resource(0), now: .zero)
        _ = p.finishCollection(scopes: [], now: .zero)
        #expect(p.acknowledged(seq: 0, now: .zero) == [.seal(totalBatches: 1, scopes: [], attempt: 1)])
        #expect(p.sealReplied(SealResult(scanID: "s", sealed: false, missingBatches: [], summary: nil), now: .zero) == [])
        #expect(p.tick(now: .seconds(1)) == [.seal(totalBatches: 1, scopes: [], attempt: 2)])
        let done = SealResult(scanID: "s", sealed: true, missingBatches: [], summary: nil)
        #expect(p.sealReplied(done, now: .seconds(1)) == [.finished(done)])
    }

    @Test func emptyScanSealsWithZeroBatches() {
        var p = BatchPipeline()
        #expect(p.finishCollection(scopes: [], now: .zero) == [.seal(totalBatches: 0, scopes: [], attempt: 1)])
    }
}

/// A fake assessor: drops the first attempt of every batch and of the seal; records what it committed.
final class FlakyAssessor: RequestHandler {
    struct State {
        var attempts: [Int: Int] = [:]
        var committed: [Int: [Resource]] = [:]
        var commitsPerBatch: [Int: Int] = [:]
        var seals = 0
        var sealed: SealScan?
    }
    let state = Mutex(State())

    func handle(_ request: Request) async -> Reply {
        var router = Router()
        router.on(IngestBatch.self) { batch, _ in
            try self.state.withLock { s in
                s.attempts[batch.batchSeq, default: 0] += 1
                if s.attempts[batch.batchSeq] == 1 { throw WireError.timeout("assessor") }
                let dup = s.committed[batch.batchSeq] != nil
                if !dup { s.commitsPerBatch[batch.batchSeq, default: 0] += 1 }
                s.committed[batch.batchSeq] = batch.resources
                return BatchAck(scanID: batch.scanID, batchSeq: batch.batchSeq, duplicate: dup)
            }
        }
        router.on(SealScan.self) { seal, _ in
            try self.state.withLock { s in
                s.seals += 1
                if s.seals == 1 { throw WireError.internalError("restarting") }
                let missing = (0..<seal.totalBatches).filter { s.committed[$0] == nil }
                if missing.isEmpty { s.sealed = seal }
                return SealResult(scanID: seal.scanID, sealed: missing.isEmpty, missingBatches: missing, summary: nil)
            }
        }
        return await router.handle(request)
    }
}

@Suite struct ScanDriverTests {
    @Test func everyBatchIsDeliveredAndTheScanSealedDespiteDroppedAcks() async throws {
        let bus = InProcessBus()
        let assessor = FlakyAssessor()
        bus.register(ServiceName.assessor, assessor)
        let registry = ScanRegistry()
        registry.register("scan-test")
        let driver = ScanDriver(sender: bus, registry: registry,
                                pipelineConfig: .init(batchSize: 100, maxInFlight: 4, initialBackoff: .milliseconds(5),
                                                      maxBackoff: .milliseconds(20)),
                                logger: Logger(label: "test"))
        // 250 users over a recorded IAM → 3 batches of IAM users (+ the account and other resources).
        // The foundation's collectors only: the recorded AWS answers IAM, EC2 and S3.
        let inventory = AWSInventory(client: RecordedTransport.client(FakeAWS.transport(users: 250)), regions: ["us-east-1"],
                                     collectors: [IAMCollector.self, EC2Collector.self, S3Collector.self])
        await driver.run(scanID: "scan-test", startedAt: Date()) { inventory }
        let progress = try #require(registry.progress("scan-test"))
        #expect(progress.state == .done, "\(progress.error ?? "")")
        #expect(progress.account == "123456789012")
        let s = assessor.state.withLock { $0 }
        let sealed = try #require(s.sealed)
        #expect(sealed.totalBatches == progress.batchesSent)
        #expect(Set(s.committed.keys) == Set(0..<sealed.totalBatches))
        let all = s.committed.values.flatMap { $0 }
        #expect(all.count == progress.resources)
        #expect(Set(all.map(\.id)).count == all.count)  // nothing twice
        #expect(all.filter { $0.type == "aws.iam.user" }.count == 250)
        #expect(s.committed.values.allSatisfy { $0.count <= 100 })
        #expect(s.commitsPerBatch.values.allSatisfy { $0 == 1 })  // a resent batch is committed once
        // Every registered collector reports (whatever FakeAWS answers), so new collectors need no edit here.
        #expect(Set(sealed.scopes.map(\.service)) == ["ec2.regions", "sts", "iam", "ec2", "s3"])
        #expect(progress.scopesTotal == 4)  // the account, then each collector once (one region)
        #expect(progress.scopesDone == progress.scopesTotal)
        #expect(progress.apiCalls > 250)
    }

    @Test func badCredentialsFailTheScanWithTheAWSError() async throws {
        let registry = ScanRegistry()
        registry.register("s")
        let driver = ScanDriver(sender: InProcessBus(), registry: registry, logger: Logger(label: "test"))
        await driver.run(scanID: "s", startedAt: Date()) {
            try AWSInventory.make(profile: "nosuch", regions: [], endpoint: nil, environment: [:], homeDirectory: "/nonexistent")
        }
        let p = try #require(registry.progress("s"))
        #expect(p.state == .failed)
        #expect(p.error?.contains("no AWS credentials") == true)
    }
}

/// A tiny recorded AWS: `users` IAM users (no details), an empty EC2 region and no buckets.
enum FakeAWS {
    static func transport(users: Int) -> RecordedTransport {
        RecordedTransport { req, body in
            func action() -> String { body.split(separator: "&").first.map { String($0.dropFirst("Action=".count)) } ?? "" }
            if req.method == "GET" {
                return .ok("<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>")
            }
            switch action() {
            case "GetCallerIdentity":
                return .ok("<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")
            case "ListUsers":
                let members = (0..<users).map { "<member><UserName>u\($0)</UserName><Arn>arn:aws:iam::123456789012:user/u\($0)</Arn></member>" }.joined()
                return .ok("<R><ListUsersResult><Users>\(members)</Users><IsTruncated>false</IsTruncated></ListUsersResult></R>")
            case "GetLoginProfile", "GetAccountPasswordPolicy":
                return .init(status: 404, body: Data("<ErrorResponse><Error><Code>NoSuchEntity</Code><Message>no</Message></Error></ErrorResponse>".utf8))
            default:
                return .ok("<R/>")
            }
        }
    }
}
