import Foundation
import GRDB
import PalisadeModel
import PalisadeStore
import Testing

@Suite struct EventLogTests {
    func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("palisade-store-\(UUID().uuidString)")
    }

    @Test func eventsAppendInOrderAndSurviveReopen() throws {
        let dir = tempDir()
        do {
            let store = try Store(directory: dir, name: "t", migrations: [EventLog.migration])
            try store.write { db in
                try EventLog.append(db, type: "a", payload: ["n": 1] as JSONValue)
                try EventLog.append(db, type: "b", payload: ["n": 2] as JSONValue)
            }
        }
        let store = try Store(directory: dir, name: "t", migrations: [EventLog.migration])
        let events = try store.read { try EventLog.read($0, after: 0, limit: 10) }
        #expect(events.map(\.type) == ["a", "b"])
        #expect(events[1].payload["n"]?.intValue == 2)
        #expect(try store.read { try EventLog.read($0, after: 1, limit: 10) }.map(\.seq) == [2])
        #expect(try store.read { try EventLog.head($0) } == 2)
    }

    @Test func aRolledBackTransactionLeavesCursorAndEventsUntouched() throws {
        let store = try Store(directory: tempDir(), name: "t", migrations: [EventLog.migration, ConsumerCursor.migration])
        try store.write { try ConsumerCursor.save($0, name: "c", seq: 5, lastScanID: "s1") }
        struct Crash: Error {}
        #expect(throws: Crash.self) {
            try store.write { db in
                try ConsumerCursor.save(db, name: "c", seq: 9, lastScanID: "s2")
                try EventLog.append(db, type: "x", payload: ["n": 1] as JSONValue)
                throw Crash()
            }
        }
        let c = try store.read { try ConsumerCursor.load($0, name: "c") }
        #expect(c.seq == 5 && c.lastScanID == "s1")
        #expect(try store.read { try EventLog.head($0) } == 0)
    }

    @Test func walModeIsOn() throws {
        let store = try Store(directory: tempDir(), name: "t", migrations: [])
        let mode = try store.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}
