import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

extension FindingStatus: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

struct Inventory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List collected resources, or count them by type.",
        discussion: "Filters combine with AND. Examples: `palisade inventory --type 'aws.ec2.*' --region us-east-1`, "
            + "`palisade inventory --tag env=prod --counts`, `palisade inventory --output csv > inventory.csv`.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Resource type, or a glob over types (e.g. aws.s3.bucket, 'aws.ec2.*').") var type: String?
    @Option(help: "Account id.") var account: String?
    @Option(help: "Provider, e.g. aws.") var provider: String?
    @Option(help: "Region, e.g. us-east-1 (global resources: global).") var region: String?
    @Option(name: .customLong("tag"), help: "Tag filter key=value, or key for 'has the tag' (repeatable).")
    var tags: [String] = []
    @Flag(help: "Show only the number of resources per type.") var counts = false
    @Option(help: "Show at most this many resources.") var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        for t in tags where t.hasPrefix("=") || t.isEmpty {
            throw ValidationError("--tag '\(t)' has no key; use key=value or key")
        }
    }

    var filter: InventoryQuery {
        InventoryQuery(type: type, account: account, limit: limit, provider: provider, region: region, tags: tags)
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let conn = try Connection(global)
            if counts {
                let byType = try await conn.call(InventoryCountsQuery(filter: filter))
                Printer.emit(byType, as: global.output, csv: { Render.countsTable(byType) }) { Render.counts(byType) }
                return
            }
            let items = try await conn.call(filter)
            Printer.emit(items, as: global.output, csv: { Render.inventoryTable(items) }) { Render.inventory(items) }
        }
    }
}

struct Findings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List findings, worst first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "pass, fail, error, muted or notApplicable.") var status: FindingStatus?
    @Option(help: "informational, low, medium, high or critical.") var severity: Severity?
    @Option(name: .customLong("check"), help: "Check id.") var checkID: String?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let found = try await Connection(global).call(
                FindingsQuery(status: status, severity: severity, checkID: checkID))
            let order: [FindingStatus] = [.fail, .error, .muted, .pass, .notApplicable]
            let sorted = found.sorted {
                ($0.status == $1.status) ? ($0.severity != $1.severity ? $0.severity > $1.severity : $0.id < $1.id)
                    : order.firstIndex(of: $0.status)! < order.firstIndex(of: $1.status)!
            }
            Printer.emit(sorted, as: global.output) { Render.findings(sorted) }
        }
    }
}

