import Foundation
import Logging
import PalisadeProtocol
import Testing
@testable import SupervisorCore

@Suite struct ConfigTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func parse(_ yaml: String) throws(ConfigError) -> SupervisorConfig {
        try SupervisorConfig.parse(yaml: yaml, file: "test.yaml")
    }

    func error(_ yaml: String) -> ConfigError? {
        do { _ = try parse(yaml); return nil } catch { return error }
    }

    @Test func defaultsListEveryPalisadeProcessInStartOrder() {
        let d = SupervisorConfig.defaults
        #expect(d.processes.map(\.name) == ["palisade-gateway", "palisade-assessor", "palisade-connector-aws",
                                           "palisade-graph", "palisade-scoring", "palisade-export", "palisade-scheduler"])
        #expect(d.processes.map(\.service) == [nil, "assessor", "connector.aws", "graph", "scoring", "export", "scheduler"])
        #expect(d.processes.map(\.isBroker) == [true, false, false, false, false, false, false])
        #expect(d.watchdog == WatchdogSettings(interval: .seconds(2), startGrace: .seconds(15), deadAfter: .seconds(6)))
        #expect(d.shutdownTimeout == .seconds(10))
        #expect(d.processes.allSatisfy { $0.restart == RestartPolicy(initialBackoff: .milliseconds(500),
            maxBackoff: .seconds(30), resetAfter: .seconds(60), crashLoopRestarts: 5, crashLoopWindow: .seconds(60),
            crashLoopPause: .seconds(60)) })
        #expect(d.busEnabled)
    }

    @Test func emptyFileMeansDefaults() throws {
        #expect(try parse("") == .defaults)
        #expect(try parse("# only a comment\n") == .defaults)
    }

    @Test func sampleFileInOpsParsesToTheDefaults() throws {
        let path = Self.packageRoot.appendingPathComponent("ops/palisade.yaml").path
        let config = try SupervisorConfig.load(path: path)
        #expect(config.processes.map(\.name) == SupervisorConfig.defaults.processes.map(\.name))
        #expect(config.processes.map(\.service) == SupervisorConfig.defaults.processes.map(\.service))
        #expect(config.processes.map(\.isBroker) == SupervisorConfig.defaults.processes.map(\.isBroker))
        #expect(config.watchdog == SupervisorConfig.defaults.watchdog)
        #expect(config.processes[0].restart == .standard)
        #expect(config.processes[1].environment["PALISADE_LOG_LEVEL"] == "info")
    }

    /// The scheduler reads `schedules:`; the supervisor refuses to start on a bad one, with its place in the file.
    @Test func aBadScheduleStopsTheStackFromStartingWithItsLine() {
        let e = error("""
            bus: true
            schedules:
              - name: prod
                every: often
            """)
        #expect(e?.code == "scheduler.config.invalid")
        #expect(e?.line == 4 && e?.file == "test.yaml", "\(String(describing: e))")
        #expect(e?.message.contains("6h") == true)
    }

    @Test func everyChildIsToldWhichConfigFileTheStackRunsOn() throws {
        var config = SupervisorConfig.defaults
        config.sourceFile = "/etc/palisade/palisade.yaml"
        let env = Supervisor.childEnvironment(for: config.processes[0], base: ["PALISADE_CONFIG": "/stale"],
                                              environment: PalisadeEnvironment(dataDirectory: URL(fileURLWithPath: "/tmp/p"),
                                                                               busEndpoint: "ipc:///tmp/p/bus"),
                                              supervisorPID: 1, configFile: config.sourceFile)
        #expect(env["PALISADE_CONFIG"] == "/etc/palisade/palisade.yaml")
        let none = Supervisor.childEnvironment(for: config.processes[0], base: ["PALISADE_CONFIG": "/stale"],
                                               environment: PalisadeEnvironment(dataDirectory: URL(fileURLWithPath: "/tmp/p"),
                                                                                busEndpoint: "ipc:///tmp/p/bus"),
                                               supervisorPID: 1)
        #expect(none["PALISADE_CONFIG"] == nil, "built-in defaults: no file, no schedules")
    }

    @Test func fullEntryWithOverrides() throws {
        let config = try parse("""
            bus: false
            watchdog: { interval: 500ms, startGrace: 1m, deadAfter: 3 }
            shutdown: { timeout: 2.5s, killWait: 1 }
            restart:
              initialBackoff: 0.25
              crashLoop: { restarts: 3, window: 10s, pause: 20s }
            processes:
              - name: worker
                executable: /bin/sh
                args: ["-c", "sleep 30"]
                env: { A: "1", B: two }
                service: work
                restart: { maxBackoff: 5s }
              - name: broker
                executable: palisade-gateway
                broker: true
            """)
        #expect(!config.busEnabled)
        #expect(config.watchdog == WatchdogSettings(interval: .milliseconds(500), startGrace: .seconds(60),
                                                    deadAfter: .seconds(3)))
        #expect(config.shutdownTimeout == .milliseconds(2500) && config.killWait == .seconds(1))
        let worker = config.processes[0]
        #expect(worker.arguments == ["-c", "sleep 30"])
        #expect(worker.environment == ["A": "1", "B": "two"])
        #expect(worker.service == "work" && !worker.isBroker)
        #expect(worker.restart == RestartPolicy(initialBackoff: .milliseconds(250), maxBackoff: .seconds(5),
                                                resetAfter: .seconds(60), crashLoopRestarts: 3,
                                                crashLoopWindow: .seconds(10), crashLoopPause: .seconds(20)))
        #expect(config.processes[1].isBroker && config.processes[1].restart.maxBackoff == .seconds(30))
    }

    @Test func relativeExecutablesResolveAgainstTheSupervisorsDirectory() {
        let base = URL(fileURLWithPath: "/opt/palisade/.build/debug")
        #expect(ProcessSpec(name: "g", executable: "palisade-graph").resolvedExecutable(baseDirectory: base)
                == "/opt/palisade/.build/debug/palisade-graph")
        #expect(ProcessSpec(name: "s", executable: "/bin/sh").resolvedExecutable(baseDirectory: base) == "/bin/sh")
    }

    @Test func unknownKeyNamesTheLineAndTheAllowedKeys() {
        let e = error("""
            processes:
              - name: a
                executable: /bin/true
                servcie: assessor
            """)
        #expect(e?.code == "supervisor.config.invalid")
        #expect(e?.line == 4)
        #expect(e?.message.contains("unknown key 'servcie'") == true)
        #expect(e?.message.contains("service") == true)
        #expect(e?.description.hasPrefix("test.yaml:4:") == true)
    }

    @Test func missingExecutableAndDuplicateNames() {
        #expect(error("processes:\n  - name: a\n").map { ($0.line, $0.message) }! == (2, "process 'a' has no 'executable'"))
        let dup = error("""
            processes:
              - { name: a, executable: /bin/true }
              - { name: a, executable: /bin/true }
            """)
        #expect(dup?.line == 3)
        #expect(dup?.message == "process name 'a' is used twice (first on line 2)")
        let dupService = error("""
            processes:
              - { name: a, executable: /bin/true, service: x }
              - { name: b, executable: /bin/true, service: x }
            """)
        #expect(dupService?.line == 3)
    }

    @Test func badValuesSayWhatIsExpected() {
        let duration = error("watchdog:\n  deadAfter: soon\n")
        #expect(duration?.line == 2)
        #expect(duration?.message.contains("watchdog.deadAfter must be a duration") == true)
        #expect(error("watchdog: { interval: 0 }")?.message == "watchdog.interval must be greater than zero")
        #expect(error("bus: maybe")?.message == "bus must be true or false")
        #expect(error("processes: {}")?.message.contains("must be a list") == true)
        #expect(error("processes: []")?.message.contains("is empty") == true)
        #expect(error("processes:\n  - { name: a, executable: x, args: oops }")?.message.contains("list of strings") == true)
        #expect(error("processes:\n  - { name: a, executable: x, env: { PALISADE_SUPERVISOR_PID: '1' } }")?
            .message.contains("must not set PALISADE_SUPERVISOR_PID") == true)
        #expect(error("processes:\n  - { name: a/b, executable: x }")?.message.contains("must not contain '/'") == true)
        #expect(error("restart: { initialBackoff: 10s, maxBackoff: 1s }")?.message.contains("below initialBackoff") == true)
        #expect(error("restart: { crashLoop: { restarts: 0 } }")?.line == 1)
        #expect(error("- just\n- a list\n")?.message.contains("the top level must be a mapping") == true)
    }

    @Test func syntaxErrorsCarryTheirPosition() {
        let e = error("""
            watchdog:
              interval: 2s
             deadAfter: [6
            """)
        #expect(e?.code == "supervisor.config.syntax")
        #expect(e?.line != nil)
        #expect(e?.message.hasPrefix("YAML syntax error") == true)
    }

    @Test func missingFileIsAClearError() {
        do {
            _ = try SupervisorConfig.load(path: "/nonexistent/palisade.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "supervisor.config.unreadable")
            #expect(error.description.contains("/nonexistent/palisade.yaml"))
            #expect(error.description.contains("does not exist"))
        }
    }

    @Test func commandLine() throws {
        #expect(try SupervisorCommandLine.parse([]) == SupervisorCommandLine())
        #expect(try SupervisorCommandLine.parse(["--config", "a.yaml"]).configPath == "a.yaml")
        #expect(try SupervisorCommandLine.parse(["--config=b.yaml"]).configPath == "b.yaml")
        #expect(try SupervisorCommandLine.parse(["--help"]).showHelp)
        #expect(throws: SupervisorCommandLine.Error.self) { try SupervisorCommandLine.parse(["--config"]) }
        #expect(throws: SupervisorCommandLine.Error.self) { try SupervisorCommandLine.parse(["--bogus"]) }
    }
}
