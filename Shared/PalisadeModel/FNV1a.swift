/// FNV-1a 64, fed byte by byte: the project's one stable hash (content, check files, mute files, path ids).
public struct FNV1a: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ b: UInt8) {
        state ^= UInt64(b)
        state = state &* 0x100_0000_01b3
    }

    public var hex: String { String(state, radix: 16) }

    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var h = FNV1a()
        for b in bytes { h.add(b) }
        return h.hex
    }
}

extension FNV1a {
    public static func hex(_ string: String) -> String { hex(string.utf8) }
}
