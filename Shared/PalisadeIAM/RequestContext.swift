/// What is known about a request: condition keys (case-insensitive) and their values.
/// Keys that are absent are *unknown*, not "missing from the request": conditions over them cannot
/// be decided, so statements that carry them are treated as conditional.
public struct RequestContext: Sendable, Hashable {
    var values: [String: [String]]

    public init(_ values: [String: [String]] = [:]) {
        self.values = Dictionary(values.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, b in a + b })
    }

    public subscript(key: String) -> [String]? { values[key.lowercased()] }
}
