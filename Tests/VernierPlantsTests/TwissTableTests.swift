import Foundation
import Testing
@testable import VernierPlants

@Suite("MAD-X TWISS table")
struct TwissTableTests {
    @Test("the embedded TT43 optics equal the parse of environments/awake/electron_tt43.out, bit for bit")
    func embeddedOpticsEqualTheFile() throws {
        let parsed = try TwissTable(contentsOf: RepositoryFiles.tt43Optics)
        let kept = parsed.elements.filter { ["MONITOR", "KICKER", "QUADRUPOLE"].contains($0.keyword) }
        #expect(kept.count == 33)
        #expect(kept == TT43Optics.elements)
        #expect(parsed.hasFocusingColumns)
        #expect(parsed.headers["SEQUENCE"] == "TT43")
    }

    @Test("the TT43 file holds 11 BPMs and 11 correctors, in beam order")
    func tt43Contents() throws {
        let parsed = try TwissTable(contentsOf: RepositoryFiles.tt43Optics)
        let monitors = parsed.elements.filter { $0.keyword == "MONITOR" }
        let kickers = parsed.elements.filter { $0.keyword == "KICKER" }
        #expect(monitors.count == 11 && kickers.count == 11)
        #expect(monitors.map(\.position) == monitors.map(\.position).sorted())
        #expect(monitors.first?.name == "BPM.430028" && kickers.last?.name == "MCAWA.412353")
        // A value read from the file as written: BETX of BPM.430039.
        #expect(monitors[1].betaX == 5.583291691)
    }

    static let header = """
        @ NAME             %05s "TWISS"
        * NAME KEYWORD S BETX BETY MUX MUY
        $ %s %s %le %le %le %le %le

        """

    @Test("a minimal table parses; missing optional columns read as 0")
    func minimalTable() throws {
        let table = try TwissTable(parsing: Self.header + " \"M 1\" \"monitor\" 1.5 2 3 0.1 0.2\n")
        #expect(table.headers["NAME"] == "TWISS")
        #expect(table.elements == [TwissElement(name: "M 1", keyword: "MONITOR", position: 1.5, betaX: 2, betaY: 3,
                                                phaseX: 0.1, phaseY: 0.2)])
        #expect(!table.hasFocusingColumns)
    }

    @Test("malformed tables are refused with the line at fault", arguments: [
        (" \"A\" \"MONITOR\" 1 2 3 0.1\n", 4, "fields"),
        (" \"A\" \"MONITOR\" 1 two 3 0.1 0.2\n", 4, "BETX"),
        (" \"A \"MONITOR\" 1 2 3 0.1 0.2\n", 4, "double quote"),
        (" \"A\" \"MONITOR\" 1 -2 3 0.1 0.2\n", 0, "positive"),
    ])
    func malformed(row: String, line: Int, mentions: String) {
        #expect {
            _ = try TwissTable(parsing: Self.header + row)
        } throws: { error in
            guard let error = error as? TwissTableError else { return false }
            return error.line == line && error.message.contains(mentions)
        }
    }

    @Test("a table without the required columns is refused, naming them")
    func missingColumns() {
        #expect {
            _ = try TwissTable(parsing: "* NAME KEYWORD S BETX\n")
        } throws: { error in
            "\(error)".contains("BETY") && "\(error)".contains("MUX")
        }
        #expect(throws: TwissTableError.self) { _ = try TwissTable(parsing: "just text\n") }
    }
}
