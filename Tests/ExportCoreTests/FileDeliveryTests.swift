import ExportCore
import Foundation
import Logging
import PalisadeExport
import PalisadeModel
import Testing

@Suite struct FileDeliveryTests {
    let dir = tempDir()

    func setUp(format: String = "records", rotateBytes: Int64? = nil, keep: Int = 5)
        throws -> (ExportStore, FileDelivery, URL)
    {
        let store = try ExportStore(directory: dir)
        let path = dir.appendingPathComponent("out/changes.jsonl")
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        let config = SinkConfig.File(path: path.path, format: format, rotateBytes: rotateBytes, rotateSeconds: nil, keep: keep)
        return (store, FileDelivery(config: config, store: store, context: .empty), path)
    }

    func records(_ range: ClosedRange<Int>) -> [ExportRecord] { range.map { OutboxRecords.finding(finding($0)) } }

    @Test func aWriteThatWasNotCommittedIsCutOffAtRestart() async throws {
        let (store, delivery, path) = try setUp()
        var state = try delivery.recover(try store.ensureSink("archive", startAtHead: false))
        state = try await delivery.deliver(records(1...2), batchID: "b1", state: state, now: Date())
        try store.saveSinkState(state)
        // The next batch is written, then the process dies before its commit.
        _ = try await delivery.deliver(records(3...4), batchID: "b2", state: state, now: Date())
        #expect(try lines(path).count == 4)
        let restarted = try delivery.recover(try store.sinkState("archive"))
        #expect(try lines(path).count == 2)
        _ = try await delivery.deliver(records(3...4), batchID: "b2", state: restarted, now: Date())
        let keys = try lines(path).map { try JSONValue.parse($0)["key"]?.stringValue ?? "" }
        #expect(keys == records(1...4).map(\.key))
    }

    @Test func rotationBySizeKeepsTheNewestFiles() async throws {
        let (store, delivery, path) = try setUp(rotateBytes: 200, keep: 2)
        var state = try delivery.recover(try store.ensureSink("archive", startAtHead: false))
        for i in 1...5 {
            state = try await delivery.deliver(records(i...i), batchID: "b\(i)", state: state, now: Date())
            try store.saveSinkState(state)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: path.deletingLastPathComponent().path).sorted()
        let rotated = names.filter { $0 != "changes.jsonl" }
        #expect(rotated.count == 2, "\(names)")
        #expect(try lines(path).count == 1, "the current file holds the newest record")
        #expect(try store.sinkState("archive").fileRotations == 4)
    }

    @Test func csvFilesStartWithTheHeaderAndTakeOnlyFindings() async throws {
        let (store, delivery, path) = try setUp(format: "csv")
        let state = try delivery.recover(try store.ensureSink("archive", startAtHead: false))
        _ = try await delivery.deliver(records(1...2), batchID: "b1", state: state, now: Date())
        let text = try String(contentsOf: path, encoding: .utf8)
        #expect(text.split(whereSeparator: \.isNewline).count == 3)
        #expect(text.hasPrefix(String(decoding: FindingDocument.header(.csv)!, as: UTF8.self)))
    }
}
