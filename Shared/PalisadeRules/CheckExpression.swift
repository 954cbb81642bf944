import Foundation
import PalisadeModel

/// What a check's assertion (or applicability) says about one resource.
public enum Outcome: Sendable, Hashable {
    case pass
    case fail
    /// The expression could not be decided: an unknown property, a type error. The reason says which.
    case error(String)
}

/// A check expression compiled once (to a closure tree with pre-split paths and pre-compiled regexes),
/// then evaluated per resource.
public struct CheckExpression: Sendable {
    public let source: String
    /// The source on one line, runs of whitespace collapsed: for reasons.
    public let condensedSource: String
    /// `related.<name>` relations the expression reads; the caller resolves them before evaluating.
    public let relatedNames: Set<String>
    /// Reads the clock (`days_since`): the result may change with time alone.
    public let usesClock: Bool
    private let root: Eval

    /// Compiles `source`. `origin` is where its first character sits in the check file;
    /// `continuationColumn` is the column where continuation lines start (block scalars).
    public init(_ source: String, origin: SourceLocation = SourceLocation(line: 1, column: 1),
                continuationColumn: Int? = nil) throws(RuleError) {
        let ast = try Parser.parse(source, origin: origin, continuationColumn: continuationColumn)
        var compiler = Compiler()
        root = try compiler.compile(ast)
        relatedNames = compiler.relatedNames
        usesClock = compiler.usesClock
        self.source = source
        self.condensedSource = source.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// The raw value of the expression for `resource` (unknown stays `.unknown`), or the run-time error.
    public func value(for resource: Resource, related: [String: Value] = [:], now: Date) -> Result<Value, EvalError> {
        value(in: Subject(resource: resource, related: related, now: now))
    }

    /// The raw value of the expression for the subject's resource.
    public func value(in subject: Subject) -> Result<Value, EvalError> {
        do { return .success(try root(subject)) } catch { return .failure(error) }
    }

    /// true → pass, false → fail, unknown → error with its reason, a run-time error or a non-bool → error.
    public func evaluate(_ resource: Resource, related: [String: Value] = [:], now: Date) -> Outcome {
        evaluate(Subject(resource: resource, related: related, now: now))
    }

    /// As `evaluate(_:related:now:)`, on a subject shared by all the checks of one resource.
    public func evaluate(_ subject: Subject) -> Outcome {
        switch value(in: subject) {
        case .success(.bool(true)): .pass
        case .success(.bool(false)): .fail
        case .success(.unknown(let reason)): .error(reason)
        case .success(let other): .error("expression evaluated to a \(other.typeName), expected a bool")
        case .failure(let e): .error(e.description)
        }
    }
}
