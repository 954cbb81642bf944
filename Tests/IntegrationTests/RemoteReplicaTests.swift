import Foundation
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A graph replica on "another host": a Linux network namespace joined to this one by a veth pair. The stack
/// runs here with the gateway also listening on tcp at the veth address; the replica runs in the namespace
/// with its own state directory and only that tcp endpoint, catches up from the assessor's log and answers
/// `paths` exactly like the local replica.
@Suite(.serialized, .timeLimit(.minutes(10))) struct RemoteReplicaTests {
    @Test func aReplicaInAnotherNetworkNamespaceCatchesUpOverTCPAndAnswersIdentically() async throws {
        guard let net = try NetnsPair.make() else { return }
        defer { net.remove() }
        let port = try net.freePort()
        let tcp = "tcp://\(net.hostAddress):\(port)"
        let demo = try await ReplicaDemo.start(upArguments: [], extraEnvironment: ["PALISADE_BUS_LISTEN": tcp])
        defer { demo.stop() }
        let stack = demo.stack
        let bus = try #require(stack.bus)
        let scanID = try demo.scan()
        try await stack.waitForReplica("palisade-graph", scan: scanID)

        // The remote replica starts after the scan: it must catch up from the log.
        let remote = try RemoteReplica.start(in: net, bus: tcp, name: "graph-remote-\(net.tag)")
        defer { remote.stop() }
        try await stack.waitUntil("the remote replica registers at the gateway over tcp", within: .seconds(120)) {
            let workers = try await bus.call(GatewayStatusQuery(), timeout: .seconds(2), retry: .none).workers
            return workers.contains { $0.service == ServiceName.replica(of: ServiceName.graph, named: remote.name) }
        }
        try await stack.waitForReplica(remote.name, scan: scanID)
        let status = try await stack.replicaStatus(remote.name)
        #expect(status.stateDirectory == remote.home.path)
        #expect(status.pid == remote.process.processIdentifier)
        #expect(FileManager.default.fileExists(atPath: remote.home.appendingPathComponent("graph.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: remote.home.appendingPathComponent("run/bus.ipc").path))

        let local = try stack.paths(replica: "palisade-graph")
        let far = try stack.paths(replica: remote.name)
        #expect(local.scanID == scanID && !local.paths.isEmpty)
        expectReplicasAgree(local, far, "the local and the remote replica")

        // `palisade status` shows it as a replica the supervisor does not run, with its position.
        try await stack.waitForReplicasAtHead([remote.name])
        let report = try stack.json(StatusReport.self, ["status"])
        let row = report.replicas.first { $0.replica == remote.name }
        #expect(row?.state == "remote" && row?.lag == 0 && row?.lastScanID == scanID, "\(report.replicas)")
    }
}

/// Two network namespaces' worth of wiring: a fresh namespace and a veth pair, the host end here
/// (10.200.N.1/24) and the other end in the namespace (10.200.N.2/24). Unique names per test run.
struct NetnsPair {
    let tag: String
    let namespace: String
    let hostInterface: String
    let hostAddress: String
    let peerAddress: String

    /// nil (after recording why) only when this machine does not permit `ip netns add`.
    static func make() throws -> NetnsPair? {
        let tag = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(6)).lowercased()
        let subnet = Int.random(in: 1...250)
        let pair = NetnsPair(tag: tag, namespace: "pal-it-\(tag)", hostInterface: "pv\(tag)h",
                             hostAddress: "10.200.\(subnet).1", peerAddress: "10.200.\(subnet).2")
        let add = try ip(["netns", "add", pair.namespace])
        if add.status != 0 {
            if add.stderr.contains("Operation not permitted") || add.stderr.contains("Permission denied") {
                print("SKIPPED RemoteReplicaTests: `ip netns add` is not permitted here (\(add.stderr)); run as root")
                return nil
            }
            throw HarnessError("ip netns add \(pair.namespace) failed: \(add.stderr)")
        }
        let peer = "pv\(tag)n"
        let steps: [[String]] = [
            ["link", "add", pair.hostInterface, "type", "veth", "peer", "name", peer],
            ["link", "set", peer, "netns", pair.namespace],
            ["addr", "add", "\(pair.hostAddress)/24", "dev", pair.hostInterface],
            ["link", "set", pair.hostInterface, "up"],
            ["netns", "exec", pair.namespace, "ip", "addr", "add", "\(pair.peerAddress)/24", "dev", peer],
            ["netns", "exec", pair.namespace, "ip", "link", "set", peer, "up"],
            ["netns", "exec", pair.namespace, "ip", "link", "set", "lo", "up"],
        ]
        for step in steps {
            let r = try ip(step)
            guard r.status == 0 else {
                pair.remove()
                throw HarnessError("ip \(step.joined(separator: " ")) failed: \(r.stderr)")
            }
        }
        return pair
    }

    /// A tcp port free on the host address.
    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, hostAddress, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw HarnessError("bind \(hostAddress):0 failed (errno \(errno))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Deletes the namespace (its veth end goes with it, and with it the pair) and the host end if left.
    func remove() {
        _ = try? Self.ip(["netns", "del", namespace])
        _ = try? Self.ip(["link", "del", hostInterface])
    }

    static func ip(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Stack.run("/usr/bin/env", ["ip"] + args, env: ProcessInfo.processInfo.environment, timeout: 60)
    }
}

/// `palisade-graph` started in the namespace with its own data directory and the gateway's tcp endpoint, the way
/// `ops/graph-replica-remote` starts one on another host.
struct RemoteReplica {
    let name: String
    let home: URL
    let process: Process

    static func start(in net: NetnsPair, bus: String, name: String) throws -> RemoteReplica {
        let home = URL(fileURLWithPath: "/tmp/pal-it-remote-\(net.tag)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let log = home.appendingPathComponent("graph.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        var env = ProcessInfo.processInfo.environment
        for k in ["PALISADE_SUPERVISOR_PID", "PALISADE_STATE_DIR", "PALISADE_BUS_ROUTE", "PALISADE_BUS_LISTEN"] {
            env.removeValue(forKey: k)
        }
        env["PALISADE_HOME"] = home.path
        env["PALISADE_BUS"] = bus
        env["PALISADE_REPLICA_NAME"] = name
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // `ip netns exec` execs the program: the pid is the replica's own.
        p.arguments = ["ip", "netns", "exec", net.namespace, Stack.binDir.appendingPathComponent("palisade-graph").path]
        p.environment = env
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return RemoteReplica(name: name, home: home, process: p)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: home)
    }
}
