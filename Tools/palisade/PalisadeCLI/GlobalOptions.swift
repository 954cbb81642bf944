import ArgumentParser
import Foundation
import PalisadeProtocol

public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, csv
}

/// Options every command shares.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Broker endpoint (default: $PALISADE_BUS or ipc://$PALISADE_HOME/run/bus.ipc).")
    public var bus: String?

    @Option(name: .long, help: "Seconds to wait for a reply.")
    public var timeout: Int = 15

    @Option(name: .long, help: "Output format: table, json or csv.")
    public var output: OutputFormat = .table

    public init() {}

    public func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    public var environment: PalisadeEnvironment {
        var env = PalisadeEnvironment.current()
        if let bus { env.busEndpoint = bus }
        return env
    }

    public var replyTimeout: Duration { .seconds(timeout) }
}
