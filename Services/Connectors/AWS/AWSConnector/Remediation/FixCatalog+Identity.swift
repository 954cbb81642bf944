import Foundation
import PalisadeModel
import PalisadeProtocol

/// IAM account password policy, KMS and CloudTrail fixes.
extension FixCatalog {
    static let identity: [FixDefinition] = []
}
