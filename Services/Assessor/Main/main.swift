import AssessorCore
import Foundation
import Logging
import PalisadeBenchmark
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime

// palisade-assessor: owns inventory and findings; serves `assessor.*` on the bus.
let (env, logger) = ServiceRuntime.bootstrap("palisade-assessor")

// User checks and mute rules: <home>/palisade.yaml, PALISADE_CHECKS_DIR (dirs separated by ':'), PALISADE_MUTES.
let benchmark: Benchmark
let settings: AssessmentSettings
do {
    settings = try AssessmentSettings.load(home: env.dataDirectory, environment: ProcessInfo.processInfo.environment)
    benchmark = try Benchmark.load(builtIn: true, extraDirectories: settings.checkDirectories)
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

let mutes = MuteFile(url: settings.mutesFile)
do { _ = try mutes.current() } catch {
    FileHandle.standardError.write(Data("palisade-assessor: \(error)\n".utf8))
    exit(2)
}
let assessor = Assessor(store: store, benchmark: benchmark, logger: logger, mutes: mutes)
logger.info("assessor ready", metadata: ["checks.count": "\(benchmark.checks.count)", "mutes.file": "\(settings.mutesFile.path)",
                                          "store.path": "\(store.path.path)"])
let worker = BusWorker(endpoint: env.busEndpoint, service: ServiceName.assessor, handler: assessor.router, logger: logger)
try await ServiceRuntime.run([worker], logger: logger)
