import ArgumentParser
import Foundation
import PalisadeProtocol

/// A failure the CLI reports in words, with a distinct exit code.
public struct CLIError: Error, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }

    /// The stack is not reachable (EX_UNAVAILABLE).
    public static let unavailableCode: Int32 = 69
    /// A service answered with an error (EX_SOFTWARE).
    public static let remoteCode: Int32 = 70
    /// The operation ran and failed (a scan that could not complete).
    public static let failedCode: Int32 = 1

    public static func from(_ error: WireError, endpoint: String) -> CLIError {
        switch error.code {
        case "bus.timeout", "bus.service.unknown", "bus.unreachable":
            return CLIError("""
                error: Palisade did not answer at \(endpoint) (\(error.message)).
                Is the stack running? Start it with `palisade up`, check it with `palisade status`.
                """, exitCode: unavailableCode)
        default:
            return CLIError("error: \(error.code): \(error.message)", exitCode: remoteCode)
        }
    }
}

extension AsyncParsableCommand {
    /// Runs `body`, turning transport and service errors into a message on stderr and an exit code.
    func reporting(endpoint: String, _ body: () async throws -> Void) async throws {
        do { try await body() } catch let e as WireError {
            let cli = CLIError.from(e, endpoint: endpoint)
            FileHandle.standardError.write(Data((cli.message + "\n").utf8))
            throw ExitCode(cli.exitCode)
        } catch let e as CLIError {
            FileHandle.standardError.write(Data((e.message + "\n").utf8))
            throw ExitCode(e.exitCode)
        }
    }
}
