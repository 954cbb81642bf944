/// FNV-1a 64, fed byte by byte: the project's one change-detection hash (content, check files, mute files).
struct FNV1a {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ b: UInt8) {
        state ^= UInt64(b)
        state = state &* 0x100_0000_01b3
    }

    var hex: String { String(state, radix: 16) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var h = FNV1a()
        for b in bytes { h.add(b) }
        return h.hex
    }
}
