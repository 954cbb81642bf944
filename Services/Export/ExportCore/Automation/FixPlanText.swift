import Foundation
import PalisadeProtocol

/// A fix plan in a few lines, for an automation outcome or an e-mail: per finding, the fix and each API call (as the
/// AWS CLI would make it), or why there is no safe fix.
enum FixPlanText {
    static func summary(_ reply: FixPlanReply) -> String {
        reply.items.map { item in
            if let why = item.noFix { return "\(item.resourceID): no safe fix (\(why))" }
            let calls = item.calls.map { $0.cli ?? $0.title }.joined(separator: "; ")
            return "\(item.resourceID): \(item.summary) — \(calls)"
        }.joined(separator: "\n")
    }
}
