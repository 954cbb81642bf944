import ExportCore
import Foundation
import PalisadeTestKit
import Testing

/// SyslogSender against a real rsyslogd: what rsyslog wrote is what a SIEM would receive.
@Suite("Syslog delivery to rsyslog")
struct SyslogDeliveryTests {
    /// An RFC 5424 message as the export formatter would write it.
    static func message(_ id: String, text: String, sd: String? = nil) -> String {
        "<134>1 2026-12-04T04:24:45.123Z palisade-test palisade 4242 \(id) "
            + (sd ?? "[finding@32473 id=\"\(id)\" severity=\"high\"]") + " " + text
    }

    @Test("UDP: each message is one datagram, RFC 5424 fields intact")
    func udp() async throws {
        let rsyslog = try await RsyslogReceiver.start()
        defer { rsyslog.stop() }
        let sender = SyslogSender(address: try SyslogAddress(parsing: "udp://127.0.0.1:\(rsyslog.info.udp)"))
        defer { sender.close() }
        let messages = (1...3).map { Self.message("UDP\($0)", text: "public bucket found \($0)") }
        try await onThread { try sender.send(messages) }.get()
        let lines = try await rsyslog.waitFor(3)
        #expect(lines.map(\.msgID).sorted() == ["UDP1", "UDP2", "UDP3"])
        let first = try #require(lines.first { $0.msgID == "UDP1" })
        #expect(first.pri == 134)
        #expect(first.hostname == "palisade-test")
        #expect(first.appName == "palisade")
        #expect(first.procID == "4242")
        #expect(first.structuredData == "[finding@32473 id=\"UDP1\" severity=\"high\"]")
        #expect(first.message == "public bucket found 1")
    }

    @Test("UDP: a message over 8192 bytes is cut to 8192 at a character boundary")
    func udpTruncation() async throws {
        let rsyslog = try await RsyslogReceiver.start()
        defer { rsyslog.stop() }
        let sender = SyslogSender(address: try SyslogAddress(parsing: "udp://127.0.0.1:\(rsyslog.info.udp)"))
        defer { sender.close() }
        let long = Self.message("BIG", text: String(repeating: "é", count: 6000))  // 12000 bytes of text
        try await onThread { try sender.send([long]) }.get()
        let line = try #require(try await rsyslog.waitFor(1).first)
        let prefix = Self.message("BIG", text: "").utf8.count
        #expect(line.message.utf8.count <= SyslogSender.maxDatagramBytes - prefix)
        #expect(line.message.utf8.count >= SyslogSender.maxDatagramBytes - prefix - 1)
        #expect(line.message.allSatisfy { $0 == "é" })
    }

    @Test("TCP: octet-counted frames keep newlines, non-ASCII and escaped structured data; 300 in order")
    func tcp() async throws {
        let rsyslog = try await RsyslogReceiver.start()
        defer { rsyslog.stop() }
        let sender = SyslogSender(address: try SyslogAddress(parsing: "tcp://127.0.0.1:\(rsyslog.info.tcp)"))
        defer { sender.close() }
        let tricky = Self.message("NL", text: "line one\nline two — Zürich ✓",
                                  sd: #"[finding@32473 title="a \"quoted\" \] bracket" path="C:\\x"]"#)
        let batch = [tricky] + (1...300).map { Self.message("SEQ", text: "n=\($0)") }
        try await onThread { try sender.send(batch) }.get()
        let lines = try await rsyslog.waitFor(301)
        let nl = try #require(lines.first { $0.msgID == "NL" })
        #expect(nl.message == "line one#012line two — Zürich ✓")  // rsyslog escapes the control character
        #expect(nl.structuredData == #"[finding@32473 title="a \"quoted\" \] bracket" path="C:\\x"]"#)
        #expect(lines.filter { $0.msgID == "SEQ" }.map(\.message) == (1...300).map { "n=\($0)" })
    }

    @Test("TLS: verified against the test CA, by IP address and by name")
    func tls() async throws {
        let rsyslog = try await RsyslogReceiver.start()
        defer { rsyslog.stop() }
        let byIP = SyslogSender(address: try SyslogAddress(parsing: "tls://127.0.0.1:\(rsyslog.info.tls)"),
                                tls: TLSOptions(caFile: rsyslog.info.ca))
        let byName = SyslogSender(address: try SyslogAddress(parsing: "tls://127.0.0.1:\(rsyslog.info.tls)"),
                                  tls: TLSOptions(caFile: rsyslog.info.ca, serverName: "localhost"))
        defer { byIP.close(); byName.close() }
        try await onThread { try byIP.send([Self.message("TLS1", text: "über TLS\nzwei")]) }.get()
        try await onThread { try byName.send([Self.message("TLS2", text: "by name")]) }.get()
        try await onThread { try byName.send([Self.message("TLS3", text: "same connection")]) }.get()
        let lines = try await rsyslog.waitFor(3)
        #expect(lines.map(\.msgID).sorted() == ["TLS1", "TLS2", "TLS3"])
        #expect(lines.first { $0.msgID == "TLS1" }?.message == "über TLS#012zwei")
    }

    @Test("TLS: a certificate from another CA, or for another name, is refused and nothing is sent")
    func tlsVerificationFails() async throws {
        let rsyslog = try await RsyslogReceiver.start()
        defer { rsyslog.stop() }
        let address = try SyslogAddress(parsing: "tls://127.0.0.1:\(rsyslog.info.tls)")
        let wrongCA = SyslogSender(address: address, tls: TLSOptions(caFile: rsyslog.info.wrong_ca))
        let wrongName = SyslogSender(address: address,
                                     tls: TLSOptions(caFile: rsyslog.info.ca, serverName: "siem.example"))
        for sender in [wrongCA, wrongName] {
            let result = await onThread { try sender.send([Self.message("NO", text: "x")]) }
            let error = try #require(failure(result))
            #expect(error.code == "syslog.tls.verify")
            #expect(!error.retryable)
            #expect(error.message.contains("127.0.0.1:\(rsyslog.info.tls)"))
        }
        // The proof that the receiver works and got nothing from the refused senders:
        let good = SyslogSender(address: address, tls: TLSOptions(caFile: rsyslog.info.ca))
        try await onThread { try good.send([Self.message("YES", text: "ok")]) }.get()
        _ = try await rsyslog.waitFor(1)
        #expect(rsyslog.messages.map(\.msgID) == ["YES"])
    }

    @Test("TCP and TLS: after the receiver restarts, the next send reconnects", arguments: ["tcp", "tls"])
    func reconnect(transport: String) async throws {
        let rsyslog = try await RsyslogReceiver.start()
        defer { rsyslog.stop() }
        let port = transport == "tcp" ? rsyslog.info.tcp : rsyslog.info.tls
        let sender = SyslogSender(address: try SyslogAddress(parsing: "\(transport)://127.0.0.1:\(port)"),
                                  tls: TLSOptions(caFile: rsyslog.info.ca))
        defer { sender.close() }
        try await onThread { try sender.send([Self.message("BEFORE", text: "1")]) }.get()
        _ = try await rsyslog.waitFor(1)
        try await rsyslog.restartDaemon()
        try await onThread { try sender.send([Self.message("AFTER", text: "2")]) }.get()
        let lines = try await rsyslog.waitFor(2)
        #expect(lines.map(\.msgID) == ["BEFORE", "AFTER"])
    }

    @Test("nothing listening: a retryable syslog.connect error, not a wait for the timeout")
    func unreachable() async throws {
        let port = try ScriptServer.freePort()
        for transport in ["tcp", "tls"] {
            let sender = SyslogSender(address: try SyslogAddress(parsing: "\(transport)://127.0.0.1:\(port)"),
                                      timeout: .seconds(10))
            let result = await onThread { try sender.send(["<14>1 - - - - - - x"]) }
            let error = try #require(failure(result))
            // A refused connection is reported as such (`syslog.timeout` would mean it waited the 10 s out).
            #expect(error.code == "syslog.connect")
            #expect(error.retryable)
            #expect(error.message.contains("127.0.0.1:\(port)"))
        }
    }
}
