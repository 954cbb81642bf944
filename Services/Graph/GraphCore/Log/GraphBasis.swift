import Foundation
import PalisadeModel
import PalisadeProtocol

/// What a built graph depends on besides its inputs: the code that builds it and the graph checks its verdicts
/// decide. A seal whose inputs did not change still rebuilds the account when this differs from the last build's
/// (an upgrade of the builders, a graph check added, changed or removed), so a graph is never kept from older code.
public enum GraphBasis {
    /// Bump when a change to the builders, the path search or the verdict engine changes what the same inputs give.
    public static let revision = 1

    public static func of(_ checks: [GraphCheck]) -> String {
        var hash = FNV1a()
        for check in checks.sorted(by: { $0.id < $1.id }) {
            let rule = (try? Wire.encoder.encode(check.rule)) ?? Data()
            for b in "\(check.id)\u{0}\(check.resourceType)\u{0}".utf8 { hash.add(b) }
            for b in rule { hash.add(b) }
            hash.add(0)
        }
        return "r\(revision)/\(hash.hex)"
    }
}
