import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

/// `palisade checks list|show`: the checks the assessor runs, built-in and custom.
struct Checks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the checks, or show one with its rationale, remediation and standards.",
        subcommands: [ChecksList.self, ChecksShow.self], defaultSubcommand: ChecksList.self)
}

struct ChecksList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the checks with their current results.",
        discussion: "Examples: `palisade checks list --type 'aws.s3.*'`, `palisade checks list --standard cis-aws-3.0:1.10`.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Resource type, or a glob over types (e.g. 'aws.ec2.*').") var type: String?
    @Option(help: "A standard (cis-aws-3.0) or one requirement (cis-aws-3.0:1.10).") var standard: String?
    @Option(help: "A control id, e.g. enable-mfa.") var control: String?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let checks = try await Connection(global).call(ChecksQuery(resourceType: type, standard: standard, control: control))
            Printer.emit(checks, as: global.output, csv: { Render.checksTable(checks) }) { Render.checks(checks) }
        }
    }
}

struct ChecksShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one check in full.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The check id, e.g. aws-iam-user-console-mfa.") var id: String

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let found = try await Connection(global).call(ChecksQuery(id: id))
            guard let check = found.first else { throw CLIError("no check '\(id)': `palisade checks list` shows them all", exitCode: CLIError.failedCode) }
            Printer.emit(check, as: global.output) { Render.check(check) }
        }
    }
}

/// `palisade recommendations`: what to fix first.
struct Recommendations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Failing checks grouped by check, worst first, with the affected resources and the fix.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this account.") var account: String?
    @Option(name: .customLong("min-severity"), help: "Only this severity and worse (low, medium, high, critical).")
    var minimumSeverity: Severity?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let list = try await Connection(global).call(RecommendationsQuery(account: account, minimumSeverity: minimumSeverity))
            Printer.emit(list, as: global.output, csv: { Render.recommendationsTable(list) }) { Render.recommendations(list) }
        }
    }
}

/// `palisade diff [FROM] [TO]`: what changed between two scans.
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what changed in the findings between two scans.",
        discussion: "With no arguments: the latest scan against the one before it (same account). With one: that scan "
            + "against the latest.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The earlier scan id.") var from: String?
    @Argument(help: "The later scan id (default: the latest).") var to: String?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let diff = try await Connection(global).call(DiffQuery(from: from, to: to))
            Printer.emit(diff, as: global.output) { Render.diff(diff) }
        }
    }
}
