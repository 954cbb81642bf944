import ExportCore
import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

@Suite struct ExportConsumerTests {
    let dir = tempDir()

    func make() throws -> ExportConsumer {
        let c = ExportConsumer(store: try ExportStore(directory: dir), directory: dir, logger: Logger(label: "t"))
        try c.recover()
        return c
    }

    @Test func appendsEachVersionOnceToBothSinks() async throws {
        var log = Log()
        try log.append(finding(1))
        try log.append(finding(2))
        try log.append(finding(1))                       // duplicate (same id, version)
        try log.append(finding(1, version: 2, status: .pass, lifecycle: .resolved))
        let consumer = try make()
        try await consumer.apply(log.after(0))
        let jsonl = try lines(consumer.sinkURLs[0])
        let ocsf = try lines(consumer.sinkURLs[1])
        #expect(jsonl.count == 3 && ocsf.count == 3)
        let decoded = try jsonl.map { try Wire.decoder.decode(Finding.self, from: Data($0.utf8)) }
        #expect(decoded.map(\.version) == [1, 1, 2])
        #expect(try JSONValue.parse(ocsf[2])["activity_name"] == "Close")

        // Replay the whole log twice (redelivery, then a fresh process on the same data): no new lines.
        try await consumer.apply(log.after(0))
        try await make().apply(log.after(0))
        #expect(try lines(consumer.sinkURLs[0]) == jsonl)
        #expect(try lines(consumer.sinkURLs[1]) == ocsf)
        #expect(try consumer.cursor() == 4)

        // A stale version arriving late is not exported.
        try log.append(finding(1, version: 1))
        try await consumer.apply(log.after(4))
        #expect(try lines(consumer.sinkURLs[0]).count == 3)
        #expect(try consumer.cursor() == 5)
    }

    @Test func crashBetweenWriteAndCommitDoesNotDuplicate() async throws {
        var log = Log()
        try log.append(finding(1))
        let consumer = try make()
        try await consumer.apply(log.after(0))
        let committedJSONL = try Data(contentsOf: consumer.sinkURLs[0])

        // Simulate a crash: the next page's lines reach the files, the commit never happens.
        try log.append(finding(2))
        let pending = Data((String(decoding: try Wire.encoder.encode(finding(2)), as: UTF8.self) + "\n").utf8)
        for url in consumer.sinkURLs {
            let h = try FileHandle(forWritingTo: url)
            _ = try h.seekToEnd()
            try h.write(contentsOf: pending)
            try h.close()
        }
        #expect(try lines(consumer.sinkURLs[0]).count == 2)
        #expect(try consumer.cursor() == 1)

        // Restart: files are cut back to the committed length, then the page is redelivered.
        let restarted = try make()
        #expect(try Data(contentsOf: restarted.sinkURLs[0]) == committedJSONL)
        try await restarted.apply(log.after(try restarted.cursor()))
        let after = try lines(restarted.sinkURLs[0])
        #expect(after.count == 2)
        #expect(try after.map { try Wire.decoder.decode(Finding.self, from: Data($0.utf8)).id }
                == [finding(1).id, finding(2).id])
        #expect(try lines(restarted.sinkURLs[1]).count == 2)
    }

    @Test func sinkShorterThanCommittedIsAnError() async throws {
        var log = Log()
        try log.append(finding(1))
        let consumer = try make()
        try await consumer.apply(log.after(0))
        try Data().write(to: consumer.sinkURLs[0])
        let e = #expect(throws: ExportError.self) { try consumer.recover() }
        #expect(e?.code == "export.sink.short")
    }

    @Test func exportFindingsWritesAtomicallyAndFilters() async throws {
        var log = Log()
        try log.append(finding(1))
        try log.append(finding(2, status: .pass))
        try log.append(finding(3, status: .muted))
        let store = try ExportStore(directory: dir)
        let consumer = ExportConsumer(store: store, directory: dir, logger: Logger(label: "t"))
        try await consumer.apply(log.after(0))

        let bus = InProcessBus()
        bus.register(ServiceName.export, ExportHandlers.router(store: store))
        let out = dir.appendingPathComponent("out.ocsf.jsonl").path
        let all = try await bus.call(ExportFindings(format: .ocsf, path: out), retry: .none)
        #expect(all.count == 3 && all.path == out)
        #expect(try lines(URL(fileURLWithPath: out)).count == 3)
        let failing = try await bus.call(ExportFindings(format: .jsonl, path: out, status: .fail), retry: .none)
        #expect(failing.count == 1)
        let only = try lines(URL(fileURLWithPath: out))
        #expect(only.count == 1)
        #expect(try Wire.decoder.decode(Finding.self, from: Data(only[0].utf8)).id == finding(1).id)
        // No temp files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
        #expect(try await bus.call(ExportPositionQuery(), retry: .none).cursor == 3)
    }

    @Test(arguments: ["", "relative/out.jsonl", "/no/such/dir/out.jsonl", "/tmp/"])
    func badPathsAreRejectedClearly(path: String) async throws {
        let store = try ExportStore(directory: dir)
        let bus = InProcessBus()
        bus.register(ServiceName.export, ExportHandlers.router(store: store))
        let e = await #expect(throws: WireError.self) {
            try await bus.call(ExportFindings(format: .jsonl, path: path), retry: .none)
        }
        #expect(e?.code == "export.path.invalid")
        #expect(e?.message.isEmpty == false)
    }
}
