import Foundation

/// The properties a fuzz target asserts beyond "no crash": a broken one prints what and traps, so libFuzzer
/// saves the input as a crash.
enum FuzzCheck {
    /// Traps with `message` unless `condition` holds.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String,
                        file: StaticString = #fileID, line: UInt = #line) {
        guard !condition else { return }
        FileHandle.standardError.write(Data("fuzz property broken (\(file):\(line)): \(message())\n".utf8))
        fatalError("fuzz property broken: \(message())", file: file, line: line)
    }

    /// Whether `message` names a place as `line:column` (or Yams' "line L, column C").
    static func hasLineAndColumn(_ message: String) -> Bool {
        let scalars = Array(message.unicodeScalars)
        var index = 0
        while index < scalars.count {
            // digits ':' digits
            var end = index
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            if end > index, end + 1 < scalars.count, scalars[end] == ":", ("0"..."9").contains(scalars[end + 1]) {
                return true
            }
            index = max(end, index + 1)
        }
        return message.contains(" line ") && message.contains(", column ")
    }

    /// The input as text, with invalid UTF-8 repaired (every reader Vernier has takes text).
    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
