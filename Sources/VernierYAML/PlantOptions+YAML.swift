import Foundation
import VernierCore
import Yams

extension PlantOptions {
    /// Parses YAML (or JSON) text; an empty or null document means no options.
    ///
    /// - Throws: ``OptionsError`` naming `source` for text that is not YAML or not a mapping at the top level.
    public init(yaml text: String, source: String, directory: URL? = nil) throws(OptionsError) {
        do {
            let node = try Yams.compose(yaml: text)
            if let node, node.mapping == nil, node.null == nil {
                throw OptionsError(source: source, message: "expected a mapping of option names to values at the top level")
            }
            let document = node.flatMap { $0.null == nil ? YAMLOptionsDocument(node: $0) : nil }
            self.init(document: document, source: source, directory: directory)
        } catch let error as OptionsError {
            throw error
        } catch {
            throw OptionsError(source: source, message: "not valid YAML: \(error)")
        }
    }

    /// Reads and parses a YAML file; relative paths inside it resolve against its folder.
    public init(contentsOf url: URL) throws(OptionsError) {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw OptionsError(source: url.path, message: "cannot read the file: \(error.localizedDescription)")
        }
        try self.init(yaml: text, source: url.path, directory: url.deletingLastPathComponent())
    }

    /// The YAML tree of the options, for readers that walk it themselves (register maps, device definitions).
    public var yamlNode: Yams.Node? {
        (document as? YAMLOptionsDocument)?.node
    }
}
