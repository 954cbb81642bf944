import Foundation
import PalisadeModel
import Testing
@testable import PalisadeProtocol

/// The bus decoder reads `JSONValue` with its JSON fast path (strings and objects tried first); it must give
/// exactly what the general path gives, for every kind of node.
@Suite struct JSONValueDecodingTests {
    static let text = #"""
        {"n": 1, "neg": -0.5, "big": 1e300, "t": true, "f": false, "null": null, "s": "x", "empty": "", "num-like": "42",
         "bool-like": "true", "o": {}, "a": [], "nested": [{"Effect": "Allow", "Action": ["s3:GetObject", 7, false, null,
         [[]], {"k": {"k": "v"}}]}]}
        """#

    @Test func theFastPathDecodesEveryNodeKindLikeTheGeneralOne() throws {
        let general = try JSONDecoder().decode(JSONValue.self, from: Data(Self.text.utf8))
        let fast = try Wire.decoder.decode(JSONValue.self, from: Data(Self.text.utf8))
        #expect(Wire.decoder.userInfo[.jsonValueFromJSON] as? Bool == true)
        #expect(fast == general)
        #expect(fast["num-like"] == "42" && fast["bool-like"] == "true" && fast["n"] == 1 && fast["t"] == true)
        #expect(try JSONValue.parse(Self.text) == general)
    }
}
