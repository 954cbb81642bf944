import Foundation
import PalisadeModel

/// Account-wide IAM facts (region `global`): the account summary, virtual MFA devices, the credential report
/// with the root user's row as `aws.iam.root_user`, and server certificates.
public struct IAMAccountCollector: AWSCollector {
    public static let service = "iam"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.iam.account_summary", "aws.iam.virtual_mfa_device",
                                       "aws.iam.credential_report", "aws.iam.root_user", "aws.iam.server_certificate"]
    public static let permissions = [
        "iam:GetAccountSummary", "iam:ListVirtualMFADevices", "iam:GenerateCredentialReport",
        "iam:GetCredentialReport", "iam:ListServerCertificates",
    ]

    let ctx: CollectorContext
    /// GenerateCredentialReport calls before giving up on a report that is still being generated.
    var reportPolls = 14
    /// Wait between those calls.
    /// The first wait; each later one doubles, up to 2 s (a small account's report is ready in well under a second).
    var reportPollInterval: Duration = .milliseconds(250)
    /// Items per list page (nil: the API's default); tests set it small to show pagination is followed.
    var pageSize: Int?

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    var client: AWSClient { ctx.client }
    var account: String { ctx.account }

    public func collect(region: String = "global", emit: ResourceEmitter) async -> [ScopeResult] {
        var scopes: [ScopeResult] = []
        scopes.append(await ctx.scope(Self.service, "global", ["aws.iam.account_summary"]) {
            await emit(Self.accountSummary(try await client.iam("GetAccountSummary"), account: account))
        })
        // Kept for the root user: a root with MFA but no virtual device assigned to it has a hardware device.
        let devices = await ctx.attempt {
            try await client.iamList("ListVirtualMFADevices", list: "VirtualMFADevices", maxItems: pageSize)
        }
        scopes.append(await ctx.scope(Self.service, "global", ["aws.iam.virtual_mfa_device"]) {
            for d in try devices.get() { await emit(Self.virtualMFADevice(d, account: account)) }
        })
        scopes.append(await ctx.scope(Self.service, "global", ["aws.iam.credential_report", "aws.iam.root_user"]) {
            let shared = try await sharedCredentialReport().get()
            let report = shared.report
            await emit(Self.credentialReportResource(report, result: shared.answer, account: account))
            await emit(Self.rootUser(report, devices: devices, account: account))
        })
        scopes.append(await ctx.scope(Self.service, "global", ["aws.iam.server_certificate"]) {
            for c in try await client.iamList("ListServerCertificates", list: "ServerCertificateMetadataList",
                                              maxItems: pageSize) {
                await emit(Self.serverCertificate(c, account: account))
            }
        })
        return scopes
    }

    /// The report, fetched once per scan for this collector and IAMCollector (which reads users' passwords, MFA
    /// and access keys from it instead of asking per user).
    func sharedCredentialReport() async -> Result<IAMCredentialReport.Answer, AWSError> {
        let me = self
        return await ctx.iamReport.get {
            await me.ctx.attempt {
                let answer = try await me.credentialReport()
                return IAMCredentialReport.Answer(answer: answer,
                                                  report: try IAMCredentialReport(base64: answer.string("Content") ?? ""))
            }
        }
    }

    /// Asks for a report until AWS says one is COMPLETE (a report under four hours old is reused at once), then
    /// fetches it. Bounded: `reportPolls` tries, waiting `reportPollInterval` doubling to 2 s between them (~22 s).
    func credentialReport() async throws -> XMLNode {
        var state = ""
        for poll in 0..<max(1, reportPolls) {
            if poll > 0 { try await Task.sleep(for: min(reportPollInterval * (1 << min(poll - 1, 3)), .seconds(2))) }
            state = try await client.iam("GenerateCredentialReport").string("State") ?? ""
            if state == "STARTED" || state == "INPROGRESS" { continue }
            guard state == "COMPLETE" else {
                throw AWSError(code: "connector.aws.response.invalid",
                               message: "GenerateCredentialReport answered state '\(state)'",
                               operation: "iam:GenerateCredentialReport")
            }
            do {
                return try await client.iam("GetCredentialReport")
            } catch let e as AWSError where ["ReportInProgress", "ReportNotPresent", "ReportExpired"].contains(e.code) {
                state = e.code
            }
        }
        throw AWSError(code: "connector.aws.iam.report.pending",
                       message: "credential report not ready after \(reportPolls) polls (last state \(state))",
                       operation: "iam:GetCredentialReport")
    }
}
