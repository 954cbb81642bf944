import Foundation
import GatewayCore
import Logging
import PalisadeProtocol
import PalisadeRuntime

let (env, logger) = ServiceRuntime.bootstrap("palisade-gateway")
do {
    try await ServiceRuntime.run([Broker(endpoint: env.busEndpoint, logger: logger)], logger: logger)
} catch {
    logger.critical("palisade-gateway stopped: \(error)")
    exit(1)
}
