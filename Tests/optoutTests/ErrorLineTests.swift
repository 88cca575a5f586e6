import Foundation
import Testing

/// The `error:` line of a message this change rewords, word for word (every other line is as
/// before, and the command tests that pin them still pass).
@Suite struct ErrorLineTests {
    func expectLine(_ run: Workspace.Run, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status != 0, "succeeded: \(run.stdout)", sourceLocation: sourceLocation)
        #expect(run.stderr == "error: \(line)\n", sourceLocation: sourceLocation)
    }

    @Test func aDatabaseThatCannotBeCreatedSaysWhyAndWhatToDo() throws {
        let workspace = try Workspace()
        let path = workspace.folder.appendingPathComponent("missing/optout.sqlite").path
        expectLine(
            try workspace.run("init", "--db", path),
            "cannot create \(path) (No such file or directory); check that its folder exists and is writable, or name another file with --db"
        )
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
