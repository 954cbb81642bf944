import AssessorCore
import Foundation
import Logging
import PalisadeBenchmark
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime

// palisade-assessor: owns inventory and findings; serves `assessor.*` on the bus.
let (env, logger) = ServiceRuntime.bootstrap("palisade-assessor")

// Extra user checks: PALISADE_CHECKS_DIR, one or more directories separated by ':'.
let extra = (ProcessInfo.processInfo.environment["PALISADE_CHECKS_DIR"] ?? "")
    .split(separator: ":").map { URL(fileURLWithPath: String($0), isDirectory: true) }

let benchmark: Benchmark
do {
    benchmark = try Benchmark.load(builtIn: true, extraDirectories: extra)
} catch {
    FileHandle.standardError.write(Data("palisade-assessor: cannot load checks: \(error)\n".utf8))
    exit(2)
}

let store: AssessorStore
do {
    store = try AssessorStore(directory: env.dataDirectory)
} catch {
    FileHandle.standardError.write(Data("palisade-assessor: cannot open its database: \(error)\n".utf8))
    exit(3)
}

let assessor = Assessor(store: store, benchmark: benchmark, logger: logger)
logger.info("assessor ready", metadata: ["checks.count": "\(benchmark.checks.count)",
                                          "store.path": "\(store.path.path)"])
let worker = BusWorker(endpoint: env.busEndpoint, service: ServiceName.assessor, handler: assessor.router, logger: logger)
try await ServiceRuntime.run([worker], logger: logger)
