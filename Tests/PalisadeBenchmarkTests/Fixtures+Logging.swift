import Foundation
import PalisadeModel

extension Fixtures {
    /// Failing, hardened and unknown cases for the logging family's checks.
    static let loggingCases: [String: Case] = [:]

    /// Resources the logging family's relations resolve against.
    static let loggingInventory: [Resource] = []
}
