import Foundation

/// Every fix the connector can make, by check. Destructive actions (deleting a resource, a key, data, a user) are
/// never among them: each fix changes a setting and `undo` sets it back.
public enum FixCatalog {
    public static let all: [FixDefinition] = storage + compute + identity + data + messaging

    /// Check id → its fix.
    public static let byCheck: [String: FixDefinition] = {
        var map: [String: FixDefinition] = [:]
        for fix in all { for check in fix.checks { map[check] = fix } }
        return map
    }()

    public static let byID: [String: FixDefinition] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
}
