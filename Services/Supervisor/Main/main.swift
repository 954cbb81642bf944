import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime
import ServiceLifecycle
import SupervisorCore

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("palisade-supervisor: \(message)\n".utf8))
    exit(code)
}

let commandLine: SupervisorCommandLine
do { commandLine = try SupervisorCommandLine.parse(Array(CommandLine.arguments.dropFirst())) } catch {
    fail("\(error)\n\n\(SupervisorCommandLine.usage)", code: 2)
}
if commandLine.showHelp {
    print(SupervisorCommandLine.usage)
    exit(0)
}
var config: SupervisorConfig
do { config = try commandLine.configPath.map { path throws(ConfigError) in try SupervisorConfig.load(path: path) } ?? .defaults }
catch { fail("config error: \(error)", code: 2) }
do { config = try commandLine.apply(to: config) } catch { fail("\(error)", code: 2) }

let (env, logger) = ServiceRuntime.bootstrap("palisade-supervisor")
let pidLock: PidFileLock
do { pidLock = try PidFileLock.acquire(runDirectory: env.runDirectory) } catch {
    fail("\(error)", code: (error as? PidFileLock.Error)?.code == "supervisor.already_running" ? 3 : 1)
}

if let previous = pidLock.previousPID {
    let killed = OrphanSweep.killLeftovers(ofSupervisor: previous, dataDirectory: env.dataDirectory)
    logger.warning("previous supervisor did not exit cleanly", metadata: [
        "supervisor.previous_pid": "\(previous)", "orphans.killed": "\(killed.map(String.init).joined(separator: ","))"])
}

var services: [any Service] = []
let supervisor: Supervisor
if config.busEnabled {
    let client: BusClient
    do { client = try BusClient(endpoint: env.busEndpoint, logger: logger) } catch {
        fail("cannot create the bus client for \(env.busEndpoint): \(error)", code: 1)
    }
    supervisor = Supervisor(config: config, environment: env, executableDirectory: Supervisor.ownExecutableDirectory(),
                            statusSender: client, logger: logger)
    services = [supervisor, BusWorker(endpoint: env.busEndpoint, service: ServiceName.supervisor,
                                      handler: supervisor.makeHandler(), logger: logger)]
} else {
    supervisor = Supervisor(config: config, environment: env, executableDirectory: Supervisor.ownExecutableDirectory(),
                            statusSender: nil, logger: logger)
    services = [supervisor]
}
logger.info("supervisor running", metadata: ["supervisor.pid": "\(getpid())", "data.dir": "\(env.dataDirectory.path)",
                                             "process.count": "\(config.processes.count)"])
do { try await ServiceRuntime.run(services, logger: logger) } catch {
    logger.error("supervisor failed", metadata: ["error": "\(error)"])
}
let code = supervisor.exitCode ?? 1
if code == 0 { pidLock.release() }
exit(code)
