import Foundation
import PalisadeProtocol

/// Frame building and reading shared by the client, the worker and the broker (docs/protocol.md §2).
/// Every list here starts after the ROUTER identity, i.e. with the empty delimiter frame.
public enum BusFrames {
    public static let empty = Data()
    public static let clientTag = Data(Wire.clientTag.utf8)
    public static let workerTag = Data(Wire.workerTag.utf8)

    public static func command(_ c: Wire.WorkerCommand) -> Data { Data(c.rawValue.utf8) }
    public static func command(_ c: Wire.ClientCommand) -> Data { Data(c.rawValue.utf8) }

    /// `""`, `PAL1C`, `REQUEST`, service, header, body.
    public static func clientRequest(service: String, header: Data, body: Data) -> [Data] {
        [empty, clientTag, command(Wire.ClientCommand.request), Data(service.utf8), header, body]
    }

    /// `""`, `PAL1C`, `REPLY`, service, header, body.
    public static func clientReply(service: String, header: Data, body: Data) -> [Data] {
        [empty, clientTag, command(Wire.ClientCommand.reply), Data(service.utf8), header, body]
    }

    /// `""`, `PAL1W`, READY, service, metadata.
    public static func ready(service: String, metadata: Data) -> [Data] {
        [empty, workerTag, command(.ready), Data(service.utf8), metadata]
    }

    /// `""`, `PAL1W`, REQUEST, client-address, header, body.
    public static func workerRequest(client: Data, header: Data, body: Data) -> [Data] {
        [empty, workerTag, command(Wire.WorkerCommand.request), client, header, body]
    }

    /// `""`, `PAL1W`, REPLY, client-address, header, body.
    public static func workerReply(client: Data, header: Data, body: Data) -> [Data] {
        [empty, workerTag, command(Wire.WorkerCommand.reply), client, header, body]
    }

    public static let heartbeat: [Data] = [empty, workerTag, command(.heartbeat)]
    public static let disconnect: [Data] = [empty, workerTag, command(.disconnect)]

    /// Text of a frame if it is valid UTF-8.
    public static func string(_ frame: Data) -> String? { String(data: frame, encoding: .utf8) }

    /// A short printable form of a frame for log lines (binary as hex, long frames cut).
    public static func printable(_ frame: Data, limit: Int = 40) -> String {
        let cut = frame.prefix(limit)
        if let s = String(data: cut, encoding: .utf8), s.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) {
            return frame.count > limit ? "\(s)…" : s
        }
        return cut.map { String(format: "%02x", $0) }.joined() + (frame.count > limit ? "…" : "")
    }
}

extension Duration {
    /// Whole milliseconds (rounded down).
    var milliseconds: Int64 {
        let c = components
        return c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000
    }
}
