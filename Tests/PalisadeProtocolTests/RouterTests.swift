import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

struct Echo: BusMessage {
    static let service = "echo"
    static let type = "echo.say"
    typealias Response = Acknowledged
    var text: String
}

@Suite struct RouterTests {
    func bus() -> InProcessBus {
        var router = Router()
        router.on(Echo.self) { msg, _ in
            if msg.text == "boom" { throw WireError(code: "echo.boom", message: "asked to fail") }
            return Acknowledged(ok: !msg.text.isEmpty)
        }
        let bus = InProcessBus()
        bus.register("echo", router)
        return bus
    }

    @Test func typedCallRoundTrips() async throws {
        let ack = try await bus().call(Echo(text: "hi"))
        #expect(ack.ok)
    }

    @Test func unknownTypeGetsAnErrorReply() async throws {
        let reply = try await bus().send(
            Request(service: "echo", header: MessageHeader(type: "echo.nope"), body: Data("{}".utf8)),
            timeout: .seconds(1))
        #expect(reply.header.error?.code == "protocol.type.unknown")
    }

    @Test func malformedBodyGetsAnErrorReply() async throws {
        let reply = try await bus().send(
            Request(service: "echo", header: MessageHeader(type: Echo.type), body: Data("not json".utf8)),
            timeout: .seconds(1))
        #expect(reply.header.error?.code == "protocol.request.invalid")
    }

    @Test func handlerErrorsKeepTheirCode() async throws {
        await #expect(throws: WireError(code: "echo.boom", message: "asked to fail")) {
            _ = try await bus().call(Echo(text: "boom"), retry: .none)
        }
    }

    @Test func backoffDoublesAndCaps() {
        let p = RetryPolicy(attempts: 8, initialBackoff: .seconds(1), maxBackoff: .seconds(32))
        #expect((1...8).map { p.backoff(beforeAttempt: $0) }
            == [.zero, .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(32), .seconds(32)])
    }

    @Test func headerIgnoresUnknownKeys() throws {
        let json = #"{"id":"1","type":"x","schemaVersion":1,"attempt":1,"futureKey":{"a":1}}"#
        let h = try Wire.decodeHeader(Data(json.utf8))
        #expect(h.type == "x")
    }
}
