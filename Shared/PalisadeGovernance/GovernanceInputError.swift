import Foundation
import PalisadeModel

/// A manual assignment or reassignment that was refused, with a message for the person who asked.
public struct GovernanceInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable dotted code; new codes may be added.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The owner is empty or blank.
        public static let emptyOwner = Code(rawValue: "governance.assignment.owner")
        /// The due date is before now.
        public static let dueInPast = Code(rawValue: "governance.assignment.due")
        /// The finding is not failing, or the assignment is not open.
        public static let notAssignable = Code(rawValue: "governance.assignment.state")
        /// A reassignment that changes neither owner nor due date.
        public static let noChange = Code(rawValue: "governance.assignment.unchanged")
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}
