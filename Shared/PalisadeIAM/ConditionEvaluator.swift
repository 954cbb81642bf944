import Foundation
import PalisadeModel

/// Three-valued evaluation of a statement's Condition block against a `RequestContext`.
///
/// Semantics (AWS's, where the configuration can decide them):
/// - a key the context does not hold is **unknown** (the clause cannot be decided); a key held with no values
///   (`[]`) is known to be **absent** from the request: `...IfExists` and `ForAllValues:` then hold, `Null true`
///   holds, every other operator fails;
/// - negated operators (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, `DateNotEquals`, …) are the negation of
///   the positive test over all values;
/// - `Bool` compares `true`/`false` case-insensitively; `Null` tests presence;
/// - `Date*` operators compare ISO 8601 timestamps (`2026-01-01T00:00:00Z`, or a bare date) or epoch seconds;
///   `EffectiveAccess` puts the evaluation time in `aws:CurrentTime` / `aws:EpochTime`, so a statement that only
///   applies before or after a date is decided against now;
/// - an operator the evaluator does not know makes the clause unknown, never true or false.
enum ConditionEvaluator {
    enum Truth { case `true`, `false`, unknown }

    /// All clauses must hold: any false → false, else any unknown → unknown, else true.
    static func evaluate(_ clauses: [ConditionClause], context: RequestContext) -> Truth {
        var sawUnknown = false
        for clause in clauses {
            switch evaluate(clause, context: context) {
            case .false: return .false
            case .unknown: sawUnknown = true
            case .true: break
            }
        }
        return sawUnknown ? .unknown : .true
    }

    /// The clauses that could not be decided, when no clause is false (`[]` with `.true`).
    static func undecided(_ clauses: [ConditionClause], context: RequestContext) -> (Truth, [ConditionClause]) {
        var open: [ConditionClause] = []
        for clause in clauses {
            switch evaluate(clause, context: context) {
            case .false: return (.false, [])
            case .unknown: open.append(clause)
            case .true: break
            }
        }
        return (open.isEmpty ? .true : .unknown, open)
    }

    /// `StringEquals sts:ExternalId = [abc]`.
    static func render(_ clause: ConditionClause) -> String {
        "\(clause.op) \(clause.key) = [\(clause.values.joined(separator: ", "))]"
    }

    struct Operator {
        enum SetMode { case single, anyValue, allValues }
        var base: String
        var ifExists: Bool
        var setMode: SetMode

        init(_ raw: String) {
            var op = raw
            setMode = .single
            if op.hasPrefix("ForAnyValue:") { setMode = .anyValue; op.removeFirst("ForAnyValue:".count) }
            else if op.hasPrefix("ForAllValues:") { setMode = .allValues; op.removeFirst("ForAllValues:".count) }
            ifExists = op.hasSuffix("IfExists")
            if ifExists { op.removeLast("IfExists".count) }
            base = op
        }

        var isNegated: Bool {
            ["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike",
             "NotIpAddress", "NumericNotEquals", "DateNotEquals"].contains(base)
        }
    }

    static func evaluate(_ clause: ConditionClause, context: RequestContext) -> Truth {
        let op = Operator(clause.op)
        guard let actual = context[clause.key] else { return .unknown }
        if op.base == "Null" {
            guard let want = clause.values.first else { return .unknown }
            return (want == "true") == actual.isEmpty ? .true : .false
        }
        if actual.isEmpty {
            // The key is known to be absent from the request.
            if op.ifExists || op.setMode == .allValues { return .true }
            return .false
        }
        var positive = op
        if op.isNegated { positive.base = negatedBase(op.base) }
        var results: [Bool] = []
        for value in actual {
            var any = false
            for pattern in clause.values {
                guard let m = matches(positive.base, pattern: pattern, value: value) else { return .unknown }
                if m { any = true; break }
            }
            results.append(any)
        }
        let positiveResult: Bool
        switch op.setMode {
        case .allValues: positiveResult = results.allSatisfy { $0 }
        case .single, .anyValue: positiveResult = results.contains(true)
        }
        let result = op.isNegated ? !positiveResult : positiveResult
        return result ? .true : .false
    }

    static func negatedBase(_ base: String) -> String {
        let positives: [String: String] = [
            "StringNotEquals": "StringEquals", "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
            "StringNotLike": "StringLike", "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike",
            "NotIpAddress": "IpAddress", "NumericNotEquals": "NumericEquals", "DateNotEquals": "DateEquals",
        ]
        return positives[base] ?? base
    }

    /// nil when the operator is not one the evaluator understands (the clause becomes unknown).
    static func matches(_ base: String, pattern: String, value: String) -> Bool? {
        switch base {
        case "StringEquals", "ArnEquals": return pattern == value
        case "StringEqualsIgnoreCase": return pattern.lowercased() == value.lowercased()
        case "StringLike", "ArnLike": return Wildcard.matches(pattern: pattern, value, caseInsensitive: false)
        case "Bool": return pattern.lowercased() == value.lowercased()
        case "NumericEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
             "NumericGreaterThanEquals":
            guard let p = Double(pattern), let v = Double(value) else { return nil }
            switch base {
            case "NumericEquals": return v == p
            case "NumericLessThan": return v < p
            case "NumericLessThanEquals": return v <= p
            case "NumericGreaterThan": return v > p
            default: return v >= p
            }
        case "IpAddress": return CIDR.contains(cidr: pattern, address: value)
        case "DateEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals":
            guard let p = date(pattern), let v = date(value) else { return nil }
            switch base {
            case "DateEquals": return v == p
            case "DateLessThan": return v < p
            case "DateLessThanEquals": return v <= p
            case "DateGreaterThan": return v > p
            default: return v >= p
            }
        default: return nil
        }
    }

    /// Seconds since 1970 for an ISO 8601 timestamp (with or without fractional seconds), a bare date, or a
    /// number of epoch seconds; nil when it is none of these.
    static func date(_ text: String) -> Double? {
        if let n = Double(text) { return n }
        if let d = JSONText.date(text) { return d.timeIntervalSince1970 }  // the common form, without a formatter
        let full = ISO8601DateFormatter()
        if let d = full.date(from: text) { return d.timeIntervalSince1970 }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = fractional.date(from: text) { return d.timeIntervalSince1970 }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)?.timeIntervalSince1970
    }
}
