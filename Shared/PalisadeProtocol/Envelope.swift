import Foundation
import PalisadeModel

/// A request addressed to a service by name.
public struct Request: Sendable {
    public var service: String
    public var header: MessageHeader
    public var body: Data

    public init(service: String, header: MessageHeader, body: Data) {
        self.service = service
        self.header = header
        self.body = body
    }
}

/// A reply; `header.error` set means the request failed.
public struct Reply: Sendable {
    public var header: MessageHeader
    public var body: Data

    public init(header: MessageHeader, body: Data) {
        self.header = header
        self.body = body
    }

    public static func failure(to request: MessageHeader, _ error: WireError) -> Reply {
        Reply(header: MessageHeader(correlationID: request.id, type: request.type, error: error), body: Data())
    }
}

/// Frame layout on the wire (docs/protocol.md §2). Frame 0 of every message is the protocol/version
/// tag; the ROUTER identity and empty delimiter are handled by the transport.
public enum Wire {
    public static let clientTag = "PAL1C"
    public static let workerTag = "PAL1W"

    public enum ClientCommand: String, Sendable { case request = "REQUEST", reply = "REPLY" }
    public enum WorkerCommand: String, Sendable {
        case ready = "READY", request = "REQUEST", reply = "REPLY", heartbeat = "HEARTBEAT", disconnect = "DISCONNECT"
    }

    public static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    public static let decoder: JSONDecoder = {
        let d = JSONDecoder.forJSONValues()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    public static func encodeHeader(_ h: MessageHeader) -> Data { (try? encoder.encode(h)) ?? Data("{}".utf8) }

    public static func decodeHeader(_ data: Data) throws -> MessageHeader {
        do { return try decoder.decode(MessageHeader.self, from: data) } catch {
            throw WireError.badRequest("header is not valid JSON of the expected shape: \(error)")
        }
    }
}
