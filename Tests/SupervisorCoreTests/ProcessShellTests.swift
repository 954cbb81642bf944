import Foundation
import Logging
import PalisadeProtocol
import PalisadeTestKit
import ServiceLifecycle
import Testing
@testable import SupervisorCore

#if canImport(Glibc)
import Glibc
#endif

/// The process shell with real `/bin/sh` children.
@Suite(.timeLimit(.minutes(2))) struct ProcessShellTests {
    let fast = RestartPolicy(initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(400))

    func group(_ supervisor: Supervisor) -> ServiceGroup {
        var logger = Logger(label: "test.group")
        logger.logLevel = .critical
        return ServiceGroup(configuration: .init(services: [.init(service: supervisor)], logger: logger))
    }

    @Test func spawnsChildrenWithLogsAndSupervisorPid() async throws {
        let home = temporaryHome("spawn")
        let supervisor = makeSupervisor([
            shell("a", "echo \"hello from a\"; echo $PALISADE_SUPERVISOR_PID > \"$PALISADE_HOME/a.sup\"; exec sleep 30"),
        ], home: home)
        let g = group(supervisor)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await g.run() }
            // The child may write its file before the supervisor has recorded the spawn: wait for both.
            #expect(await eventually { readPID(home, "a.sup") != nil && supervisor.status.processes[0].pid != nil })
            #expect(readPID(home, "a.sup") == getpid())
            let pid = try #require(supervisor.status.processes[0].pid)
            #expect(isAlive(pid))
            #expect(getpgid(pid) == pid, "each child leads its own process group")
            let log = try String(contentsOf: home.appendingPathComponent("logs/a.log"), encoding: .utf8)
            #expect(log.contains("hello from a"))
            await g.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(!isAlive(pid))
        }
        #expect(supervisor.exitCode == 0)
    }

    @Test func exitedChildIsRestarted() async throws {
        let home = temporaryHome("restart")
        let supervisor = makeSupervisor([shell("flaky", "echo run >> \"$PALISADE_HOME/runs\"; exit 3", restart: fast)],
                                        home: home)
        let g = group(supervisor)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await g.run() }
            #expect(await eventually { supervisor.status.processes[0].restarts >= 3 })
            let runs = try String(contentsOf: home.appendingPathComponent("runs"), encoding: .utf8)
            #expect(runs.split(separator: "\n").count >= 3)
            #expect(supervisor.status.processes[0].lastExit == "exited with code 3")
            await g.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(supervisor.exitCode == 0)
    }

    /// SIGTERM (graceful shutdown) leaves no child — including one that ignores SIGTERM (SIGKILLed after the
    /// timeout) and a grandchild in a child's process group.
    @Test func gracefulShutdownLeavesNoChildRunning() async throws {
        let home = temporaryHome("shutdown")
        let supervisor = makeSupervisor([
            shell("plain", "echo $$ > \"$PALISADE_HOME/plain\"; exec sleep 30"),
            shell("stubborn", "trap '' TERM; echo $$ > \"$PALISADE_HOME/stubborn\"; while :; do sleep 1; done"),
            shell("parent", "sleep 30 & echo $! > \"$PALISADE_HOME/grandchild\"; wait"),
        ], home: home, shutdownTimeout: .seconds(1))
        let g = group(supervisor)
        var pids: [Int32] = []
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await g.run() }
            // Children may write their files before the supervisor has recorded their spawns: wait for both.
            #expect(await eventually {
                ["plain", "stubborn", "grandchild"].allSatisfy { readPID(home, $0) != nil }
                    && supervisor.status.processes.allSatisfy { $0.pid != nil }
            })
            pids = supervisor.status.processes.compactMap(\.pid) + [readPID(home, "grandchild")!]
            #expect(pids.count == 4 && pids.allSatisfy(isAlive))
            await g.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(supervisor.exitCode == 0)
        #expect(await eventually(timeout: .seconds(3)) { pids.allSatisfy { !isAlive($0) } })
        // Well before the children's own `sleep 30` would end: shutdown killed them, not time. Generous for a
        // loaded 2-core machine.
        #expect(ContinuousClock.now - started < .seconds(25))
        #expect(supervisor.status.processes.allSatisfy { $0.state == "stopped" })
        #expect(supervisor.status.processes[1].lastExit == "killed by signal 9 (SIGKILL)")
    }

    @Test func missingExecutableIsReportedAndRetried() async throws {
        let home = temporaryHome("missing")
        let supervisor = makeSupervisor([
            ProcessSpec(name: "ghost", executable: "/nonexistent/palisade-ghost", restart: fast),
        ], home: home)
        let g = group(supervisor)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await g.run() }
            #expect(await eventually { supervisor.status.processes[0].restarts >= 2 })
            let last = supervisor.status.processes[0].lastExit ?? ""
            #expect(last.contains("exec of /nonexistent/palisade-ghost failed"))
            #expect(last.contains("No such file"))
            await g.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func statusAndShutdownOverTheBusHandler() async throws {
        let home = temporaryHome("bus")
        let supervisor = makeSupervisor([shell("s", "exec sleep 30")], home: home)
        let bus = InProcessBus()
        bus.register(ServiceName.supervisor, supervisor.makeHandler())
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await supervisor.run() }
            #expect(await eventually { supervisor.status.processes[0].state == "running" })
            let status = try await bus.call(SupervisorStatusQuery(), timeout: .seconds(2), retry: .none)
            #expect(status.pid == getpid())
            #expect(status.processes.map(\.name) == ["s"])
            #expect(status.processes[0].state == "running")
            let pid = try #require(status.processes[0].pid)
            let ack = try await bus.call(SupervisorShutdown(), timeout: .seconds(2), retry: .none)
            #expect(ack.ok)
            try await tasks.waitForAll()  // run() returns once everything stopped
            #expect(!isAlive(pid))
        }
        #expect(supervisor.exitCode == 0)
    }

    /// The gateway (an in-process bus answering `gateway.status`) never lists the worker: the watchdog
    /// SIGKILLs the live process and it is restarted.
    @Test func watchdogKillsAndRestartsAProcessWithoutAWorker() async throws {
        let home = temporaryHome("watchdog")
        let bus = InProcessBus()
        var router = Router()
        router.on(GatewayStatusQuery.self) { _, _ in GatewayStatus(workers: [], queued: [:]) }
        bus.register(ServiceName.gateway, router)
        let supervisor = makeSupervisor(
            [shell("silent", "exec sleep 30", service: "silent", restart: fast)], home: home, statusSender: bus,
            watchdog: WatchdogSettings(interval: .milliseconds(100), startGrace: .milliseconds(300),
                                       deadAfter: .milliseconds(300)))
        let g = group(supervisor)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await g.run() }
            #expect(await eventually { supervisor.status.processes[0].pid != nil })
            let first = supervisor.status.processes[0].pid!
            #expect(await eventually { supervisor.status.processes[0].restarts >= 1 })
            #expect(supervisor.status.processes[0].lastExit == "killed by signal 9 (SIGKILL)")
            #expect(await eventually(timeout: .seconds(2)) { !isAlive(first) })
            await g.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func pidFileLockRefusesASecondHolder() throws {
        let run = temporaryHome("lock").appendingPathComponent("run")
        let lock = try PidFileLock.acquire(runDirectory: run)
        let text = try String(contentsOf: lock.path, encoding: .utf8)
        #expect(text == "\(getpid())\n")
        #expect {
            _ = try PidFileLock.acquire(runDirectory: run)
        } throws: { error in
            guard let e = error as? PidFileLock.Error else { return false }
            return e.code == "supervisor.already_running" && e.message.contains("pid \(getpid())")
        }
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: lock.path.path))
        let again = try PidFileLock.acquire(runDirectory: run)
        again.release()
    }
}
