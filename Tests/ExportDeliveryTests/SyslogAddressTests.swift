@testable import ExportCore
import Testing

@Suite("Syslog addresses and framing")
struct SyslogAddressTests {
    @Test("udp, tcp and tls URLs parse; IPv6 in brackets")
    func parses() throws {
        #expect(try SyslogAddress(parsing: "udp://host:514") == SyslogAddress(transport: .udp, host: "host", port: 514))
        #expect(try SyslogAddress(parsing: "tcp://127.0.0.1:6514").port == 6514)
        #expect(try SyslogAddress(parsing: " TLS://siem.example:6514/ ").transport == .tls)
        let v6 = try SyslogAddress(parsing: "tcp://[::1]:514")
        #expect(v6.host == "::1")
        #expect(v6.description == "tcp://[::1]:514")
    }

    @Test("anything else is a syslog.address error that shows the expected form",
          arguments: ["", "host:514", "http://h:514", "udp://h", "udp://h:0", "udp://h:70000", "tcp://:514",
                      "tcp://a:b@h:514", "tcp://h:514/path", "tcp://::1:514", "tcp://h h:514"])
    func rejects(text: String) {
        do {
            _ = try SyslogAddress(parsing: text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.code == "syslog.address")
            #expect(error.message.contains("udp://host:514"))
            #expect(!error.retryable)
        }
    }

    @Test("octet counting counts UTF-8 bytes; datagrams are cut between characters")
    func framing() {
        #expect(String(decoding: SyslogFraming.octetCounted("ü\nx"), as: UTF8.self) == "4 ü\nx")
        #expect(SyslogFraming.datagram("aéé", limit: 4) == Array("aé".utf8))
        #expect(SyslogFraming.datagram("aéé", limit: 5) == Array("aéé".utf8))
        #expect(SyslogFraming.datagram("abc", limit: 8192) == Array("abc".utf8))
    }
}
