import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol

/// The CLI's line to the gateway.
struct Connection {
    let client: BusClient
    let endpoint: String
    let timeout: Duration

    init(_ options: GlobalOptions) throws {
        let env = options.environment
        endpoint = env.busEndpoint
        timeout = options.replyTimeout
        if endpoint.hasPrefix("ipc://") {
            let path = String(endpoint.dropFirst("ipc://".count))
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIError("""
                    error: Palisade is not running here (no broker socket at \(path)).
                    Start it with `palisade up` (state directory: \(env.dataDirectory.path)).
                    """, exitCode: CLIError.unavailableCode)
            }
        }
        var logger = Logger(label: "palisade")
        logger.logLevel = .critical
        client = try BusClient(endpoint: endpoint, logger: logger)
    }

    func call<M: BusMessage>(_ message: M, timeout: Duration? = nil) async throws -> M.Response {
        try await client.call(message, timeout: timeout ?? self.timeout, retry: RetryPolicy(attempts: 2))
    }
}
