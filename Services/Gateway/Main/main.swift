import Foundation
import GatewayCore
import Logging
import PalisadeProtocol
import PalisadeRuntime

let (env, logger) = ServiceRuntime.bootstrap("palisade-gateway")
do {
    let broker = Broker(endpoint: env.busEndpoint, listen: Broker.listenEndpoints(), logger: logger)
    try await ServiceRuntime.run([broker], logger: logger)
} catch {
    logger.critical("palisade-gateway stopped: \(error)")
    exit(1)
}
