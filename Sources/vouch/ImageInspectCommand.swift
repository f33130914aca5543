import ArgumentParser
import VouchCore
import VouchImage

struct ImageInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an image's format, tags, digests, platform, layers and history.",
        discussion: """
            Reads and checks the documents only (index, manifest, config), not the layers; use \
            `vouch image verify` for that.

            Examples:
              vouch image inspect app.tar
              vouch image inspect --format json ./layout
            """
    )

    @OptionGroup var options: ImageOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let summary = ImageSummary(try options.load())
        switch format {
        case .json:
            print(try JSONOutput.encode(summary), terminator: "")
        case .text:
            print(ImageText.summary(summary), terminator: "")
            if let created = summary.created { print("created: \(created)") }
            print("layers:")
            for layer in summary.layers {
                print("  \(layer.index): \(layer.digest?.description ?? layer.path)  \(layer.size.map { "\($0) bytes" } ?? "-")  \(layer.mediaType)")
                print("     diff_id: \(layer.diffID?.description ?? "-")")
            }
            if !summary.history.isEmpty {
                print("history:")
                for entry in summary.history {
                    print("  \(entry.created ?? "-")  \(entry.emptyLayer == true ? "(empty) " : "")\(entry.createdBy ?? entry.comment ?? "")")
                }
            }
        }
    }
}
