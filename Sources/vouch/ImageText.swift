import VouchCore
import VouchImage

/// Text renderings shared by the image subcommands.
enum ImageText {
    static func summary(_ image: ImageSummary) -> String {
        var lines = ["image: \(image.path.terminalEscaped)", "format: \(image.format)"]
        if !image.tags.isEmpty { lines.append("tags: \(image.tags.joined(separator: ", ").terminalEscaped)") }
        for digest in image.indexDigests { lines.append("index: \(digest)") }
        if let manifest = image.manifestDigest { lines.append("manifest: \(manifest)") }
        lines.append("config: \(image.configDigest)")
        if let platform = image.platform { lines.append("platform: \(platform.terminalEscaped)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
