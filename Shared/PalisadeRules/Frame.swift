import Foundation
import PalisadeModel

/// The mutable state of one evaluation: the resource, its related resources, the clock, macro variables.
final class Frame {
    let resource: Resource
    let properties: [String: JSONValue]
    let related: [String: Value]
    let now: Date
    var locals: [Value]

    init(resource: Resource, related: [String: Value], now: Date, localCount: Int) {
        self.resource = resource
        self.properties = resource.properties.objectValue ?? [:]
        self.related = related
        self.now = now
        self.locals = Array(repeating: .null, count: localCount)
    }

    func property(_ key: String) -> Value {
        if let reason = resource.unknown[key] { return .unknown("\(key) is unknown: \(reason)") }
        return properties[key].map(Value.init) ?? .null
    }
}

/// A compiled expression node: evaluates against a frame.
typealias Eval = @Sendable (Frame) throws(EvalError) -> Value
