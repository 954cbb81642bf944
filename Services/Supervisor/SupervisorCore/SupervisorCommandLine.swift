import Foundation

/// `palisade-supervisor [--config FILE]`.
public struct SupervisorCommandLine: Sendable, Equatable {
    public var configPath: String?
    public var showHelp = false

    public static let usage = """
        usage: palisade-supervisor [--config FILE]

        Starts every Palisade process, restarts what exits, kills and restarts what stops heartbeating,
        and shuts everything down on SIGTERM/SIGINT. Without --config the built-in process list is used
        (see ops/palisade.yaml for the format). Data directory: $PALISADE_HOME (default ./.palisade).

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
}
