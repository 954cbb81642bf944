import ArgumentParser
import Foundation

/// `palisade` — the gateway CLI. Every command talks to the stack through the gateway's broker.
@available(macOS 10.15, *)
public struct Palisade: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "palisade",
        abstract: "Palisade cloud security posture management.",
        discussion: """
            Start the stack with `palisade up`, scan with `palisade scan aws`, then read the results \
            with `score`, `findings`, `paths` and `inventory`. State lives in $PALISADE_HOME \
            (default ./.palisade).
            """,
        subcommands: [
            Up.self, Down.self, Status.self, Scan.self, Inventory.self, Findings.self, Score.self, Paths.self,
            Export.self, Automation.self, Fix.self, Checks.self, Recommendations.self, Diff.self, Mutes.self, AWS.self, Explore.self, Schedule.self, Compliance.self, Governance.self,
        ])

    public init() {}
}

extension Palisade {
    /// Entry point: parses the arguments and runs the chosen command (async), exiting with its code.
    public static func runMain(_ arguments: [String]? = nil) async {
        do {
            var command = try await asyncParseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            // A failure the CLI already put in words (a bad file: file:line:column): its own message and exit code.
            FileHandle.standardError.write(Data((error.message + "\n").utf8))
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
