import Foundation
import Testing

/// `optout --version` prints the version written once in the source (`OptOut.version`).
@Suite struct VersionCommandTests {
    @Test func versionIsTheOneWrittenInTheSource() throws {
        let source = try String(
            contentsOf: ReadmeTests.packageRoot.appendingPathComponent("Sources/optout/OptOut.swift"),
            encoding: .utf8)
        let declared = source.components(separatedBy: "\n").first { $0.contains("static let version = \"") }
            .flatMap { $0.split(separator: "\"").dropFirst().first.map(String.init) }
        let workspace = try Workspace()
        let run = try workspace.run("--version")
        #expect(run.status == 0)
        #expect(declared != nil)
        #expect(run.stdout == "\(declared ?? "?")\n")
    }
}
