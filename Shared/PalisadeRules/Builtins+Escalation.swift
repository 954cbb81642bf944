import PalisadeIAM
import PalisadeModel

/// `privesc_methods(doc[, account])`: the ids of the privilege-escalation methods (PalisadeIAM
/// `EscalationCatalog`) that the policy document — or a list of documents evaluated together — enables on its
/// own, in catalogue order. `account` scopes the wildcard targets (`arn:aws:iam::<account>:user/*`); without it
/// the account is a wildcard. Null gives `[]`; a malformed document is a type error.
enum EscalationBuiltins {
    static let builtins: [String: Builtin] = [
        "privesc_methods": Builtin(arity: 1...2) { a, at, subject throws(EvalError) in
            var account: String?
            if a.count == 2 {
                switch a[1] {
                case .string(let s): account = s
                case .null: account = nil
                case let v: throw EvalError("'privesc_methods' expects an account id string, got a \(v.typeName)", at: at)
                }
            }
            let docs = try IAMBuiltins.documents(a[0], "privesc_methods", at, subject)
            guard !docs.isEmpty else { return .list([]) }
            return .list(EscalationDetector.methods(in: docs, account: account).map { .string($0.id) })
        },
    ]
}
