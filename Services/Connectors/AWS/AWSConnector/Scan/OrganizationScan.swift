import Foundation
import Logging
import PalisadeProtocol

/// An organization scan: lists the member accounts with the caller's credentials, then scans each ACTIVE one
/// as its own scan (`<parent>-<account>`, sealed on its own) with a role assumed in it — the caller's own
/// account with the caller's credentials. Accounts run concurrently under a bound; an account whose role
/// cannot be assumed fails alone.
struct OrganizationScan: Sendable {
    let driver: ScanDriver
    let roleName: String
    let concurrency: Int

    var registry: ScanRegistry { driver.registry }

    func run(scanID: String, startedAt: Date, base: AWSInventory, logger: Logger) async {
        var log = logger
        log[metadataKey: "scan.id"] = "\(scanID)"
        let caller: String
        let members: [OrganizationAccount]
        do {
            caller = try await base.accountID()
            members = try await OrganizationsClient(client: base.client).listAccounts().filter { $0.status == "ACTIVE" }
        } catch {
            log.error("organization scan failed before collection", metadata: ["error": "\(error)"])
            registry.fail(scanID, "cannot list the organization's accounts: \(error)")
            return
        }
        let children = members.map { (member: $0, scanID: "\(scanID)-\($0.id)") }
        for child in children { registry.register(child.scanID) }
        registry.update(scanID) {
            $0.account = caller
            $0.accountScans = children.map(\.scanID)
            $0.scopesTotal = children.count
        }
        log.info("organization scan started", metadata: ["aws.accounts": "\(children.count)"])
        let (driver, roleName) = (self.driver, self.roleName)
        await withTaskGroup(of: Void.self) { group in
            var next = children.makeIterator()
            func start() -> Bool {
                guard let child = next.next() else { return false }
                group.addTask {
                    await driver.run(scanID: child.scanID, startedAt: startedAt) {
                        if child.member.id == caller { return base }
                        let role = "arn:aws:iam::\(child.member.id):role/\(roleName)"
                        do {
                            return base.with(client: try await base.client.assumingRole(
                                role, sessionName: "palisade-\(scanID)".prefix(64).description, region: base.homeRegion))
                        } catch {
                            throw AWSError(code: "connector.aws.assumeRole.failed",
                                           message: "cannot assume \(role) in account \(child.member.id) "
                                            + "(\(child.member.name)): \(error)")
                        }
                    }
                    registry.update(scanID) { $0.scopesDone += 1 }
                }
                return true
            }
            for _ in 0..<max(1, concurrency) where !start() { break }
            while await group.next() != nil { _ = start() }
        }
        let outcomes = children.compactMap { registry.progress($0.scanID) }
        let failed = outcomes.filter { $0.state == .failed }
        registry.update(scanID) { p in
            p.resources = outcomes.reduce(0) { $0 + $1.resources }
            p.apiCalls = outcomes.reduce(0) { $0 + $1.apiCalls }
            if !outcomes.isEmpty && failed.count == outcomes.count {
                p.state = .failed
                p.error = "every account failed: " + failed.map { "\($0.account ?? $0.scanID): \($0.error ?? "")" }
                    .joined(separator: "; ")
            } else {
                p.state = .done
                if !failed.isEmpty { p.error = "\(failed.count) of \(outcomes.count) accounts failed" }
            }
        }
        log.info("organization scan finished", metadata: ["aws.accounts": "\(children.count)", "aws.failed": "\(failed.count)"])
    }
}
