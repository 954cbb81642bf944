/// What is known about a request: condition keys (case-insensitive) and their values.
/// Keys that are absent are *unknown*, not "missing from the request": conditions over them cannot
/// be decided, so statements that carry them are treated as conditional.
public struct RequestContext: Sendable, Hashable {
    var values: [String: [String]]

    public init(_ values: [String: [String]] = [:]) {
        self.values = Dictionary(values.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, b in a + b })
    }

    public subscript(key: String) -> [String]? { values[key.lowercased()] }

    /// This context with `other`'s keys added (its values win for keys both hold).
    public func merging(_ other: RequestContext) -> RequestContext {
        var out = self
        for (k, v) in other.values { out.values[k] = v }
        return out
    }

    /// Whether the context holds the key (with values, or as known-absent).
    public func has(_ key: String) -> Bool { values[key.lowercased()] != nil }

    /// This context with `key` set (replacing any value).
    public func setting(_ key: String, _ value: [String]) -> RequestContext {
        var out = self
        out.values[key.lowercased()] = value
        return out
    }

    /// Adds `other`'s keys in place (its values win).
    mutating func merge(_ other: RequestContext) {
        for (k, v) in other.values { values[k] = v }
    }

    /// Sets `key` — already lower-case — unless the context holds it; true when it was set. In place: a decision's
    /// context is built once per principal × action × resource, and a copy per key was most of that.
    @discardableResult
    mutating func setIfAbsent(lowercased key: String, _ value: @autoclosure () -> [String]) -> Bool {
        guard values[key] == nil else { return false }
        values[key] = value()
        return true
    }
}
