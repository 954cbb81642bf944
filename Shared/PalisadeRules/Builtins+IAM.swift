import PalisadeIAM
import PalisadeModel

/// IAM policy functions, backed by PalisadeIAM. A document argument is a policy document object, a list of
/// documents (evaluated together, so a Deny in one cancels an Allow in another) or null (no policy).
enum IAMBuiltins {
    static let builtins: [String: Builtin] = [
        /// `policy_allows(doc, action, resource[, context])`: an identity-policy evaluation allows `action` on
        /// `resource`. `context` is an object of condition keys (`{"aws:SecureTransport": "false"}`), each a string
        /// or a list of strings; conditions on keys it does not give count as allowing.
        "policy_allows": Builtin(arity: 3...4) { a, at, subject throws(EvalError) in
            guard case .string(let action) = a[1], case .string(let resource) = a[2] else {
                throw EvalError("'policy_allows' expects (document, action string, resource string), got (\(a[0].typeName), \(a[1].typeName), \(a[2].typeName))", at: at)
            }
            let docs = try documents(a[0], "policy_allows", at, subject)
            let context = a.count == 4 ? try requestContext(a[3], at) : RequestContext()
            return .bool(!docs.isEmpty && PolicyEvaluator.allows(docs, action: action, resource: resource, context: context))
        },
        /// `is_public_principal(principal)`: a `Principal` value that means everyone: `"*"`, `{"AWS": "*"}` or an
        /// `AWS` list holding `"*"`. Null (no principal) is false.
        "is_public_principal": Builtin(arity: 1...1) { a, at, _ throws(EvalError) in
            switch a[0] {
            case .null: return .bool(false)
            case .string(let s): return .bool(s == "*")
            case .object(let o):
                switch o["AWS"] {
                case .string(let s)?: return .bool(s == "*")
                case .array(let items)?: return .bool(items.contains { $0.stringValue == "*" })
                default: return .bool(false)
                }
            case let v: throw EvalError("'is_public_principal' expects a principal (string or object), got a \(v.typeName)", at: at)
            }
        },
        /// `is_public_policy(doc)`: an Allow statement grants access to everyone (principal `*`).
        "is_public_policy": Builtin(arity: 1...1) { a, at, subject throws(EvalError) in
            .bool(try documents(a[0], "is_public_policy", at, subject).contains { PolicyEvaluator.isPublic($0) })
        },
        /// `grants_admin(doc)`: full administrative access (`*` on `*`, or a NotAction that keeps IAM escalation).
        "grants_admin": Builtin(arity: 1...1) { a, at, subject throws(EvalError) in
            let docs = try documents(a[0], "grants_admin", at, subject)
            return .bool(!docs.isEmpty && PolicyEvaluator.grantsAdmin(docs))
        },
    ]

    private static func requestContext(_ v: Value, _ at: SourceLocation) throws(EvalError) -> RequestContext {
        guard case .object(let o) = v else {
            throw EvalError("'policy_allows' context must be an object of condition keys, got a \(v.typeName)", at: at)
        }
        var values: [String: [String]] = [:]
        for (key, value) in o {
            switch value {
            case .string(let s): values[key] = [s]
            case .bool(let b): values[key] = [b ? "true" : "false"]
            case .array(let items): values[key] = items.compactMap(\.stringValue)
            default: throw EvalError("'policy_allows' context key '\(key)' must be a string, bool or list of strings", at: at)
            }
        }
        return RequestContext(values)
    }

    /// The policy documents in a value (one, a list, or null), parsed once per subject.
    static func documents(_ v: Value, _ name: String, _ at: SourceLocation, _ subject: Subject) throws(EvalError)
        -> [PolicyDocument]
    {
        func parse(_ json: JSONValue) throws(EvalError) -> PolicyDocument {
            if let known = subject.scratch.pointee.policyDocuments.first(where: { $0.json == json }) { return known.document }
            do {
                let document = try PolicyDocument(json: json)
                subject.scratch.pointee.policyDocuments.append((json, document))
                return document
            } catch {
                throw EvalError("'\(name)': not a valid policy document: \(error)", at: at)
            }
        }
        switch v {
        case .null: return []
        case .object(let o): return [try parse(.object(o))]
        case .list(let items):
            var out: [PolicyDocument] = []
            for item in items where !item.isNull { out.append(try parse(item)) }
            return out
        default: throw EvalError("'\(name)' expects a policy document (object), a list of them or null, got a \(v.typeName)", at: at)
        }
    }
}
