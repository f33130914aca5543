import Foundation
import Testing
import VouchCore
import VouchImage
import VouchTestSupport

/// Loaders for the shared image fixtures (``ImageFixtures`` in VouchTestSupport).
extension ImageFixtures {
    static func load(_ name: String, tag: String? = nil, platform: Platform? = nil, limits: ImageLimits = ImageLimits()) throws(VouchError) -> LoadedImage {
        try ImageLoader(limits: limits).load(ImageReference(path: path(name), tag: tag), platform: platform)
    }

    static func verify(_ name: String, platform: Platform? = nil, limits: ImageLimits = ImageLimits()) throws(VouchError) -> ImageVerificationReport {
        ImageVerifier(limits: limits).verify(try load(name, platform: platform, limits: limits))
    }
}
