import Foundation
import PalisadeModel

extension PolicyDocument {
    /// Parses a policy from its JSON value. A JSON *string* is accepted too (policy text as IAM
    /// returns it, URL-encoded or not) and parsed first.
    public init(json: JSONValue) throws {
        var value = json
        if case .string(let text) = json {
            let decoded = text.removingPercentEncoding ?? text
            guard let parsed = try? JSONValue.parse(decoded) else {
                throw IAMError.invalid("policy text is not valid JSON; pass the decoded policy document object")
            }
            value = parsed
        }
        guard let object = value.objectValue else {
            throw IAMError.invalid("a policy document must be a JSON object with a Statement element")
        }
        if let v = object["Version"], !v.isNull {
            guard let s = v.stringValue else {
                throw IAMError.invalid("Version must be a string such as \"2012-10-17\"")
            }
            guard s == "2012-10-17" || s == "2008-10-17" else {
                throw IAMError.invalid("Version \"\(s)\" is not an IAM policy language version; use \"2012-10-17\"")
            }
            self.version = s
        } else {
            self.version = nil
        }
        self.id = object["Id"]?.stringValue
        guard let rawStatements = object["Statement"] else {
            throw IAMError.invalid("the policy has no Statement element")
        }
        let list: [JSONValue]
        switch rawStatements {
        case .object: list = [rawStatements]
        case .array(let a): list = a
        default: throw IAMError.invalid("Statement must be an object or a list of objects")
        }
        self.statements = try list.enumerated().map { index, raw in
            try PolicyStatement(json: raw, location: "Statement[\(index)]")
        }
    }
}

extension PolicyStatement {
    init(json: JSONValue, location: @autoclosure () -> String) throws {
        guard let o = json.objectValue else {
            throw IAMError.invalid("\(location()) must be an object")
        }
        sid = o["Sid"]?.stringValue
        guard let e = o["Effect"]?.stringValue else {
            throw IAMError.invalid("\(location()).Effect is missing; it must be \"Allow\" or \"Deny\"")
        }
        guard let effect = PolicyEffect(rawValue: e) else {
            throw IAMError.invalid("\(location()).Effect is \"\(e)\"; it must be \"Allow\" or \"Deny\"")
        }
        self.effect = effect
        guard let actions = try Self.patternList(o, "Action", "NotAction", location()) else {
            throw IAMError.invalid("\(location()) has neither Action nor NotAction")
        }
        self.actions = actions
        self.resources = try Self.patternList(o, "Resource", "NotResource", location())
        if o["Principal"] != nil, o["NotPrincipal"] != nil {
            throw IAMError.invalid("\(location()) has both Principal and NotPrincipal; use one")
        }
        self.principal = try o["Principal"].map { try Self.principal($0, "\(location()).Principal") }
        self.notPrincipal = try o["NotPrincipal"].map { try Self.principal($0, "\(location()).NotPrincipal") }
        self.conditions = try o["Condition"].map { try Self.conditions($0, "\(location()).Condition") } ?? []
    }

    static func patternList(
        _ o: [String: JSONValue], _ key: String, _ notKey: String, _ location: @autoclosure () -> String
    ) throws -> PatternList? {
        switch (o[key], o[notKey]) {
        case (nil, nil): return nil
        case (.some, .some):
            throw IAMError.invalid("\(location()) has both \(key) and \(notKey); use one")
        case (.some(let v), nil): return .only(try strings(v, "\(location()).\(key)"))
        case (nil, .some(let v)): return .except(try strings(v, "\(location()).\(notKey)"))
        }
    }

    static func strings(_ v: JSONValue, _ location: @autoclosure () -> String) throws -> [String] {
        switch v {
        case .string(let s): return [s]
        case .array(let a):
            return try a.enumerated().map { i, item in
                guard let s = item.stringValue else {
                    throw IAMError.invalid("\(location())[\(i)] must be a string")
                }
                return s
            }
        default:
            throw IAMError.invalid("\(location()) must be a string or a list of strings")
        }
    }

    static func principal(_ v: JSONValue, _ location: @autoclosure () -> String) throws -> PrincipalSpec {
        if case .string(let s) = v {
            guard s == "*" else {
                throw IAMError.invalid("\(location()) is the string \"\(s)\"; only \"*\" may be written bare, use {\"AWS\": \"\(s)\"}")
            }
            return .anyone
        }
        guard let o = v.objectValue else {
            throw IAMError.invalid("\(location()) must be \"*\" or an object such as {\"AWS\": [...]}")
        }
        var map: [String: [String]] = [:]
        for (kind, value) in o {
            map[kind] = try strings(value, "\(location()).\(kind)")
        }
        return .specific(map)
    }

    static func conditions(_ v: JSONValue, _ location: @autoclosure () -> String) throws -> [ConditionClause] {
        guard let ops = v.objectValue else {
            throw IAMError.invalid("\(location()) must be an object of operator → {key → value(s)}")
        }
        var out: [ConditionClause] = []
        for op in ops.keys.sorted() {
            guard let keys = ops[op]?.objectValue else {
                throw IAMError.invalid("\(location()).\(op) must be an object of key → value(s)")
            }
            for key in keys.keys.sorted() {
                let raw = keys[key]!
                let items = raw.arrayValue ?? [raw]
                let values = try items.enumerated().map { i, item -> String in
                    switch item {
                    case .string(let s): return s
                    case .bool(let b): return b ? "true" : "false"
                    case .number(let n):
                        return n.rounded() == n && abs(n) < 9e15 ? String(Int64(n)) : String(n)
                    default:
                        throw IAMError.invalid("\(location()).\(op).\(key)[\(i)] must be a string, number or boolean")
                    }
                }
                out.append(ConditionClause(op: op, key: key, values: values))
            }
        }
        return out
    }
}
