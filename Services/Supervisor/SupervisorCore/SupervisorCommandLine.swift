import Foundation

/// `palisade-supervisor [--config FILE] [--replicas NAME=N]…`.
public struct SupervisorCommandLine: Sendable, Equatable {
    public var configPath: String?
    public var showHelp = false
    /// `--replicas graph=2`: process entry name or bus service → replica count, overriding the config.
    public var replicas: [String: Int] = [:]

    public static let usage = """
        usage: palisade-supervisor [--config FILE] [--replicas NAME=N]...

        Starts every Palisade process, restarts what exits, kills and restarts what stops heartbeating,
        and shuts everything down on SIGTERM/SIGINT. Without --config the built-in process list is used
        (see ops/palisade.yaml for the format). Data directory: $PALISADE_HOME (default ./.palisade).
        --replicas graph=2 runs 2 replicas of the entry named or serving 'graph' (overrides `replicas:`).

        exit codes: 0 clean shutdown, 1 failure, 2 bad arguments or config, 3 another supervisor runs here
        """

    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(configPath: String? = nil, showHelp: Bool = false) {
        self.configPath = configPath
        self.showHelp = showHelp
    }

    /// Parses arguments (without the program name).
    public static func parse(_ arguments: [String]) throws -> SupervisorCommandLine {
        var result = SupervisorCommandLine()
        var rest = arguments[...]
        while let arg = rest.popFirst() {
            switch arg {
            case "-h", "--help":
                result.showHelp = true
            case "--config", "-c":
                guard let value = rest.popFirst(), !value.isEmpty else {
                    throw Error(description: "\(arg) needs a file path, e.g. --config ops/palisade.yaml")
                }
                result.configPath = value
            case "--replicas":
                guard let value = rest.popFirst() else {
                    throw Error(description: "--replicas needs NAME=N, e.g. --replicas graph=2")
                }
                try result.addReplicas(value)
            case _ where arg.hasPrefix("--replicas="):
                try result.addReplicas(String(arg.dropFirst("--replicas=".count)))
            case _ where arg.hasPrefix("--config="):
                let value = String(arg.dropFirst("--config=".count))
                guard !value.isEmpty else { throw Error(description: "--config= needs a file path") }
                result.configPath = value
            default:
                throw Error(description: "unknown argument '\(arg)'; run palisade-supervisor --help")
            }
        }
        return result
    }

    private mutating func addReplicas(_ value: String) throws {
        let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let n = Int(parts[1]), n >= 1 else {
            throw Error(description: "--replicas needs NAME=N with N ≥ 1, e.g. --replicas graph=2; got '\(value)'")
        }
        replicas[parts[0]] = n
    }

    /// `config` with the `--replicas` overrides applied (sorted by name, so the result is deterministic).
    public func apply(to config: SupervisorConfig) throws(ConfigError) -> SupervisorConfig {
        var result = config
        for (target, count) in replicas.sorted(by: { $0.key < $1.key }) {
            result = try result.withReplicas(count, of: target)
        }
        return result
    }
}
