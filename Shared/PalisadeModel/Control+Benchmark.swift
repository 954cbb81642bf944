extension Control {
    /// The Palisade security benchmark's controls, with Defender for Cloud's max points.
    /// Every check belongs to exactly one of these (by `id`).
    public static let benchmark: [Control] = [
        Control(id: "enable-mfa", name: "Enable MFA", maxPoints: 10),
        Control(id: "secure-management-ports", name: "Secure management ports", maxPoints: 8),
        Control(id: "apply-system-updates", name: "Apply system updates", maxPoints: 6),
        Control(id: "remediate-vulnerabilities", name: "Remediate vulnerabilities", maxPoints: 6),
        Control(id: "remediate-security-configurations", name: "Remediate security configurations", maxPoints: 4),
        Control(id: "manage-access-and-permissions", name: "Manage access and permissions", maxPoints: 4),
        Control(id: "enable-encryption-at-rest", name: "Enable encryption at rest", maxPoints: 4),
        Control(id: "encrypt-data-in-transit", name: "Encrypt data in transit", maxPoints: 4),
        Control(id: "restrict-unauthorized-network-access", name: "Restrict unauthorized network access",
                maxPoints: 4),
        Control(id: "apply-adaptive-application-control", name: "Apply adaptive application control", maxPoints: 3),
        Control(id: "protect-applications-against-ddos", name: "Protect applications against DDoS attacks",
                maxPoints: 2),
        Control(id: "enable-endpoint-protection", name: "Enable endpoint protection", maxPoints: 2),
        Control(id: "enable-auditing-and-logging", name: "Enable auditing and logging", maxPoints: 1),
        Control(id: "implement-security-best-practices", name: "Implement security best practices", maxPoints: 0),
    ]

    public static func benchmark(id: String) -> Control? { benchmark.first { $0.id == id } }
}
