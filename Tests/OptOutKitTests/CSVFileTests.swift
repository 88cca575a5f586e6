import Foundation
import Testing

@testable import OptOutKit

@Suite struct CSVFileTests {
    /// Every record of `file`.
    static func records(_ file: CSVFile) throws -> [CSVFile.Record] {
        var records: [CSVFile.Record] = []
        while let record = try file.next() { records.append(record) }
        return records
    }

    static func records(_ text: String) throws -> [CSVFile.Record] {
        try records(CSVFile(text: text))
    }

    /// A file in a fresh temporary folder holding exactly `bytes`.
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csvfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("file.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: - RFC 4180

    @Test func splitsRecordsIntoFields() throws {
        let records = try Self.records("name,category\nAcme AI,ai-developer\n")
        #expect(records.map(\.fields) == [["name", "category"], ["Acme AI", "ai-developer"]])
    }

    @Test func keepsEmptyFields() throws {
        let records = try Self.records("a,,c\n,\n")
        #expect(records.map(\.fields) == [["a", "", "c"], ["", ""]])
    }

    @Test func quotedFieldKeepsCommasAndDoubledQuotes() throws {
        let records = try Self.records(#""Acme, Inc.","say ""hi""",""\#n"#)
        #expect(records.map(\.fields) == [["Acme, Inc.", #"say "hi""#, ""]])
    }

    @Test func quotedFieldKeepsEmbeddedLineBreaks() throws {
        let records = try Self.records("\"first line\nsecond line\",x\n\"crlf\r\ninside\",y\n")
        #expect(records.map(\.fields) == [["first line\nsecond line", "x"], ["crlf\r\ninside", "y"]])
    }

    @Test func readsCRLFLineEndingsAsLF() throws {
        let lf = try Self.records("a,b\n1,2\n")
        let crlf = try Self.records("a,b\r\n1,2\r\n")
        #expect(crlf.map(\.fields) == lf.map(\.fields))
        #expect(crlf.map(\.line) == [1, 2])
    }

    @Test func readsTheLastRecordWithoutALineEnd() throws {
        #expect(try Self.records("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func skipsABOMAtTheStartOfText() throws {
        #expect(try Self.records("\u{FEFF}name,category\n").first?.fields == ["name", "category"])
    }

    @Test func skipsABOMAtTheStartOfAFile() throws {
        let path = try Self.temporaryFile([0xEF, 0xBB, 0xBF] + Array("name,category\r\nAcme,other\r\n".utf8))
        let records = try Self.records(CSVFile(path: path))
        #expect(records.map(\.fields) == [["name", "category"], ["Acme", "other"]])
    }

    @Test func skipsBlankLines() throws {
        let records = try Self.records("a\n\n\nb\r\n\r\nc\n\n")
        #expect(records.map(\.fields) == [["a"], ["b"], ["c"]])
    }

    @Test func emptyTextHasNoRecords() throws {
        #expect(try Self.records("").isEmpty)
        #expect(try Self.records("\u{FEFF}").isEmpty)
    }

    @Test func keepsNonASCIIText() throws {
        #expect(try Self.records("Müller KI GmbH,東京\n").first?.fields == ["Müller KI GmbH", "東京"])
    }

    // MARK: - Line numbers

    @Test func recordsKnowTheLineTheyStartOnPastBlankLines() throws {
        let records = try Self.records("header\n\nfirst\n\n\nsecond\n")
        #expect(records.map(\.line) == [1, 3, 6])
    }

    @Test func recordAfterAMultiLineQuotedFieldHasItsTrueLine() throws {
        let text = "h1,h2\n\"one\ntwo\nthree\",x\nnext,y\n\"a\r\nb\",z\r\nlast,w\n"
        let records = try Self.records(text)
        #expect(records.map(\.line) == [1, 2, 5, 6, 8])
        #expect(records.last?.fields == ["last", "w"])
    }

    @Test func recordsKnowTheirLinesWhenTheFileIsReadInChunks() throws {
        // Given a file larger than one read chunk, with quoted multi-line fields throughout
        var text = "name,note\n"
        for index in 1...3_000 { text += "\"Firm \(index)\",\"said \"\"no\"\"\nthen yes\"\n" }
        let records = try Self.records(CSVFile(path: try Self.temporaryFile(Array(text.utf8))))
        // Then every record is read whole, at its line
        #expect(records.count == 3_001)
        #expect(records.last?.fields == ["Firm 3000", "said \"no\"\nthen yes"])
        #expect(records.last?.line == 2 * 3_000)  // record n starts on line 2n
    }

    // MARK: - Malformed files

    @Test func unterminatedQuoteIsReportedAtTheLineItOpens() throws {
        let problem = #expect(throws: FileProblem.self) {
            try Self.records("h\nok\n\"never closed,\nstill inside\n")
        }
        #expect(problem?.line == 3)
        #expect(problem?.message.contains("never closed") == true)
    }

    @Test func textAfterAClosingQuoteIsReported() throws {
        let problem = #expect(throws: FileProblem.self) {
            try Self.records("h\n\"quoted\"tail,x\n")
        }
        #expect(problem?.line == 2)
        #expect(problem?.message.contains("after a closing quote") == true)
    }

    @Test func quoteInsideAnUnquotedFieldIsReported() throws {
        let problem = #expect(throws: FileProblem.self) {
            try Self.records("h\nok\nAcme \"AI\" Ltd,x\n")
        }
        #expect(problem?.line == 3)
        #expect(problem?.message.contains("quote inside an unquoted field") == true)
    }

    @Test func invalidUTF8IsReportedWithItsLine() throws {
        let path = try Self.temporaryFile(
            Array("name,category\nAcme,other\n".utf8) + [0x4D, 0xFC, 0x6C, 0x6C] + Array(",other\n".utf8))
        let file = try CSVFile(path: path)
        let problem = #expect(throws: FileProblem.self) { try Self.records(file) }
        #expect(problem?.line == 3)
        #expect(problem?.message.contains("UTF-8") == true)
    }

    @Test func truncatedUTF8SequenceIsReported() throws {
        let path = try Self.temporaryFile(Array("h\n".utf8) + [0xE2, 0x82])
        let problem = #expect(throws: FileProblem.self) { try Self.records(CSVFile(path: path)) }
        #expect(problem?.line == 2)
    }

    @Test func nulByteIsReportedWithItsLine() throws {
        let problem = #expect(throws: FileProblem.self) {
            try Self.records("h\nok\nAc\u{0}me,x\n")
        }
        #expect(problem?.line == 3)
        #expect(problem?.message.contains("NUL") == true)
    }

    @Test func nulByteInsideAQuotedMultiLineFieldIsReportedAtTheRecordsLine() throws {
        let path = try Self.temporaryFile(Array("h\n\"a\nb".utf8) + [0] + Array("\"\n".utf8))
        let problem = #expect(throws: FileProblem.self) { try Self.records(CSVFile(path: path)) }
        #expect(problem?.line == 2)
    }

    @Test func missingFileIsUnreadable() {
        #expect(
            throws: FileError.unreadable(path: "/nonexistent/file.csv", reason: "no such file, or it is not readable")
        ) {
            try CSVFile(path: "/nonexistent/file.csv")
        }
    }
}
