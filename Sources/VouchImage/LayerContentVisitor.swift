/// Sees every regular file of one layer while the layer pass reads it, so work that needs files' bytes
/// (a secret scan) shares the one inflate that verifies the layer and builds the filesystem, instead of
/// inflating the layer again.
///
/// A visitor belongs to one layer and is called from that layer's worker thread only, in archive order.
/// Content is handed over from the pass's own buffer: nothing is kept unless the visitor copies it.
///
/// ```swift
/// final class Sizes: LayerContentVisitor {
///     var total = 0
///     func contentLimit(for entry: LayerEntry) -> Int? { entry.isWhiteout ? nil : Int(entry.size) }
///     func visit(_ entry: LayerEntry, content: UnsafeRawBufferPointer) { total += content.count }
///     func layerEnded(unread: String?) {}
/// }
/// ```
public protocol LayerContentVisitor: AnyObject {
    /// How many of `entry`'s first bytes to hand to ``visit(_:content:)``; nil skips the entry (its
    /// content is then not copied anywhere). Asked once per regular file, in archive order.
    func contentLimit(for entry: LayerEntry) -> Int?
    /// The entry's first bytes (at most its ``contentLimit(for:)``), valid only during the call.
    func visit(_ entry: LayerEntry, content: UnsafeRawBufferPointer)
    /// Called once when the pass over the layer ends. `unread` says why some of the layer's entries were
    /// not seen (a missing blob, a corrupt stream, a limit), nil when every entry was.
    func layerEnded(unread: String?)
}
