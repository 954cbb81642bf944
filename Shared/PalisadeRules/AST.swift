/// The parsed form of a check expression, before compilation.
indirect enum Node: Sendable {
    case literal(Value, SourceLocation)
    case list([Node], SourceLocation)
    /// `{"key": expr, ...}`: keys are string literals.
    case object([(String, Node)], SourceLocation)
    case identifier(String, SourceLocation)
    case member(Node, String, SourceLocation)
    case index(Node, Node, SourceLocation)
    /// `f(args)` or, with a receiver, `recv.f(args)` (the receiver becomes the first argument).
    case call(String, receiver: Node?, [Node], SourceLocation)
    case unary(UnaryOp, Node, SourceLocation)
    case binary(BinaryOp, Node, Node, SourceLocation)

    var location: SourceLocation {
        switch self {
        case .literal(_, let l), .list(_, let l), .object(_, let l), .identifier(_, let l), .member(_, _, let l), .index(_, _, let l),
            .call(_, _, _, let l), .unary(_, _, let l), .binary(_, _, _, let l):
            l
        }
    }
}

enum UnaryOp: Sendable { case not, negate }

enum BinaryOp: String, Sendable {
    case and = "&&", or = "||"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case `in` = "in"
}
