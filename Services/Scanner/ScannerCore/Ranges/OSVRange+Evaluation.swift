import Foundation

extension OSVAffected {
    /// OSV's evaluation (https://ossf.github.io/osv-schema/#evaluation): affected when the version is listed
    /// in `versions[]`, or when any range includes it. A range that cannot be evaluated (unknown ecosystem,
    /// GIT range, unparsable version) makes the verdict unknown unless another range or the list says affected.
    public func verdict(for installed: String) -> AffectedVerdict {
        var unknown: String?
        if let scheme = try? VersionScheme.for(ecosystem: ecosystem).get() {
            if versions.contains(where: { $0 == installed || (try? scheme.compare($0, installed)) == .orderedSame }) {
                return .affected
            }
        } else if versions.contains(installed) {
            return .affected
        }
        for range in ranges {
            switch range.verdict(for: installed, ecosystem: ecosystem) {
            case .affected: return .affected
            case .notAffected: continue
            case .unknown(let reason): unknown = unknown ?? reason
            }
        }
        return unknown.map(AffectedVerdict.unknown) ?? .notAffected
    }
}

extension OSVRange {
    /// One range: below every `limit` (when there are limits), then walk the events in version order —
    /// `introduced` at or below the version turns "affected" on, `fixed` at or below it or `last_affected`
    /// strictly below it turns it off.
    public func verdict(for installed: String, ecosystem: String) -> AffectedVerdict {
        let scheme: VersionScheme
        switch kind {
        case .git: return .unknown("GIT ranges need the repository's commit graph")
        case .semver: scheme = .semver
        case .ecosystem:
            switch VersionScheme.for(ecosystem: ecosystem) {
            case .success(let s): scheme = s
            case .failure(let error): return .unknown(error.description)
            }
        }
        do throws(InvalidVersion) {
            return try evaluate(installed, scheme) ? .affected : .notAffected
        } catch {
            return .unknown(error.description)
        }
    }

    private func evaluate(_ v: String, _ scheme: VersionScheme) throws(InvalidVersion) -> Bool {
        // "0" is below every version; comparisons with it need no parsing.
        func compare(_ a: String, _ b: String) throws(InvalidVersion) -> ComparisonResult {
            if a == "0" && b == "0" { return .orderedSame }
            if a == "0" { return .orderedAscending }
            if b == "0" { return .orderedDescending }
            return try scheme.compare(a, b)
        }
        _ = try compare(v, v)
        let limits = events.compactMap { if case .limit(let l) = $0 { l } else { nil } }
        if !limits.isEmpty {
            var below = false
            for limit in limits {
                if limit == "*" { below = true } else if try compare(v, limit) == .orderedAscending { below = true }
            }
            guard below else { return false }
        }
        var sorted = events.filter { if case .limit = $0 { false } else { true } }
        for event in sorted { _ = try compare(event.version, event.version) }
        // Insertion sort: the comparator throws, `sort(by:)` cannot.
        for k in sorted.indices.dropFirst() {
            var j = k
            while j > 0, (try compare(sorted[j].version, sorted[j - 1].version)) == .orderedAscending {
                sorted.swapAt(j, j - 1)
                j -= 1
            }
        }
        var affected = false
        for event in sorted {
            switch event {
            case .introduced(let i): if try compare(v, i) != .orderedAscending { affected = true }
            case .fixed(let f): if try compare(v, f) != .orderedAscending { affected = false }
            case .lastAffected(let l): if try compare(v, l) == .orderedDescending { affected = false }
            case .limit: break
            }
        }
        return affected
    }
}
