import Foundation
import PalisadeModel

/// The closed vocabulary of functions. Every function may be called as `f(a, b)` or as a method `a.f(b)`.
/// Unless noted, an unknown argument makes the result unknown (handled by the compiler before the call).
struct Builtin: Sendable {
    var arity: ClosedRange<Int>
    var impl: @Sendable (Args, SourceLocation, Subject) throws(EvalError) -> Value
}

/// A builtin's evaluated arguments, in stack memory owned by the call (no heap list per call).
struct Args {
    let values: UnsafeMutableBufferPointer<Value>
    subscript(i: Int) -> Value { values[i] }
    var count: Int { values.count }
}

enum Builtins {
    /// Functions whose result depends on *now*: checks using them are re-evaluated on every assessment.
    static let clockFunctions: Set<String> = ["days_since"]

    static let table: [String: Builtin] = {
        var t: [String: Builtin] = [
            "size": Builtin(arity: 1...1) { a, at, _ throws(EvalError) in
                switch a[0] {
                case .string(let s): return .number(Double(s.count))
                case .list(let l): return .number(Double(l.count))
                case .resources(let r): return .number(Double(r.count))
                case .object(let o): return .number(Double(o.count))
                case .null: return .number(0)
                case let v: throw EvalError("'size' expects a list, string or object, got a \(v.typeName)", at: at)
                }
            },
            /// `as_list(x)`: a list as it is, null as the empty list, anything else as a one-element list — for
            /// JSON that writes one item bare and several as a list (a policy's `Statement`, `Action`, `Principal.AWS`).
            "as_list": Builtin(arity: 1...1) { a, at, _ throws(EvalError) in
                switch a[0] {
                case .list, .resources: return a[0]
                case .null: return .list([])
                case let v:
                    guard let j = v.json else { throw EvalError("'as_list' cannot hold a \(v.typeName)", at: at) }
                    return .list([j])
                }
            },
            "startsWith": strings2("startsWith") { $0.hasPrefix($1) },
            "endsWith": strings2("endsWith") { $0.hasSuffix($1) },
            "contains": Builtin(arity: 2...2) { a, at, frame throws(EvalError) in
                switch (a[0], a[1]) {
                case (.string(let s), .string(let sub)): return .bool(s.contains(sub))
                case (.null, _): return .bool(false)
                case (.list(let list), _):
                    frame.noteMembership(a[1], list)
                    return try Ops.contains(a[0], a[1], at: at)
                default:
                    throw EvalError("'contains' expects (string, string) or (list, value), got (\(a[0].typeName), \(a[1].typeName))", at: at)
                }
            },
            "matches": Builtin(arity: 2...2) { a, at, _ throws(EvalError) in
                guard case .string(let s) = a[0], case .string(let pattern) = a[1] else {
                    throw EvalError("'matches' expects (string, regex string), got (\(a[0].typeName), \(a[1].typeName))", at: at)
                }
                let regex: CompiledRegex
                do throws(RuleError) { regex = try compileRegex(pattern, at: at) } catch {
                    throw EvalError(error.message, at: at)
                }
                return .bool(regex.matches(s))
            },
            "lower": string1("lower") { .string($0.lowercased()) },
            "upper": string1("upper") { .string($0.uppercased()) },
            "days_since": Builtin(arity: 1...1) { a, at, frame throws(EvalError) in
                switch a[0] {
                case .null: return .null
                case .string(let s):
                    guard let date = parseDate(s) else {
                        throw EvalError("'days_since' expects an ISO 8601 date, got \"\(s)\"", at: at)
                    }
                    frame.noteClockRead(date)
                    return .number(frame.now.timeIntervalSince(date) / 86_400)
                case let v: throw EvalError("'days_since' expects a date string, got a \(v.typeName)", at: at)
                }
            },
        ]
        for (name, b) in Network.builtins { t[name] = b }
        for (name, b) in IAMBuiltins.builtins { t[name] = b }
        for (name, b) in EscalationBuiltins.builtins { t[name] = b }
        return t
    }()

    static func strings2(_ name: String, _ f: @escaping @Sendable (String, String) -> Bool) -> Builtin {
        Builtin(arity: 2...2) { a, at, _ throws(EvalError) in
            switch (a[0], a[1]) {
            case (.string(let s), .string(let t)): return .bool(f(s, t))
            case (.null, .string): return .bool(false)
            default: throw EvalError("'\(name)' expects (string, string), got (\(a[0].typeName), \(a[1].typeName))", at: at)
            }
        }
    }

    static func string1(_ name: String, _ f: @escaping @Sendable (String) -> Value) -> Builtin {
        Builtin(arity: 1...1) { a, at, _ throws(EvalError) in
            switch a[0] {
            case .string(let s): return f(s)
            case .null: return .null
            case let v: throw EvalError("'\(name)' expects a string, got a \(v.typeName)", at: at)
            }
        }
    }

    /// ISO 8601 with or without fractional seconds and a `Z` or numeric offset, or a plain `YYYY-MM-DD`
    /// (`ISODate`). Impossible dates (30 February, hour 24) and dates without a zone are refused: an unreadable
    /// date makes the check `error`, never a guess.
    static func parseDate(_ s: String) -> Date? { ISODate.parse(s) }

    static func compileRegex(_ pattern: String, at: SourceLocation) throws(RuleError) -> CompiledRegex {
        do { return CompiledRegex(try NSRegularExpression(pattern: pattern)) } catch {
            throw RuleError(code: "rules.semantic", message: "invalid regular expression \"\(pattern)\": \(error.localizedDescription)",
                            location: at)
        }
    }
}

/// A regex compiled once at load. NSRegularExpression is immutable and safe to share across threads, but slow on
/// Linux (each match bridges the string); the same strings recur across an estate (CIDRs, runtimes, ARN shapes),
/// so results are remembered.
struct CompiledRegex: Sendable {
    private let regex: Shared
    private let memo = Memo<Bool>()

    private final class Shared: @unchecked Sendable {
        let regex: NSRegularExpression
        init(_ regex: NSRegularExpression) { self.regex = regex }
    }

    init(_ regex: NSRegularExpression) { self.regex = Shared(regex) }

    /// True when the pattern matches anywhere in `s` (anchor with ^...$ for a full match).
    func matches(_ s: String) -> Bool {
        memo.value(for: s) { s in regex.regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil }
    }
}
