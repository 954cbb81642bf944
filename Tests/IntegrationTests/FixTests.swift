import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// `palisade fix` through the real processes and moto: the plan names the exact call, apply without `--yes` changes
/// nothing, apply with it fixes the bucket and the rescan resolves the finding, undo brings the failure back.
@Suite(.serialized, .timeLimit(.minutes(12))) struct FixTests {
    @Test func applyResolvesTheFindingAndUndoRestoresIt() async throws {
        let demo = try await Demo.start()
        defer { demo.stop() }
        let stack = demo.stack
        _ = try demo.scan()
        let check = "aws-s3-bucket-versioning"
        let failing = try demo.findings().filter { $0.checkID == check && $0.status == .fail }
            .sorted { $0.id < $1.id }
        let target = try #require(failing.first, "the demo estate has an unversioned bucket")
        let bucket = String(target.resourceID.dropFirst("arn:aws:s3:::".count))
        let aws = ["--profile", "palisade-demo", "--endpoint", demo.moto.endpoint]

        let plan = try stack.cli(["fix", "plan", "--check", check, "--finding", target.id] + aws)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("aws s3api put-bucket-versioning --bucket \(bucket) --versioning-configuration Status=Enabled"),
                "\(plan.stdout)")

        let refused = try stack.cli(["fix", "apply", "--finding", target.id] + aws)
        #expect(refused.status != 0 && refused.stderr.contains("--yes"), "\(refused.stderr)")
        #expect(try demo.findings().first { $0.id == target.id }?.status == .fail, "nothing changed without --yes")

        let run = try stack.json(FixRun.self, ["fix", "apply", "--finding", target.id, "--yes"] + aws)
        #expect(run.state == .applied && run.items.count == 1 && run.rescanID != nil, "\(run)")
        #expect(run.items.first?.findingStatus == "pass", "the rescan resolved the finding: \(run)")
        #expect(try demo.findings().first { $0.id == target.id }?.status == .pass)

        let runs = try stack.json([FixRun].self, ["fix", "runs"])
        #expect(runs.first?.id == run.id)

        let undo = try stack.json(FixRun.self, ["fix", "undo", run.id, "--yes"])
        #expect(undo.state == .applied && undo.undoOf == run.id, "\(undo)")
        // Undo suspends versioning; the check wants it enabled, so the finding fails again.
        #expect(undo.items.first?.findingStatus == "fail", "\(undo)")
        let again = try stack.cli(["fix", "undo", run.id, "--yes"])
        #expect(again.status != 0 && again.stderr.contains("already undone"), "\(again.stderr)")
        let shown = try stack.json([FixRun].self, ["fix", "runs", run.id])
        #expect(shown.first?.state == .undone && shown.first?.undoneBy == undo.id)
    }
}
