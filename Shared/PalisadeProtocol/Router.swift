import Foundation

/// Dispatches requests by header type to typed handlers; undecodable or unknown requests get an error reply.
public struct Router: RequestHandler {
    public typealias Handler = @Sendable (Request) async -> Reply
    private var routes: [String: Handler] = [:]

    public init() {}

    /// Registers a typed handler. Thrown `WireError`s become error replies as they are; any other error
    /// becomes `service.internal`.
    public mutating func on<M: BusMessage>(
        _ type: M.Type, _ body: @escaping @Sendable (M, MessageHeader) async throws -> M.Response
    ) {
        on(type, decode: { try Wire.decoder.decode(M.self, from: $0) }, body)
    }

    /// Registers a typed handler whose request body is read by `decode` instead of `Wire.decoder` — for a message a
    /// service receives in bulk (the assessor's ingest batches), where a hand-written reader of the same JSON is many
    /// times faster. `decode` must accept exactly what `Wire.decoder` would (fall back to it to report a problem).
    public mutating func on<M: BusMessage>(
        _ type: M.Type, decode: @escaping @Sendable (Data) throws -> M,
        _ body: @escaping @Sendable (M, MessageHeader) async throws -> M.Response
    ) {
        routes[M.type] = { request in
            let message: M
            do { message = try decode(request.body) } catch {
                return .failure(to: request.header, .badRequest("body of \(M.type) did not decode: \(error)"))
            }
            do {
                let response = try await body(message, request.header)
                let data = try Wire.encoder.encode(response)
                return Reply(header: MessageHeader(correlationID: request.header.id, type: M.type), body: data)
            } catch let e as WireError {
                return .failure(to: request.header, e)
            } catch {
                return .failure(to: request.header, .internalError("\(error)"))
            }
        }
    }

    /// Registers a handler that returns its reply body already encoded — the JSON `Wire.encoder` would make of an
    /// `M.Response` — for a reply a service sends in bulk from bytes it already holds (the assessor's event pages,
    /// whose payloads are stored as JSON). Readers decode it as `M.Response` as usual.
    public mutating func on<M: BusMessage>(
        _ type: M.Type, decode: @escaping @Sendable (Data) throws -> M = { try Wire.decoder.decode(M.self, from: $0) },
        encodedReply body: @escaping @Sendable (M, MessageHeader) async throws -> Data
    ) {
        routes[M.type] = { request in
            let message: M
            do { message = try decode(request.body) } catch {
                return .failure(to: request.header, .badRequest("body of \(M.type) did not decode: \(error)"))
            }
            do {
                let data = try await body(message, request.header)
                return Reply(header: MessageHeader(correlationID: request.header.id, type: M.type), body: data)
            } catch let e as WireError {
                return .failure(to: request.header, e)
            } catch {
                return .failure(to: request.header, .internalError("\(error)"))
            }
        }
    }

    public var types: [String] { routes.keys.sorted() }

    public func handle(_ request: Request) async -> Reply {
        guard let route = routes[request.header.type] else {
            return .failure(to: request.header, .unknownType(request.header.type))
        }
        return await route(request)
    }
}
