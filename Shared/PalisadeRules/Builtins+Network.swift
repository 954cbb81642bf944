import PalisadeModel

/// Network functions: CIDR exposure and containment, port ranges.
enum Network {
    static let builtins: [String: Builtin] = [
        /// `cidr_is_public(cidr)`: the range contains at least one public address (see `IPRange.isPublic`).
        "cidr_is_public": Builtin(arity: 1...1) { a, at, _ throws(EvalError) in
            .bool(try range(a[0], "cidr_is_public", at).isPublic)
        },
        /// `cidr_contains(cidr, ipOrCidr)`: the second address or range lies wholly inside the first.
        "cidr_contains": Builtin(arity: 2...2) { a, at, _ throws(EvalError) in
            .bool(try range(a[0], "cidr_contains", at).contains(try range(a[1], "cidr_contains", at)))
        },
        /// `port_in_range(port, from, to)`: null `from` or `to` means all ports. `port` may be a list of ports:
        /// true when any of them is in the range.
        "port_in_range": Builtin(arity: 3...3) { a, at, _ throws(EvalError) in
            var ports: [Double] = []
            switch a[0] {
            case .number(let port): ports = [port]
            case .list(let items):
                for item in items {
                    guard case .number(let port) = item else {
                        throw EvalError("'port_in_range' expects a list of number ports, found a \(Value(item).typeName)", at: at)
                    }
                    ports.append(port)
                }
            default: throw EvalError("'port_in_range' expects a number port or a list of them, got a \(a[0].typeName)", at: at)
            }
            switch (a[1], a[2]) {
            case (.null, _), (_, .null): return .bool(!ports.isEmpty)
            case (.number(let from), .number(let to)): return .bool(ports.contains { from <= $0 && $0 <= to })
            default:
                throw EvalError("'port_in_range' expects numbers or null for from/to, got (\(a[1].typeName), \(a[2].typeName))",
                                at: at)
            }
        },
    ]

    /// Parsed ranges: the same few CIDRs (`0.0.0.0/0`, `10.0.0.0/8`) recur in every security group.
    private static let parsed = Memo<IPRange?>()

    private static func range(_ v: Value, _ name: String, _ at: SourceLocation) throws(EvalError) -> IPRange {
        guard case .string(let s) = v else { throw EvalError("'\(name)' expects a CIDR string, got a \(v.typeName)", at: at) }
        guard let r = parsed.value(for: s, IPRange.init) else { throw EvalError("'\(name)': \"\(s)\" is not a valid IP address or CIDR", at: at) }
        return r
    }
}
