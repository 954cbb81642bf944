import ArgumentParser
import Foundation
import PalisadeProtocol

struct AWS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws", abstract: "AWS-specific helpers.", subcommands: [AWSPermissionsCommand.self])
}

/// `palisade aws permissions`: the IAM policy a read-only scan role needs, from the running connector's own
/// list of the calls its collectors make.
struct AWSPermissionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permissions",
        abstract: "Print the IAM policy a read-only Palisade scan role needs.",
        discussion: "Attach it to the role or user Palisade scans with; with --organization also what listing the "
            + "organization's accounts and assuming the member role need (in the management account).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Add the management-account permissions of an organization scan.") var organization = false

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let reply = try await Connection(global).call(AWSPermissionsQuery(organization: organization))
            Printer.emit(reply, as: global.output,
                         csv: { Table(headers: ["ACTION"], rows: reply.actions.map { [$0] }) }) { reply.policy }
        }
    }
}
