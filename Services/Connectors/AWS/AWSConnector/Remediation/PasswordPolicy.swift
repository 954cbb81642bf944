import Foundation
import PalisadeModel

/// The IAM account password policy as UpdateAccountPasswordPolicy takes it. That call replaces the whole policy
/// (a parameter left out goes back to its default), so every fix sends every field.
struct PasswordPolicy: Equatable, Sendable {
    var minimumLength = 6
    var requireSymbols = false
    var requireNumbers = false
    var requireUppercase = false
    var requireLowercase = false
    var allowUsersToChange = false
    /// Days; nil means passwords never expire (moto reports 0 for that).
    var maxAge: Int?
    /// Previous passwords remembered; nil means none.
    var reusePrevention: Int?
    var hardExpiry = false

    /// What a fix sets when the account has no policy yet: CIS AWS 1.8/1.9. A policy holding only the one field
    /// the finding names would drop AWS's built-in complexity rule, so every password fix starts from this one.
    static let baseline = PasswordPolicy(minimumLength: 14, requireSymbols: true, requireNumbers: true,
                                         requireUppercase: true, requireLowercase: true, allowUsersToChange: true,
                                         maxAge: nil, reusePrevention: 24, hardExpiry: false)

    init(minimumLength: Int = 6, requireSymbols: Bool = false, requireNumbers: Bool = false,
         requireUppercase: Bool = false, requireLowercase: Bool = false, allowUsersToChange: Bool = false,
         maxAge: Int? = nil, reusePrevention: Int? = nil, hardExpiry: Bool = false) {
        self.minimumLength = minimumLength
        self.requireSymbols = requireSymbols
        self.requireNumbers = requireNumbers
        self.requireUppercase = requireUppercase
        self.requireLowercase = requireLowercase
        self.allowUsersToChange = allowUsersToChange
        self.maxAge = maxAge
        self.reusePrevention = reusePrevention
        self.hardExpiry = hardExpiry
    }

    init(_ p: XMLNode) {
        minimumLength = p.int("MinimumPasswordLength") ?? 6
        requireSymbols = p.bool("RequireSymbols") ?? false
        requireNumbers = p.bool("RequireNumbers") ?? false
        requireUppercase = p.bool("RequireUppercaseCharacters") ?? false
        requireLowercase = p.bool("RequireLowercaseCharacters") ?? false
        allowUsersToChange = p.bool("AllowUsersToChangePassword") ?? false
        maxAge = p.int("MaxPasswordAge").flatMap { $0 > 0 ? $0 : nil }
        reusePrevention = p.int("PasswordReusePrevention").flatMap { $0 > 0 ? $0 : nil }
        hardExpiry = p.bool("HardExpiry") ?? false
    }

    /// The recorded form (`previous` of a plan item) back into a policy; nil when the account had none.
    init?(json: JSONValue?) throws {
        guard let json, json["exists"]?.boolValue == true else { return nil }
        guard let p = json["policy"], let length = p["minimumLength"]?.intValue else {
            throw FixRefusal("the recorded password policy is incomplete")
        }
        minimumLength = length
        requireSymbols = p["requireSymbols"]?.boolValue ?? false
        requireNumbers = p["requireNumbers"]?.boolValue ?? false
        requireUppercase = p["requireUppercase"]?.boolValue ?? false
        requireLowercase = p["requireLowercase"]?.boolValue ?? false
        allowUsersToChange = p["allowUsersToChange"]?.boolValue ?? false
        maxAge = p["maxAge"]?.intValue
        reusePrevention = p["reusePrevention"]?.intValue
        hardExpiry = p["hardExpiry"]?.boolValue ?? false
    }

    var json: JSONValue {
        ["minimumLength": .number(Double(minimumLength)), "requireSymbols": .bool(requireSymbols),
         "requireNumbers": .bool(requireNumbers), "requireUppercase": .bool(requireUppercase),
         "requireLowercase": .bool(requireLowercase), "allowUsersToChange": .bool(allowUsersToChange),
         "maxAge": maxAge.map { .number(Double($0)) } ?? .null,
         "reusePrevention": reusePrevention.map { .number(Double($0)) } ?? .null, "hardExpiry": .bool(hardExpiry)]
    }

    /// UpdateAccountPasswordPolicy's parameters: all of them, so nothing silently resets.
    var params: [(String, String)] {
        var p: [(String, String)] = [
            ("MinimumPasswordLength", "\(minimumLength)"), ("RequireSymbols", "\(requireSymbols)"),
            ("RequireNumbers", "\(requireNumbers)"), ("RequireUppercaseCharacters", "\(requireUppercase)"),
            ("RequireLowercaseCharacters", "\(requireLowercase)"),
            ("AllowUsersToChangePassword", "\(allowUsersToChange)"), ("HardExpiry", "\(hardExpiry)"),
        ]
        if let maxAge { p.append(("MaxPasswordAge", "\(maxAge)")) }
        if let reusePrevention { p.append(("PasswordReusePrevention", "\(reusePrevention)")) }
        return p
    }

    var cli: String {
        func flag(_ on: Bool, _ name: String) -> String { on ? " --\(name)" : " --no-\(name)" }
        var s = "aws iam update-account-password-policy --minimum-password-length \(minimumLength)"
        s += flag(requireSymbols, "require-symbols") + flag(requireNumbers, "require-numbers")
        s += flag(requireUppercase, "require-uppercase-characters") + flag(requireLowercase, "require-lowercase-characters")
        s += flag(allowUsersToChange, "allow-users-to-change-password") + flag(hardExpiry, "hard-expiry")
        if let maxAge { s += " --max-password-age \(maxAge)" }
        if let reusePrevention { s += " --password-reuse-prevention \(reusePrevention)" }
        return s
    }
}
