import Foundation
import PalisadeModel
import PalisadeProtocol

/// Plans and makes fixes with one account's credentials. Planning reads each resource's configuration and builds
/// the calls; executing rebuilds them from the catalog and the recorded configuration — never from the request.
public struct FixPlanner: Sendable {
    public let client: AWSClient
    public let catalog: [String: FixDefinition]
    let fixes: [String: FixDefinition]

    public init(client: AWSClient, catalog: [String: FixDefinition] = FixCatalog.byCheck,
                fixes: [String: FixDefinition] = FixCatalog.byID) {
        self.client = client
        self.catalog = catalog
        self.fixes = fixes
    }

    public static func make(profile: String?, endpoint: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FixPlanner {
        FixPlanner(client: try AWSInventory.make(profile: profile, regions: [], endpoint: endpoint,
                                                 environment: environment).client)
    }

    /// One item per failing finding (duplicates by id dropped), in the order given. Fixes of one shared document
    /// on one resource are chained: each item's previous configuration is what the item before it leaves.
    public func plan(_ findings: [Finding]) async throws -> [FixPlanItem] {
        let account = try await callerAccount()
        var seen = Set<String>()
        var items: [FixPlanItem] = []
        var documents: [String: JSONValue] = [:]
        for f in findings where seen.insert(f.id).inserted {
            items.append(await plan(f, callerAccount: account, documents: &documents))
        }
        return items
    }

    func plan(_ f: Finding, callerAccount: String, documents: inout [String: JSONValue]) async -> FixPlanItem {
        var item = FixPlanItem(findingID: f.id, checkID: f.checkID, resourceID: f.resourceID, account: f.account,
                               region: f.region, summary: "")
        guard f.provider == "aws" else { return refused(item, "not an AWS finding (\(f.provider))") }
        guard f.status == .fail || (f.status == .muted && f.result == .fail) else {
            return refused(item, "the finding is \(f.status.rawValue), not failing")
        }
        guard let fix = catalog[f.checkID] else {
            return refused(item, "no safe automatic fix for \(f.checkID); follow the finding's remediation")
        }
        item.fixID = fix.id
        item.summary = fix.summary
        guard f.account == callerAccount else {
            return refused(item, "the credentials are for account \(callerAccount), the finding is in \(f.account)")
        }
        let target = FixTarget(resourceID: f.resourceID, account: f.account, region: f.region)
        let key = fix.document.map { "\($0) \(f.resourceID)" }
        do {
            let chained = key.flatMap { documents[$0] }
            let previous: JSONValue
            if let chained { previous = chained } else { previous = try await fix.read(client, target) }
            item.previous = previous
            item.calls = try fix.apply(target, previous)
            guard !item.calls.isEmpty else {
                return refused(item, chained == nil ? "already compliant now (a rescan will resolve the finding)"
                                   : "already compliant once the fixes before it in this plan are made")
            }
            item.undoCalls = try fix.undo(target, previous)
            if let key, let after = fix.after { documents[key] = try after(target, previous) }
        } catch let refusal as FixRefusal {
            return refused(item, refusal.description)
        } catch {
            return refused(item, "cannot read the current configuration: \(error)")
        }
        return item
    }

    private func refused(_ item: FixPlanItem, _ why: String) -> FixPlanItem {
        var item = item
        item.calls = []
        item.undoCalls = []
        item.noFix = why
        return item
    }

    /// Makes the item's fix (or restores its recorded configuration), with calls rebuilt from the catalog.
    public func execute(_ item: FixPlanItem, _ direction: FixExecute.Direction) async -> FixExecuted {
        guard let id = item.fixID, let fix = fixes[id] else {
            return FixExecuted(made: [], error: "no fix '\(item.fixID ?? "")' in this connector's catalog")
        }
        guard let previous = item.previous else {
            return FixExecuted(made: [], error: "the plan for \(item.findingID) recorded no previous configuration")
        }
        let target = FixTarget(resourceID: item.resourceID, account: item.account, region: item.region)
        do {
            let account = try await callerAccount()
            guard account == item.account else {
                return FixExecuted(made: [], error: "the credentials are for account \(account), the fix is for \(item.account)")
            }
            let calls = direction == .apply ? try fix.apply(target, previous) : try fix.undo(target, previous)
            return await FixExecutor(client: client).run(calls)
        } catch {
            return FixExecuted(made: [], error: "\(error)")
        }
    }

    func callerAccount() async throws -> String {
        try await AWSInventory(client: client, regions: [], homeRegion: "us-east-1").accountID()
    }
}
