/// A run of ASCII digits compared as a number of any size: leading zeros dropped, then the longer run is
/// larger, then digit by digit. Version schemes use it so `1.99999999999999999999999` never overflows.
struct NaturalNumber: Comparable, Hashable, Sendable {
    /// The digits without leading zeros ("" for zero).
    let digits: [UInt8]

    init<S: Sequence>(digits run: S) where S.Element == UInt8 {
        digits = Array(run.drop(while: { $0 == UInt8(ascii: "0") }))
    }

    init(_ text: Substring) { self.init(digits: text.utf8) }

    static let zero = NaturalNumber(digits: [UInt8]())

    static func < (a: NaturalNumber, b: NaturalNumber) -> Bool {
        if a.digits.count != b.digits.count { return a.digits.count < b.digits.count }
        return a.digits.lexicographicallyPrecedes(b.digits)
    }

    /// The value when it fits in an `Int` (18 digits or fewer), else nil.
    var smallValue: Int? {
        guard digits.count <= 18 else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isASCIILetter: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
    }
}
