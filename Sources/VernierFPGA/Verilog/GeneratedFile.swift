/// One file an emitter produces: a path relative to the export directory and its contents. Emitters return
/// files as values; only the command line writes them.
public struct GeneratedFile: Sendable, Hashable {
    /// Relative path, `/`-separated.
    public var path: String
    /// The text.
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
