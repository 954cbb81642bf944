import Foundation
import PalisadeExport
import PalisadeModel

/// A syslog sink: each record one RFC 5424 message (structured data with the record's key, kind, account, severity,
/// check and resource; the body JSON or CEF), over UDP, TCP with octet-counting framing, or TLS.
public final class SyslogDelivery: SinkDelivery, @unchecked Sendable {
    let config: SinkConfig.Syslog
    let sender: SyslogSender
    let context: FormatContext
    let hostname: String

    public init(config: SinkConfig.Syslog, context: FormatContext) throws {
        self.config = config
        self.context = context
        let address = try SyslogAddress(parsing: config.address)
        let tls = address.transport == .tls
            ? TLSOptions(caFile: config.caFile, serverName: config.serverName ?? address.host) : nil
        sender = SyslogSender(address: address, tls: tls)
        hostname = config.hostname ?? ProcessInfo.processInfo.hostName
    }

    public func recover(_ state: SinkState) throws -> SinkState { state }

    public func deliver(_ records: [ExportRecord], batchID: String, state: SinkState, now: Date) async throws -> SinkState {
        let body: Syslog5424.Body = config.format == .cef ? .cef : .json
        let messages = records.map {
            Syslog5424.message($0, body: body, hostname: hostname, procID: "\(getpid())", context: context)
        }
        let sender = self.sender
        do {
            try await Blocking.run { try sender.send(messages) }
        } catch let e as TransportError {
            throw DeliveryFailure(e.message, retryable: true)
        }
        return state
    }

    public func deadLetter(_ records: [ExportRecord], batchID: String, reason: String, now: Date) throws -> Bool { false }
    public func close() { sender.close() }
}
