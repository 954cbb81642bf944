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
    /// Values of list-macro variables, by slot (grown to the largest expression evaluated).
    var locals: [Value] = []
    /// Set while evaluating a check that reads the clock (see `ClockTrace`).
    var clockTrace: ClockTrace?
    /// Policy documents already parsed for this resource's checks (several checks read the same policy).
    var policyDocuments: [JSONValue: PolicyDocument] = [:]
    /// The connector could not read some property (most resources: false, so the unknown map is not consulted).
    let anyUnknown: Bool

    public init(resource: Resource, related: [String: Value] = [:], now: Date) {
        self.resource = resource
        self.properties = resource.properties.objectValue ?? [:]
        self.related = related
        self.now = now
        self.anyUnknown = !resource.unknown.isEmpty
    }

    func property(_ key: String) -> Value {
        if anyUnknown, let reason = resource.unknown[key] { return .unknown("\(key) is unknown: \(reason)") }
        return properties[key].map(Value.init) ?? .null
    }

    /// Evaluates `body` noting the dates `days_since` reads and the numbers compared; returns its result and when
    /// that result can next change with time alone (nil: it cannot).
    public func tracingClock<R>(_ body: () -> R) -> (R, Date?) {
        clockTrace = ClockTrace()
        defer { clockTrace = nil }
        let result = body()
        return (result, clockTrace?.nextChange(after: now))
    }

    @inline(__always) func noteCompared(_ a: Value, _ b: Value) {
        guard clockTrace != nil else { return }
        if case .number(let x) = a { clockTrace!.numbers.append(x) }
        if case .number(let y) = b { clockTrace!.numbers.append(y) }
    }

    func noteCompared(_ values: some Sequence<JSONValue>) {
        guard clockTrace != nil else { return }
        for case .number(let x) in values { clockTrace!.numbers.append(x) }
    }

    func noteClockRead(_ date: Date) { clockTrace?.dates.append(date) }

    /// Makes room for `count` list variables.
    func reserveLocals(_ count: Int) {
        if locals.count < count { locals.append(contentsOf: repeatElement(.null, count: count - locals.count)) }
    }
}

/// A compiled expression node: evaluates against the subject.
typealias Eval = @Sendable (Subject) throws(EvalError) -> Value
