import ScannerCore
import Testing

/// OSV `ranges[].events` and `versions[]` decide whether an installed package is vulnerable.
@Suite struct OSVRangeTests {
    func verdict(_ installed: String, _ events: [OSVEvent], ecosystem: String = "PyPI", kind: OSVRange.Kind = .ecosystem)
        -> AffectedVerdict
    {
        OSVAffected(ecosystem: ecosystem, ranges: [OSVRange(kind, events)]).verdict(for: installed)
    }

    @Test func introducedZeroMeansFromTheBeginningUntilFixed() {
        let events: [OSVEvent] = [.introduced("0"), .fixed("2.5.1")]
        #expect(verdict("0.0.1", events) == .affected)
        #expect(verdict("2.5.1rc1", events) == .affected)
        #expect(verdict("2.5.1", events) == .notAffected)
        #expect(verdict("3.0", events) == .notAffected)
    }

    @Test func severalIntroducedFixedPairsInAnyOrder() {
        let events: [OSVEvent] = [.fixed("1.2.4"), .introduced("2.0.0"), .introduced("1.0.0"), .fixed("2.1.1")]
        #expect(verdict("0.9", events) == .notAffected)
        #expect(verdict("1.1", events) == .affected)
        #expect(verdict("1.5", events) == .notAffected)
        #expect(verdict("2.0.0", events) == .affected)
        #expect(verdict("2.1.1", events) == .notAffected)
    }

    @Test func lastAffectedIsInclusive() {
        let events: [OSVEvent] = [.introduced("1.0"), .lastAffected("1.4")]
        #expect(verdict("1.4", events) == .affected)
        #expect(verdict("1.4.post1", events) == .notAffected)
    }

    @Test func noFixedEventMeansEveryLaterVersionIsAffected() {
        #expect(verdict("99.0", [.introduced("3.0")]) == .affected)
        #expect(verdict("2.9", [.introduced("3.0")]) == .notAffected)
    }

    @Test func limitCapsTheRange() {
        let events: [OSVEvent] = [.introduced("0"), .limit("2.0")]
        #expect(verdict("1.9", events) == .affected)
        #expect(verdict("2.0", events) == .notAffected)
        #expect(verdict("5.0", [.introduced("0"), .limit("*")]) == .affected)
    }

    @Test func debianAndAlpineRangesUseTheirOwnOrdering() {
        let deb: [OSVEvent] = [.introduced("0"), .fixed("2.36-9+deb12u4")]
        #expect(verdict("2.36-9+deb12u3", deb, ecosystem: "Debian:12") == .affected)
        #expect(verdict("2.36-9+deb12u10", deb, ecosystem: "Debian:12") == .notAffected)
        #expect(verdict("1:0.1", deb, ecosystem: "Debian:12") == .notAffected, "an epoch outranks the upstream version")
        let apk: [OSVEvent] = [.introduced("0"), .fixed("3.1.4-r5")]
        #expect(verdict("3.1.4-r4", apk, ecosystem: "Alpine:v3.19") == .affected)
        #expect(verdict("3.1.10-r0", apk, ecosystem: "Alpine:v3.19") == .notAffected)
    }

    @Test func semverRangesOrderBySemverWhateverTheEcosystem() {
        let events: [OSVEvent] = [.introduced("1.0.0-beta.2"), .fixed("1.0.0")]
        #expect(verdict("1.0.0-beta.11", events, ecosystem: "npm", kind: .semver) == .affected)
        #expect(verdict("v1.0.0", events, ecosystem: "Go", kind: .semver) == .notAffected)
    }

    @Test func explicitVersionsListMatches() {
        let entry = OSVAffected(ecosystem: "PyPI", versions: ["1.0", "1.1"])
        #expect(entry.verdict(for: "1.1") == .affected)
        #expect(entry.verdict(for: "1.1.0") == .affected, "1.1.0 is the same PEP 440 version as 1.1")
        #expect(entry.verdict(for: "1.2") == .notAffected)
    }

    /// Unknown is not "not affected": a version we cannot order yields unknown, with the reason.
    @Test func unorderableInputsAreUnknownNotSafe() {
        guard case .unknown = verdict("not a version!", [.introduced("0"), .fixed("1.0")]) else {
            Issue.record("garbage installed version must be unknown"); return
        }
        guard case .unknown = verdict("1.0", [.introduced("0"), .fixed("1.0")], ecosystem: "Hackage") else {
            Issue.record("unknown ecosystem must be unknown"); return
        }
        guard case .unknown = verdict("1.0", [.introduced("abc")], kind: .git) else {
            Issue.record("GIT ranges must be unknown"); return
        }
        let mixed = OSVAffected(ecosystem: "PyPI", ranges: [OSVRange(.ecosystem, [.introduced("0"), .fixed("bad!")]),
                                                            OSVRange(.ecosystem, [.introduced("0"), .fixed("2.0")])])
        #expect(mixed.verdict(for: "1.0") == .affected, "another range that says affected wins over unknown")
    }
}
