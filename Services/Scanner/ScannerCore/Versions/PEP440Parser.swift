/// A hand-written reader for PEP 440's grammar (the regular expression of appendix B), byte by byte.
struct PEP440Parser {
    typealias Parsed = (NaturalNumber, [NaturalNumber], (kind: PEP440Version.PreRelease, number: NaturalNumber)?,
                        NaturalNumber?, NaturalNumber?, [PEP440Version.LocalPart]?)
    private let s: [UInt8]
    private var i = 0

    init(_ text: String) {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        var bytes = Array(text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        s = Array(bytes.drop(while: isSpace))
    }

    private func peek(_ k: Int = 0) -> UInt8? { i + k < s.count ? s[i + k] : nil }
    private func isSeparator(_ c: UInt8?) -> Bool { c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") }

    private mutating func number() -> NaturalNumber? {
        let start = i
        while peek()?.isASCIIDigit == true { i += 1 }
        return i > start ? NaturalNumber(digits: s[start..<i]) : nil
    }

    /// Reads one of `words` (longest listed first where prefixes clash) at the cursor.
    private mutating func word(_ words: [String]) -> String? {
        for w in words where s[i...].starts(with: w.utf8) {
            i += w.utf8.count
            return w
        }
        return nil
    }

    /// `[sep] label [sep] [N]`, restoring the cursor when the label is absent.
    private mutating func labelled(_ labels: [String]) -> (String, NaturalNumber)? {
        let start = i
        if isSeparator(peek()) { i += 1 }
        guard let label = word(labels) else { i = start; return nil }
        // As in the regular expression, a separator after the label may stand with no number (`1.0a-`).
        if isSeparator(peek()) { i += 1 }
        return (label, number() ?? .zero)
    }

    mutating func parse() -> Parsed? {
        if peek() == UInt8(ascii: "v") { i += 1 }
        guard var first = number() else { return nil }
        var epoch = NaturalNumber.zero
        if peek() == UInt8(ascii: "!") {
            i += 1
            epoch = first
            guard let n = number() else { return nil }
            first = n
        }
        var release = [first]
        while peek() == UInt8(ascii: "."), peek(1)?.isASCIIDigit == true {
            i += 1
            release.append(number()!)
        }
        var pre: (kind: PEP440Version.PreRelease, number: NaturalNumber)?
        if let (label, n) = labelled(["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]) {
            let kind: PEP440Version.PreRelease = label.hasPrefix("a") ? .alpha : label.hasPrefix("b") ? .beta : .candidate
            pre = (kind, n)
        }
        var post: NaturalNumber?
        if peek() == UInt8(ascii: "-"), peek(1)?.isASCIIDigit == true {
            i += 1
            post = number()
        } else if let (_, n) = labelled(["post", "rev", "r"]) {
            post = n
        }
        var dev: NaturalNumber?
        if let (_, n) = labelled(["dev"]) { dev = n }
        var local: [PEP440Version.LocalPart]?
        if peek() == UInt8(ascii: "+") {
            i += 1
            var parts: [PEP440Version.LocalPart] = []
            repeat {
                if !parts.isEmpty { i += 1 }
                let start = i
                while let c = peek(), c.isASCIIDigit || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) { i += 1 }
                guard i > start else { return nil }
                let run = s[start..<i]
                parts.append(run.allSatisfy(\.isASCIIDigit) ? .number(NaturalNumber(digits: run))
                                                            : .text(String(decoding: run, as: UTF8.self)))
            } while isSeparator(peek())
            local = parts
        }
        return i == s.count ? (epoch, release, pre, post, dev, local) : nil
    }
}
