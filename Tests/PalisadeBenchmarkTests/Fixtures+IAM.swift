import Foundation
import PalisadeModel

extension Fixtures {
    /// Failing, hardened and unknown cases for the iam family's checks.
    static let iamCases: [String: Case] = [:]

    /// Resources the iam family's relations resolve against.
    static let iamInventory: [Resource] = []
}
