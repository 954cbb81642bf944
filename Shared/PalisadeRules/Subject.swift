import Foundation
import PalisadeIAM
import PalisadeModel

/// One resource under assessment: what every check on it reads. Build it once per resource and evaluate all of
/// that resource's checks against it, so the property map, the related resources and the scratch space for list
/// variables are set up once, and values a check derives from the resource (parsed policy documents) are derived
/// once. Not thread-safe: one subject per evaluating thread.
public final class Subject {
    public let resource: Resource
    let properties: [String: JSONValue]
    let related: [String: Value]
    let now: Date
    /// Values of list-macro variables, by slot (nesting depth; the compiler refuses deeper than `maxLocals`).
    /// Scratch memory behind `let` pointers, not stored `var`s: every read and write of a class's stored `var` pays
    /// a run-time exclusivity check, and these are touched for every list element and every comparison.
    let locals: UnsafeMutablePointer<Value>
    static let maxLocals = 16
    /// Per-resource scratch state, in one allocation.
    struct Scratch {
        /// Non-nil while evaluating a check that reads the clock (see `ClockTrace`).
        var trace: ClockTrace?
        /// Policy documents already parsed for this resource's checks (several checks read the same policy). A short
        /// list, not a dictionary: hashing a document costs about as much as parsing it, while comparing it with
        /// the same document read again is a storage-identity check.
        var policyDocuments: [(json: JSONValue, document: PolicyDocument)] = []
        /// Outcomes of applicability conditions several checks share, by their key.
        var sharedOutcomes: [(key: Int, outcome: Outcome)] = []
    }

    let scratch: UnsafeMutablePointer<Scratch>
    /// The connector could not read some property (most resources: false, so the unknown map is not consulted).
    let anyUnknown: Bool

    public init(resource: Resource, related: [String: Value] = [:], now: Date) {
        self.resource = resource
        self.properties = resource.properties.objectValue ?? [:]
        self.related = related
        self.now = now
        self.anyUnknown = !resource.unknown.isEmpty
        locals = .allocate(capacity: Self.maxLocals)
        locals.initialize(repeating: .null, count: Self.maxLocals)
        scratch = .allocate(capacity: 1)
        scratch.initialize(to: Scratch())
    }

    deinit {
        locals.deinitialize(count: Self.maxLocals)
        locals.deallocate()
        scratch.deinitialize(count: 1)
        scratch.deallocate()
    }

    /// Evaluates `body` noting the dates `days_since` reads and the numbers compared; returns its result and when
    /// that result can next change with time alone (nil: it cannot).
    public func tracingClock<R>(_ body: () -> R) -> (R, Date?) {
        scratch.pointee.trace = ClockTrace()
        defer { scratch.pointee.trace = nil }
        let result = body()
        return (result, scratch.pointee.trace?.nextChange(after: now))
    }

    @inline(__always) func noteCompared(_ a: Value, _ b: Value) {
        guard scratch.pointee.trace != nil else { return }
        if case .number(let x) = a { scratch.pointee.trace!.numbers.append(x) }
        if case .number(let y) = b { scratch.pointee.trace!.numbers.append(y) }
    }

    /// `item in values`: a number looked up among numbers is compared with each of them.
    func noteMembership(_ item: Value, _ values: some Sequence<JSONValue>) {
        guard scratch.pointee.trace != nil, case .number(let x) = item else { return }
        scratch.pointee.trace!.numbers.append(x)
        for case .number(let y) in values { scratch.pointee.trace!.numbers.append(y) }
    }

    /// The outcome of a condition several checks share (`key`), evaluated once per resource.
    public func sharedOutcome(_ key: Int, _ evaluate: () -> Outcome) -> Outcome {
        if let known = scratch.pointee.sharedOutcomes.first(where: { $0.key == key }) { return known.outcome }
        let outcome = evaluate()
        scratch.pointee.sharedOutcomes.append((key, outcome))
        return outcome
    }

    func noteClockRead(_ date: Date) { scratch.pointee.trace?.dates.append(date) }
}

/// A compiled expression node: evaluates against the subject.
typealias Eval = @Sendable (Subject) throws(EvalError) -> Value
