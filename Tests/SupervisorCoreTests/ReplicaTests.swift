import Foundation
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import SupervisorCore

/// `replicas: N`: N processes with their own names, state directories and supervision, one bus service.
@Suite struct SupervisorReplicaTests {
    func parse(_ yaml: String) throws(ConfigError) -> SupervisorConfig {
        try SupervisorConfig.parse(yaml: yaml, file: "test.yaml")
    }

    @Test func replicasExpandIntoNamedProcessesWithOneServiceAndTheirOwnStateDirectories() throws {
        let config = try parse("""
            processes:
              - { name: palisade-gateway, executable: palisade-gateway, broker: true }
              - { name: palisade-graph, executable: palisade-graph, service: graph, replicas: 3 }
              - { name: palisade-scoring, executable: palisade-scoring, service: scoring }
            """)
        #expect(config.processes.map(\.name) == ["palisade-gateway", "palisade-graph-1", "palisade-graph-2",
                                                 "palisade-graph-3", "palisade-scoring"])
        #expect(config.processes[1...3].allSatisfy { $0.service == "graph" && $0.group == "palisade-graph" })
        #expect(config.processes[1...3].map { $0.replica?.stateDirectoryName } == ["graph-1", "graph-2", "graph-3"])
        #expect(config.replicaCount(of: "palisade-graph") == 3)
        #expect(config.processes[4].replica == nil && config.processes[4].name == "palisade-scoring")
    }

    @Test func oneReplicaIsTheProcessAsBefore() throws {
        let config = try parse("processes:\n  - { name: g, executable: palisade-graph, service: graph, replicas: 1 }\n")
        #expect(config.processes.map(\.name) == ["g"])
        #expect(config.processes[0].replica == nil)
    }

    @Test func badReplicaCountsAndNameClashesAreConfigErrors() {
        func error(_ yaml: String) -> ConfigError? {
            do { _ = try parse(yaml); return nil } catch { return error }
        }
        #expect(error("processes:\n  - { name: g, executable: x, replicas: 0 }")?.message.contains("from 1 to 16") == true)
        #expect(error("processes:\n  - { name: g, executable: x, replicas: two }")?.line == 2)
        #expect(error("processes:\n  - { name: b, executable: x, broker: true, replicas: 2 }")?
            .message.contains("the broker") == true)
        let clash = error("""
            processes:
              - { name: g-2, executable: x }
              - { name: g, executable: x, replicas: 2 }
            """)
        #expect(clash?.message.contains("replica name 'g-2'") == true)
    }

    @Test func theCommandLineOverridesTheReplicaCountByServiceOrEntryName() throws {
        let base = SupervisorConfig.defaults
        let line = try SupervisorCommandLine.parse(["--replicas", "graph=2"])
        #expect(line.replicas == ["graph": 2])
        let two = try line.apply(to: base)
        #expect(two.processes.map(\.name) == ["palisade-gateway", "palisade-assessor", "palisade-connector-aws",
                                              "palisade-graph-1", "palisade-graph-2", "palisade-scoring",
                                              "palisade-export", "palisade-scheduler"])
        // Back to one, by entry name; and 4 from 2.
        #expect(try two.withReplicas(1, of: "palisade-graph").processes.map(\.name) == base.processes.map(\.name))
        #expect(try two.withReplicas(4, of: "graph").replicaCount(of: "palisade-graph") == 4)
        #expect(try SupervisorCommandLine.parse(["--replicas=graph=3"]).replicas == ["graph": 3])
        #expect(throws: SupervisorCommandLine.Error.self) { try SupervisorCommandLine.parse(["--replicas", "graph"]) }
        #expect(throws: SupervisorCommandLine.Error.self) { try SupervisorCommandLine.parse(["--replicas", "graph=0"]) }
        #expect(throws: ConfigError.self) { try base.withReplicas(2, of: "nothing") }
        #expect(throws: ConfigError.self) { try base.withReplicas(2, of: "palisade-gateway") }
    }

    @Test func eachReplicaGetsItsNameAndItsOwnStateDirectoryInItsEnvironment() throws {
        let config = try SupervisorConfig.defaults.withReplicas(2, of: "graph")
        let env = PalisadeEnvironment(dataDirectory: URL(fileURLWithPath: "/var/lib/pal"), busEndpoint: "ipc:///x")
        func childEnv(_ name: String) -> [String: String] {
            Supervisor.childEnvironment(for: config.process(named: name)!, base: ["PALISADE_STATE_DIR": "/leak"],
                                        environment: env, supervisorPID: 7)
        }
        #expect(childEnv("palisade-graph-1")["PALISADE_STATE_DIR"] == "/var/lib/pal/graph-1")
        #expect(childEnv("palisade-graph-2")["PALISADE_STATE_DIR"] == "/var/lib/pal/graph-2")
        #expect(childEnv("palisade-graph-2")["PALISADE_REPLICA_NAME"] == "palisade-graph-2")
        #expect(childEnv("palisade-graph-2")["PALISADE_HOME"] == "/var/lib/pal")
        // Not a replica: state in the data directory itself, nothing inherited.
        #expect(childEnv("palisade-scoring")["PALISADE_STATE_DIR"] == nil)
        #expect(childEnv("palisade-scoring")["PALISADE_REPLICA_NAME"] == "palisade-scoring")
    }

    @Test func theGatewayListenKeyBecomesItsEnvironment() throws {
        let config = try parse("""
            processes:
              - name: palisade-gateway
                executable: palisade-gateway
                broker: true
                listen: ["tcp://0.0.0.0:5570", "tcp://[::]:5571"]
            """)
        #expect(config.processes[0].environment["PALISADE_BUS_LISTEN"] == "tcp://0.0.0.0:5570,tcp://[::]:5571")
        do {
            _ = try parse("processes:\n  - { name: g, executable: x, listen: ['tcp://0.0.0.0:1'] }")
            Issue.record("listen on a non-broker entry must be refused")
        } catch {
            #expect(error.message.contains("broker entry"))
        }
        do {
            _ = try parse("processes:\n  - { name: g, executable: x, broker: true, listen: ['0.0.0.0:1'] }")
            Issue.record("an endpoint without scheme must be refused")
        } catch {
            #expect(error.message.contains("tcp://"))
        }
    }

    @Test func theWatchdogAndRestartsTreatEachReplicaOnItsOwn() throws {
        let config = try SupervisorConfig(processes: [
            ProcessSpec(name: "gateway", executable: "palisade-gateway", isBroker: true),
            ProcessSpec(name: "graph", executable: "palisade-graph", service: "graph"),
        ]).withReplicas(2, of: "graph")
        var h = Harness(config)
        let pids = h.startAll()
        #expect(Set(pids.keys) == ["gateway", "graph-1", "graph-2"])
        func poll(_ t: Int, _ listing: [String]) -> [Action] {
            h.advance(to: .seconds(t))
            return h.send(.gatewayStatus(h.status(listing: listing), now: h.now))
        }
        for t in stride(from: 2, through: 30, by: 2) { #expect(poll(t, ["graph-1", "graph-2"]).signals.isEmpty) }
        // graph-2's worker disappears while graph-1's stays: only graph-2's pid is killed, once.
        var kills: [Int32] = []
        for t in stride(from: 32, through: 40, by: 2) { kills += poll(t, ["graph-1"]).signals.map(\.pid) }
        #expect(kills == [pids["graph-2"]!])
        let exit = h.exit("graph-2", .signaled(9))
        #expect(exit.logs.contains { $0.process == "graph-2" && $0.message.contains("heartbeat watchdog") })
        h.advance(to: exit.schedules[0].1)
        #expect(h.send(.tick(now: h.now)).spawns == ["graph-2"])
        h.reportSpawned("graph-2")
        #expect(h.machine.process("graph-2")?.restarts == 1)
        #expect(h.machine.process("graph-1")?.restarts == 0 && h.pid("graph-1") == pids["graph-1"])
        #expect(h.machine.status(supervisorPID: 1).processes.map(\.name) == ["gateway", "graph-1", "graph-2"])
    }
}
