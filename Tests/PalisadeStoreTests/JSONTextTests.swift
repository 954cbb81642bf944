import Foundation
import PalisadeModel
import PalisadeStore
import Testing

/// The store's JSON reader and writer must agree with Foundation's on every value a resource or an event can hold.
@Suite struct JSONTextTests {
    static let samples: [String] = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e\"f\\g\/h\u00e9\ud83d\ude00\n\t\r\b\f"},"e":-0.5,"f":1e300,"g":12345678901234567890}"#,
        #"[]"#, #"{}"#, #"  [ 1 , 2 ,{ "x" : [ ] } ]  "#, #""plain""#, #"0"#, #"-12.25E+2"#, #"{"":""}"#,
        #"{"unicode":"ünïcödé ✓ 日本"}"#,
    ]

    @Test func parsesLikeJSONDecoder() throws {
        for text in Self.samples {
            let ours = try JSONText.parse(text)
            let theirs = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(ours == theirs, "\(text)")
            #expect(try JSONText.parse(Data(text.utf8)) == theirs)
        }
    }

    @Test func writesTextJSONDecoderReadsBack() throws {
        for text in Self.samples {
            let value = try JSONText.parse(text)
            let written = try JSONText.data(value)
            #expect(try JSONDecoder().decode(JSONValue.self, from: written) == value, "\(text)")
        }
        #expect(try JSONText.string(["b": 1, "a": [2.5, "x"]]) == #"{"a":[2.5,"x"],"b":1}"#)
        #expect(throws: (any Error).self) { try JSONText.data(.number(.infinity)) }
    }

    @Test func rejectsWhatIsNotJSON() {
        for text in [#"{"a":}"#, #"[1,]"#, #"{"a" 1}"#, #"tru"#, #""unterminated"#, #"01"#, #"1."#, #"[1] x"#, "\"a\u{1}\"",
                     #""\ud800""#, #""\x""#, ""] {
            #expect(throws: JSONText.ParseError.self, "\(text)") { try JSONText.parse(text) }
        }
    }
}
