import Foundation

/// The part of JSON Schema (2020-12) that `docs/json/*.schema.json` use: `type` (one or a list), `enum`,
/// `properties`, `required`, `additionalProperties` (false or a schema) and `items`. Enough to pin every key a
/// command prints, its type, and that nothing is `null`.
struct JSONSchemaValidator {
    let schema: [String: Any]

    init(file: URL) throws {
        let data = try Data(contentsOf: file)
        schema = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Every place where `value` breaks the schema, as "path: problem"; empty when it conforms.
    func problems(in value: Any) -> [String] {
        Self.problems(value, against: schema, at: "$")
    }

    private static func typeName(of value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let number as NSNumber:
            // JSONSerialization keeps the literal's kind in the number's type code: c bool, d/f decimal.
            switch String(cString: number.objCType) {
            case "c": return "boolean"
            case "d", "f": return "number"
            default: return "integer"
            }
        case is String: return "string"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        default: return "unknown"
        }
    }

    private static func problems(_ value: Any, against schema: [String: Any], at path: String) -> [String] {
        var found: [String] = []
        let actual = typeName(of: value)
        if let type = schema["type"] {
            let allowed = (type as? [String]) ?? [type as? String ?? ""]
            let matches = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !matches { return ["\(path): is \(actual), the schema allows \(allowed.joined(separator: " or "))"] }
        }
        if let options = schema["enum"] as? [String] {
            if !options.contains(value as? String ?? "\u{0}") {
                found.append("\(path): '\(value)' is not one of \(options.joined(separator: ", "))")
            }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                found.append("\(path): the required key '\(key)' is missing")
            }
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[key] as? [String: Any] {
                    found += problems(member, against: propertySchema, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    found += problems(member, against: additional, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path): the key '\(key)' is not in the schema")
                } else if member is NSNull {
                    found.append("\(path).\(key): null (absent values are omitted)")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() {
                found += problems(element, against: items, at: "\(path)[\(index)]")
            }
        }
        return found
    }
}
