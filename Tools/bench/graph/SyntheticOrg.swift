import GraphCore

/// A synthetic organization graph of realistic shape, made straight into the compact form: `accounts` accounts of
/// 10,000 nodes each — 4,000 instances in three tiers behind 30 security groups (80 web instances exposed to the
/// internet), 3,995 network interfaces, 700 roles (500 instance roles, 200 service roles in assume-role chains of
/// three, one chain in ten ending in administration), 300 users in 30 groups, 300 Lambda functions, 400 buckets
/// (40 sensitive), 100 secrets, 50 KMS keys (10 protecting sensitive data), 50 databases (2 exposed), plus the
/// account node — and 50,000 edges each: structure (contains, attached_to, protects, member_of, can_pass) and what
/// the search walks (exposes, can_reach web → app → batch, has_role, can_assume, permission edges, a few
/// escalations, leaked keys in three functions, three public buckets and one role trusting any principal).
/// Deterministic for a seed.
struct SyntheticOrg {
    var nodeCount = 0
    var flags: [NodeFlags] = []
    var edges = CompactGraph.EdgeList()
    var internet: Int32 = 0
    var anyPrincipal: Int32 = 1

    static let nodesPerAccount = 10_000
    static let edgesPerAccount = 50_000

    init(accounts: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        flags = [NodeFlags](repeating: [], count: 2 + accounts * Self.nodesPerAccount)
        nodeCount = flags.count
        edges.reserve(accounts * Self.edgesPerAccount + 16)
        for a in 0..<accounts { addAccount(base: Int32(2 + a * Self.nodesPerAccount), rng: &rng) }
    }

    mutating func addAccount(base: Int32, rng: inout SplitMix64) {
        let start = edges.count
        var next = base
        func block(_ n: Int) -> Range<Int32> { defer { next += Int32(n) }; return next..<(next + Int32(n)) }
        let account = block(1).lowerBound
        let vpcs = block(2), subnets = block(40), sgs = block(30), igws = block(2)
        let instances = block(4000), enis = block(3995)
        let instanceRoles = block(500), serviceRoles = block(200), users = block(300), groups = block(30)
        let functions = block(300), buckets = block(400), secrets = block(100), keys = block(50), databases = block(50)
        precondition(next == base + Int32(Self.nodesPerAccount))
        flags[Int(account)] = .account
        for (i, b) in buckets.enumerated() { flags[Int(b)] = i < 40 ? [.dataStore, .sensitive] : .dataStore }
        for s in secrets { flags[Int(s)] = .secret }
        for (i, k) in keys.enumerated() where i < 10 { flags[Int(k)] = .protectsSensitive }
        for (i, d) in databases.enumerated() { flags[Int(d)] = i < 5 ? [.dataStore, .sensitive] : .dataStore }
        let web = instances.lowerBound..<(instances.lowerBound + 400)
        let app = web.upperBound..<(web.upperBound + 1600)
        let batch = app.upperBound..<instances.upperBound
        for (i, w) in web.enumerated() where i % 37 == 0 { flags[Int(w)].insert(.vulnerable) }
        func pick(_ r: Range<Int32>) -> Int32 { r.lowerBound + Int32(rng.next() % UInt64(r.count)) }
        func add(_ s: Int32, _ d: Int32, _ k: EdgeCode, conditional: Bool = false) { edges.append(s, d, k, conditional: conditional) }

        // Structure.
        for igw in igws { add(internet, igw, .structural) }
        for (i, s) in subnets.enumerated() { add(vpcs.lowerBound + Int32(i % 2), s, .structural); add(igws.lowerBound + Int32(i % 2), s, .structural) }
        for (i, e) in enis.enumerated() {
            add(subnets.lowerBound + Int32(i % 40), e, .structural)
            add(e, instances.lowerBound + Int32(i), .structural)
            for j in 0..<3 { add(sgs.lowerBound + Int32((i + j * 7) % 30), e, .structural) }
        }
        for (i, inst) in instances.enumerated() { add(subnets.lowerBound + Int32(i % 40), inst, .structural) }
        for u in users { add(u, pick(groups), .structural); add(u, pick(groups), .structural) }
        for _ in 0..<500 { add(pick(users), pick(instanceRoles), .structural) }  // can_pass

        // Exposure and lateral movement.
        for w in web.prefix(80) { add(internet, w, .exposes) }
        add(internet, databases.lowerBound, .exposes)
        add(internet, databases.lowerBound + 7, .exposes)
        for w in web { for _ in 0..<8 { add(w, pick(app), .canReach) } }
        for a in app { for _ in 0..<4 { add(a, pick(batch), .canReach) } }

        // Workloads and their roles.
        for (i, inst) in instances.enumerated() where i % 8 != 7 { add(inst, instanceRoles.lowerBound + Int32(i % 500), .hasRole) }
        for (i, f) in functions.enumerated() { add(f, instanceRoles.lowerBound + Int32((i * 3) % 500), .hasRole) }

        // Assume-role: each instance role may assume the head of a chain of three service roles.
        for (i, r) in instanceRoles.enumerated() {
            add(r, serviceRoles.lowerBound + Int32((i % 66) * 3), .canAssume, conditional: i % 25 == 0)
        }
        for chain in 0..<66 {
            let head = serviceRoles.lowerBound + Int32(chain * 3)
            add(head, head + 1, .canAssume)
            add(head + 1, head + 2, .canAssume)
            if chain % 10 == 0 { add(head + 2, account, .administers) }
        }
        for u in users { add(u, pick(serviceRoles), .canAssume); add(u, pick(instanceRoles), .canAssume) }

        // Permissions.
        func grant(_ p: Int32) {
            switch rng.next() % 10 {
            case 0...5: add(p, pick(buckets), rng.next() % 3 == 0 ? .canWrite : .canRead)
            case 6, 7: add(p, pick(secrets), .canGetSecret)
            case 8: add(p, pick(keys), .canDecrypt)
            default: add(p, pick(databases), .canRead)
            }
        }
        for r in instanceRoles { for _ in 0..<4 { grant(r) } }
        for r in serviceRoles { for _ in 0..<10 { grant(r) } }
        for u in users { for _ in 0..<5 { grant(u) } }
        for u in users.prefix(5) { add(u, account, .administers) }
        for _ in 0..<50 { add(pick(users), pick(serviceRoles), .canEscalate) }

        // Leaked keys, public buckets, a role anyone may assume.
        for f in functions.suffix(3) { add(f, pick(users), .canAuthenticateAs) }
        for b in buckets.prefix(3) { add(anyPrincipal, b, .canRead) }
        add(anyPrincipal, serviceRoles.lowerBound + 1, .canAssume)

        // Fill to the edge budget with security-group memberships of instances (structure only).
        var i = 0
        while edges.count - start < Self.edgesPerAccount {
            add(sgs.lowerBound + Int32(i % 30), instances.lowerBound + Int32((i * 13) % 4000), .structural)
            i += 1
        }
    }
}

/// A small, fast, seedable generator (Steele, Lea, Flood 2014).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
