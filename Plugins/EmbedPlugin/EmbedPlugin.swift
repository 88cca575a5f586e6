import Foundation
import PackagePlugin

/// Embeds the package's `Schema/`, `Templates/` and `Calendars/` folders into the target as Swift source,
/// so they stay the single source of the SQL and the templates and the binary runs alone.
@main
struct EmbedPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL
        let folders = ["Schema", "Templates", "Calendars"]
        var inputs: [URL] = []
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) {
                for case let url as URL in walker where !url.hasDirectoryPath {
                    inputs.append(url)
                }
            }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding Schema/, Templates/ and Calendars/",
                executable: try context.tool(named: "EmbedResources").url,
                arguments: [output.path, root.path] + folders,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
