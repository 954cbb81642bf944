import AWSConnector
import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime
import ServiceLifecycle

let (env, logger) = ServiceRuntime.bootstrap("palisade.connector.aws")
do {
    let assessor = try BusClient(endpoint: env.busEndpoint, logger: logger)
    let scans = ScanService(driver: ScanDriver(sender: assessor, registry: ScanRegistry(), logger: logger))
    let worker = BusWorker(endpoint: env.busEndpoint, service: ServiceName.connectorAWS,
                           handler: ConnectorRouter.make(scans), logger: logger)
    try await ServiceRuntime.run([scans, worker], logger: logger)
} catch {
    logger.critical("connector stopped", metadata: ["error": "\(error)"])
    exit(1)
}
