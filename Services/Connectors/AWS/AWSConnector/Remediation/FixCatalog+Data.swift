import Foundation
import PalisadeModel
import PalisadeProtocol

/// DynamoDB, ECR, SQS, SNS and CloudWatch Logs fixes.
extension FixCatalog {
    static let data: [FixDefinition] = []
}
