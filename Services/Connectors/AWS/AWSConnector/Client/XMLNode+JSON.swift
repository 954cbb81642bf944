import Foundation
import PalisadeModel

extension XMLNode {
    /// The element as JSON, for keeping an API's raw description next to the normalized properties: a leaf is
    /// its text; an element whose children are all `member`/`item` is an array; otherwise an object keyed by
    /// child name, a repeated name becoming an array.
    public var jsonValue: JSONValue {
        if children.isEmpty { return .string(text) }
        if children.allSatisfy({ $0.name == "member" || $0.name == "item" }) {
            return .array(children.map(\.jsonValue))
        }
        var object: [String: JSONValue] = [:]
        var repeated: Set<String> = []
        for child in children {
            if let existing = object[child.name] {
                if repeated.contains(child.name), case .array(var items) = existing {
                    items.append(child.jsonValue)
                    object[child.name] = .array(items)
                } else {
                    object[child.name] = .array([existing, child.jsonValue])
                    repeated.insert(child.name)
                }
            } else {
                object[child.name] = child.jsonValue
            }
        }
        return .object(object)
    }
}
