import Foundation
import PalisadeModel

extension Fixtures {
    /// Failing, hardened and unknown cases for the data family's checks.
    static let dataCases: [String: Case] = [:]

    /// Resources the data family's relations resolve against.
    static let dataInventory: [Resource] = []
}
