import Foundation
import PalisadeExport

/// One destination's I/O. The runner hands it batches of records the sink's filter took, in outbox order, and
/// commits the sink's cursor only after `deliver` returned.
public protocol SinkDelivery: Sendable {
    /// Startup: make the destination agree with what was committed (a file is cut back to its committed length).
    func recover(_ state: SinkState) throws -> SinkState
    /// Delivers the batch; returns the state to commit with the cursor (a file's new length). `batchID` is stable for
    /// the same records, so a receiver can drop a redelivered batch.
    func deliver(_ records: [ExportRecord], batchID: String, state: SinkState, now: Date) async throws -> SinkState
    /// A batch that will never be delivered (the last attempt failed, or the receiver refused it for good): keep it
    /// somewhere a person can find it. Returns false when this sink has no dead-letter place (then it keeps retrying).
    func deadLetter(_ records: [ExportRecord], batchID: String, reason: String, now: Date) throws -> Bool
    /// Releases connections.
    func close()
}

/// Why a delivery failed, and whether trying again can help.
public struct DeliveryFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// False: the receiver refused this batch for good (e.g. HTTP 400); it goes to the dead-letter file at once.
    public var retryable: Bool
    /// The receiver asked for this pause (Retry-After).
    public var retryAfter: Duration?

    public init(_ message: String, retryable: Bool = true, retryAfter: Duration? = nil) {
        self.message = message
        self.retryable = retryable
        self.retryAfter = retryAfter
    }

    public var description: String { message }
}

/// What the export database keeps per sink (table `sink_state`).
public struct SinkState: Sendable, Hashable {
    public var name: String
    /// Last outbox seq delivered (or filtered out).
    public var cursor: Int64 = 0
    public var delivered: Int64 = 0
    /// Failed attempts of the current batch.
    public var attempts: Int = 0
    public var lastError: String?
    public var lastErrorAt: Date?
    public var lastSuccessAt: Date?
    public var nextAttemptAt: Date?
    public var deadLettered: Int64 = 0
    /// A snapshot in progress: when it started and the last finding id sent; `snapshotDone` when the last one ended.
    public var snapshotStarted: Date?
    public var snapshotAfter: String?
    public var snapshotDone: Date?
    /// File sinks: committed length of the current file, when it was opened, rotations so far, and a rotation
    /// whose rename may not have happened yet (the name the current file must be moved to).
    public var fileLength: Int64 = 0
    public var fileOpened: Date?
    public var fileRotations: Int = 0
    public var filePendingRename: String?

    public init(name: String) { self.name = name }
}
