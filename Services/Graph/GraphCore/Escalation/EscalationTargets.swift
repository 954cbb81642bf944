import PalisadeIAM
import PalisadeModel

/// One concrete thing a method is applied to, and where the edge ends.
struct EscalationTarget {
    struct End {
        /// The node the edge ends at: the user, role or group gained, or the account node.
        var dst: String
        /// Elements besides the granting statements that the step needs (the instance profile that gives an
        /// instance its role, the trust statement that admits the principal or the service).
        var via: [EdgeEvidence] = []
    }

    var side: ResourceSide
    var name: String
    var ends: [End]
    /// Actions granted by something other than the principal's policies (a trust statement naming it).
    var granted: Set<String> = []
    /// Undecided conditions of a trust statement the step relies on.
    var conditions: [String] = []
    /// Set when something the step relies on could not be read (a role's trust policy).
    var unknown: String?
}

/// The inventory's concrete targets for each kind of method (`EscalationMethod.Target`), per principal.
struct EscalationTargets {
    let index: ResourceIndex
    private var trusts: [String: PolicyDocument] = [:]
    private var unreadableTrust: Set<String> = []

    init(_ index: ResourceIndex) {
        self.index = index
        for role in index.ofType("aws.iam.role") {
            if let raw = role.properties["assumeRolePolicy"], let doc = try? PolicyDocument(json: raw) {
                trusts[role.id] = doc
            } else {
                unreadableTrust.insert(role.id)
            }
        }
    }

    func of(_ method: EscalationMethod, for p: PrincipalPolicies) -> [EscalationTarget] {
        let account = GraphVocabulary.accountNodeID(p.account)
        func iam(_ r: Resource) -> ResourceSide { ResourceSide(arn: r.id, account: r.account, rules: .identityOnly) }
        switch method.target {
        case .selfPrincipal:
            return [EscalationTarget(side: ResourceSide(arn: p.arn, account: p.account, rules: .identityOnly),
                                     name: "itself", ends: [.init(dst: account)])]
        case .attachedPolicy:
            var seen: Set<String> = []
            return p.identity.compactMap { policy in
                guard Self.isCustomerManaged(policy.source), seen.insert(policy.source).inserted else { return nil }
                return EscalationTarget(side: ResourceSide(arn: policy.source, account: p.account, rules: .identityOnly),
                                        name: "policy \(policy.name)", ends: [.init(dst: account)])
            }
        case .otherUser:
            return index.ofType("aws.iam.user").filter { $0.id != p.arn && Self.fits(method.targetState, $0) }
                .map { EscalationTarget(side: iam($0), name: "user \($0.name)", ends: [.init(dst: $0.id)]) }
        case .memberGroup, .otherGroup:
            guard p.kind == .user else { return [] }
            let names = Set((index.byID[p.arn]?.properties["groups"]?.arrayValue ?? []).compactMap(\.stringValue))
            return index.ofType("aws.iam.group").compactMap { group in
                let member = names.contains(group.properties["groupName"]?.stringValue ?? group.name)
                guard member == (method.target == .memberGroup) else { return nil }
                // Changing a group the user is in, or joining an administrators' group, makes it an administrator.
                let admin = !member && groupGrantsAdmin(group)
                return EscalationTarget(side: iam(group), name: "group \(group.name)" + (admin ? " (administrators)" : ""),
                                        ends: [.init(dst: member || admin ? account : group.id)])
            }
        case .otherRole:
            return index.ofType("aws.iam.role").filter { $0.id != p.arn }
                .map { EscalationTarget(side: iam($0), name: "role \($0.name)", ends: [.init(dst: $0.id)]) }
        case .assumableRole:
            return index.ofType("aws.iam.role").compactMap { role in
                guard role.id != p.arn, let trust = trusts[role.id],
                      let m = RoleTrust.admits(trust, principal: p.arn, account: p.account) else { return nil }
                return EscalationTarget(side: iam(role), name: "role \(role.name)",
                                        ends: [.init(dst: account, via: [trustEvidence(role, m, "admits \(p.arn)")])],
                                        granted: m.direct ? ["sts:AssumeRole"] : [], conditions: m.conditions)
            }
        case .passableRole:
            let service = method.passedToService ?? ""
            return index.ofType("aws.iam.role").compactMap { role in
                guard role.id != p.arn else { return nil }
                var t = EscalationTarget(side: iam(role), name: "role \(role.name)", ends: [.init(dst: role.id)])
                if let trust = trusts[role.id] {
                    guard let m = RoleTrust.admits(trust, service: service) else { return nil }
                    t.ends[0].via = [trustEvidence(role, m, "trusts \(service)")]
                    t.conditions = m.conditions
                } else {
                    t.unknown = "the trust policy of \(role.name) could not be read: whether it trusts \(service) is unknown"
                }
                return t
            }
        case .workload:
            return index.ofType(method.workloadType ?? "").compactMap { r in
                guard r.properties["state"]?.stringValue != "terminated" else { return nil }
                let ends = WorkloadRoles.of(r, in: index).filter { $0.role != p.arn }.map { link in
                    EscalationTarget.End(dst: link.role, via: [EdgeEvidence(kind: link.kind, source: link.source,
                                                                            detail: link.detail, fix: link.fix)])
                }
                guard !ends.isEmpty else { return nil }
                return EscalationTarget(side: ResourceSide(arn: r.id, account: r.account, rules: .identityOnly),
                                        name: r.name, ends: ends)
            }
        }
    }

    /// Whether the group's own policies (inline and attached; AWS-managed documents from the inventory) grant
    /// administrator access, so that a user who joins it administers the account. A document that cannot be read
    /// does not count (the group's node still carries the edge; its problems are reported by `Principals`).
    func groupGrantsAdmin(_ group: Resource) -> Bool {
        var docs: [PolicyDocument] = []
        for entry in group.properties["inlinePolicies"]?.arrayValue ?? [] {
            if let raw = entry["document"], let doc = try? PolicyDocument(json: raw) { docs.append(doc) }
        }
        for entry in group.properties["attachedPolicies"]?.arrayValue ?? [] {
            let raw = entry["document"].flatMap { $0.isNull ? nil : $0 }
                ?? entry["policyArn"]?.stringValue.flatMap { index.byID[$0]?.properties["document"] }
            if let raw, let doc = try? PolicyDocument(json: raw) { docs.append(doc) }
        }
        return !docs.isEmpty && PolicyEvaluator.grantsAdmin(docs)
    }

    /// A managed policy the account owns (not AWS-managed, not inline).
    static func isCustomerManaged(_ source: String) -> Bool {
        source.hasPrefix("arn:") && source.contains(":policy/") && !source.contains(":iam::aws:policy/") && !source.contains("#")
    }

    /// Whether the user is in the state the method needs; unknown (login profile not read) keeps it.
    static func fits(_ state: EscalationMethod.TargetState, _ user: Resource) -> Bool {
        guard state != .any, user.unknown["loginProfile"] == nil, let profile = user.properties["loginProfile"] else {
            return true
        }
        return state == .hasLoginProfile ? !profile.isNull : profile.isNull
    }

    private func trustEvidence(_ role: Resource, _ m: RoleTrust.Match, _ what: String) -> EdgeEvidence {
        let label = "trust policy Statement[\(m.index)]" + (m.sid.map { " (Sid \($0))" } ?? "")
        return EdgeEvidence(kind: "trust_statement", source: "\(role.id)#trust", detail: "\(label) of \(role.name) \(what)",
                            fix: "policy-statement:\(role.id)#trust#\(m.index)")
    }
}
