import Foundation

/// A template that cannot be used: missing, refused before it is parsed or rendered, not valid
/// Mustache, or (for the report) not writable in parts. Each names the file. Nothing was written.
public enum TemplateError: OptOutError, Equatable, Sendable {
    // Finding templates
    /// `--templates` (or $OPTOUT_TEMPLATES) names no folder.
    case folderMissing(directory: String)
    /// `name` is no letter template; `known` are those there are.
    case unknownLetterTemplate(name: String, known: [String])
    /// The templates folder lacks `name` (a built-in one exists), and built-ins may not stand in.
    case notInFolder(name: String, directory: String)
    /// `name` is no template at all; `builtIn` are the built-in ones.
    case unknownTemplate(name: String, builtIn: [String])

    // Reading and checking a template
    case tooLarge(origin: String, bytes: Int)
    case tooDeep(origin: String, line: Int)
    case empty(origin: String)
    case notAFile(path: String)
    case unreadable(path: String)
    case notUTF8(path: String)
    case missingPartial(origin: String, line: Int, partial: String, folder: String?)
    case recursivePartial(origin: String, line: Int, chain: [String])
    case dynamicPartial(origin: String, line: Int)

    // Parsing
    /// A section (`{{#x}}`, `{{^x}}`, shown as `tag`) opened at `line` and never closed.
    case unclosedSection(origin: String, line: Int, tag: String)
    /// Mustache's parser stopped at `line`.
    case syntax(origin: String, line: Int, problem: MustacheProblem)
    /// The parser failed without a line; `detail` is its own report.
    case unparsable(origin: String, detail: String)

    // Rendering
    /// The template rendered to nothing but white space: such a letter is never logged.
    case emptyLetter(template: String)
    /// The report template puts its lists in another order than the report writes them.
    case reportListsOutOfOrder
    /// The report template's text around a list changes with the list, so it cannot be
    /// written a part at a time.
    case reportNotWritableInParts

    /// What Mustache's parser found wrong.
    public enum MustacheProblem: Equatable, Sendable, CustomStringConvertible {
        case sectionClosedWithOtherName
        case unfinishedTag
        case sectionNeverClosed
        case badSetDelimiter
        /// Another parser error, in the parser's own words.
        case parser(String)

        public var description: String {
            switch self {
            case .sectionClosedWithOtherName: "a section is closed with a name other than the one it was opened with"
            case .unfinishedTag: "a tag is not finished (`{{` without a matching `}}`)"
            case .sectionNeverClosed: "a section is opened and never closed"
            case .badSetDelimiter: "a set-delimiter tag is malformed"
            case .parser(let words): words
            }
        }
    }

    public var description: String {
        switch self {
        case .folderMissing(let directory):
            return
                "the templates folder \(directory) does not exist; make it with `optout templates --export \(directory)`, or leave out --templates (and $OPTOUT_TEMPLATES) to use the built-in templates"
        case .unknownLetterTemplate(let name, let known):
            return "there is no letter template \(quoted(name)); use one of \(known.joined(separator: ", "))"
        case .notInFolder(let name, let directory):
            return
                "the template \(name).mustache is not in \(directory); copy the built-in one there with `optout templates --export DIR`, or add --fallback-to-built-in to use the built-in one"
        case .unknownTemplate(let name, let builtIn):
            return "there is no template \(quoted(name)); the built-in templates are \(builtIn.joined(separator: ", "))"
        case .tooLarge(let origin, let bytes):
            return
                "\(origin) is \(bytes / 1024) KB; a template may be at most \(TemplateScan.maximumBytes >> 20) MB, so check it is the right file"
        case .tooDeep(let origin, let line):
            return
                "\(origin), line \(line): sections (with the partials that include them) are nested more than \(TemplateScan.maximumDepth) deep; a letter or report needs far fewer, so close the sections you open"
        case .empty(let origin):
            return
                "\(origin) is empty; write the letter in it, or remove it to use the built-in one with --fallback-to-built-in"
        case .notAFile(let path):
            return "the template \(path) is not a regular file; put the template's text in a file of that name"
        case .unreadable(let path):
            return "cannot read the template \(path); check its permissions"
        case .notUTF8(let path):
            return "the template \(path) is not UTF-8 text; save it as UTF-8"
        case .missingPartial(let origin, let line, let partial, let folder):
            let looked =
                folder.map {
                    "there is no \(URL(fileURLWithPath: $0).appendingPathComponent("\(partial).mustache").path)"
                }
                ?? "the built-in templates have none of that name"
            return
                "\(origin), line \(line): the partial {{> \(partial)}} does not exist (\(looked)); add it, or remove the tag"
        case .recursivePartial(let origin, let line, let chain):
            return
                "\(origin), line \(line): the partial {{> \(chain.last ?? "")}} includes itself (\(chain.joined(separator: " → "))); remove the loop"
        case .dynamicPartial(let origin, let line):
            return "\(origin), line \(line): a dynamic partial ({{>*name}}) is not supported; name the partial"
        case .unclosedSection(let origin, let line, let tag):
            return
                "\(origin), line \(line): Mustache syntax error: the section \(tag) opened there is never closed; add its {{/...}} or remove it"
        case .syntax(let origin, let line, let problem):
            return "\(origin), line \(line): Mustache syntax error: \(problem); fix the template"
        case .unparsable(let origin, let detail):
            return "\(origin) cannot be parsed: \(detail); fix the template"
        case .emptyLetter(let template):
            return "the letter template \(quoted(template)) renders an empty letter; write the letter in it"
        case .reportListsOutOfOrder:
            return "the report's lists are out of order in the template"
        case .reportNotWritableInParts:
            return "the report could not be written in parts"
        }
    }
}
