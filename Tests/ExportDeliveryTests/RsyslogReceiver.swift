import Foundation
import PalisadeTestKit
#if canImport(Glibc)
import Glibc
#endif

/// A real rsyslogd (Tools/testing/rsyslog_receiver.py) listening on UDP, TCP and TLS on loopback.
struct RsyslogReceiver {
    struct Info: Decodable {
        var udp: Int
        var tcp: Int
        var tls: Int
        var ca: String
        var wrong_ca: String
        var output: String
        var pid: Int32
        var generation: Int
    }

    let server: ScriptServer
    let info: Info

    static func start() async throws -> RsyslogReceiver {
        let server = try await ScriptServer.start(script: "rsyslog_receiver.py")
        return RsyslogReceiver(server: server, info: try readInfo(server))
    }

    static func readInfo(_ server: ScriptServer) throws -> Info {
        let data = try Data(contentsOf: server.directory.appendingPathComponent("port.json"))
        return try JSONDecoder().decode(Info.self, from: data)
    }

    /// Kills rsyslogd (the receiver restarts it on the same ports) and waits until the new one listens.
    func restartDaemon() async throws {
        kill(info.pid, SIGKILL)
        _ = try await eventually("rsyslogd to come back") {
            (try? Self.readInfo(server)).flatMap { $0.generation > info.generation ? $0 : nil }
        }
    }

    /// Messages rsyslog wrote (RSYSLOG_SyslogProtocol23Format), parsed.
    var messages: [SyslogLine] { fileLines(info.output).compactMap(SyslogLine.init) }

    func waitFor(_ count: Int, where matching: @escaping (SyslogLine) -> Bool = { _ in true }) async throws
        -> [SyslogLine] {
        try await eventually("\(count) messages in \(info.output)") {
            let found = messages.filter(matching)
            return found.count >= count ? found : nil
        }
    }

    func stop() { server.stop() }
}

/// One RFC 5424 line as rsyslog wrote it: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`.
struct SyslogLine: Equatable {
    var pri: Int
    var timestamp, hostname, appName, procID, msgID, structuredData, message: String

    init?(_ line: String) {
        guard line.hasPrefix("<"), let close = line.firstIndex(of: ">"),
              let pri = Int(line[line.index(after: line.startIndex)..<close]) else { return nil }
        self.pri = pri
        var rest = Substring(line[line.index(after: close)...])
        var fields: [String] = []
        for _ in 0..<6 {
            guard let space = rest.firstIndex(of: " ") else { return nil }
            fields.append(String(rest[..<space]))
            rest = rest[rest.index(after: space)...]
        }
        guard fields[0] == "1" else { return nil }
        (timestamp, hostname, appName, procID, msgID) = (fields[1], fields[2], fields[3], fields[4], fields[5])
        if rest.hasPrefix("-") {
            structuredData = "-"
            rest = rest.dropFirst()
        } else {
            var end = rest.startIndex
            var escaped = false
            var inQuotes = false
            var depthDone = false
            while end < rest.endIndex && !depthDone {
                let c = rest[end]
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" {
                    inQuotes.toggle()
                } else if c == "]" && !inQuotes {
                    let next = rest.index(after: end)
                    if next == rest.endIndex || rest[next] != "[" { depthDone = true }
                }
                end = rest.index(after: end)
            }
            structuredData = String(rest[..<end])
            rest = rest[end...]
        }
        message = rest.hasPrefix(" ") ? String(rest.dropFirst()) : String(rest)
    }
}
