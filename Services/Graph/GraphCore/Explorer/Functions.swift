/// The closed vocabulary of built-in functions (docs/explorer.md § Functions).
enum Functions {
    static let aggregates: Set<String> = Set(Aggregate.allCases.map(\.rawValue))

    enum Aggregate: String, CaseIterable, Sendable { case count, collect, sum, min, max, avg }

    enum Scalar: String, CaseIterable, Sendable {
        case id, labels, type, properties, keys, size, length, nodes, relationships, startnode, endnode
        case head, last, tail, coalesce, exists, tolower, toupper, tostring, tointeger, tofloat, trim, abs
        case split, replace

        var arity: ClosedRange<Int> {
            switch self {
            case .coalesce: 1...16
            case .split: 2...2
            case .replace: 3...3
            default: 1...1
            }
        }

        var arityText: String {
            switch self {
            case .coalesce: "1 to 16 arguments"
            case .split: "2 arguments"
            case .replace: "3 arguments"
            default: "one argument"
            }
        }
    }
}
