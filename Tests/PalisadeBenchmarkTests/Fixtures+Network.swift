import Foundation
import PalisadeModel

extension Fixtures {
    /// Failing, hardened and unknown cases for the network family's checks.
    static let networkCases: [String: Case] = [:]

    /// Resources the network family's relations resolve against.
    static let networkInventory: [Resource] = []
}
