import VouchCore
import VouchImage
import VouchTestSupport

/// What the CLI tests compare the binary's output with: the library's reading of the same fixture.
extension ImageFixtures {
    static func load(_ name: String) throws(VouchError) -> LoadedImage {
        try ImageLoader().load(ImageReference(path: path(name)))
    }

    static func verify(_ name: String) throws(VouchError) -> ImageVerificationReport {
        ImageVerifier().verify(try load(name))
    }
}
