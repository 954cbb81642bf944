import Foundation
import PalisadeModel
import PalisadeProtocol

/// EC2, VPC security group, EBS, snapshot, AMI, launch template, RDS and ELBv2 fixes.
extension FixCatalog {
    static let compute: [FixDefinition] = []
}
