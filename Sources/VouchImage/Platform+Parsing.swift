public import VouchCore

extension Platform {
    /// Parses `os/arch[/variant]`, the form of `--platform` (as in docker and skopeo).
    public init(parsing text: String) throws(VouchError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw VouchError(.invalidArgument, "platform '\(text)' is not os/arch[/variant], e.g. linux/amd64 or linux/arm/v7")
        }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }
}
