import Foundation
import Testing
import VernierStore

struct RunIDTests {
    @Test(arguments: [("r12", 12), ("R12", 12), ("12", 12), (" r7 ", 7), ("r1", 1), ("r9223372036854775807", Int64.max)])
    func parsesRunIDs(text: String, number: Int64) throws {
        let id = try #require(RunID(text))
        #expect(id.number == number)
        #expect(id.description == "r\(number)")
    }

    @Test(arguments: ["", "r", "r0", "0", "r-1", "-1", "12a", "r1.5", "rr1", "run1", "r١٢", "r9223372036854775808"])
    func rejectsWhatIsNotARunID(text: String) {
        #expect(RunID(text) == nil)
    }

    @Test func codesAsItsText() throws {
        let ids = [RunID(number: 3), RunID(number: 41)]
        let data = try JSONEncoder().encode(ids)
        #expect(String(decoding: data, as: UTF8.self) == #"["r3","r41"]"#)
        #expect(try JSONDecoder().decode([RunID].self, from: data) == ids)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([RunID].self, from: Data(#"["x3"]"#.utf8)) }
    }

    @Test func ordersByNumberNotText() {
        #expect(RunID(number: 9) < RunID(number: 10))
        #expect([RunID(number: 10), RunID(number: 9), RunID(number: 100)].sorted().map(\.description) == ["r9", "r10", "r100"])
    }
}
