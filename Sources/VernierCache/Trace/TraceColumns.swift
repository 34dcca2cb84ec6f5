/// Which CSV column holds what: matched against documented aliases, or mapped by the user
/// (`--columns time=ts,file=lfn,size=bytes`).
public struct TraceColumns: Sendable, Hashable {
    /// What a column means.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case time, file, size, `protocol`, cpuTime = "cpu_time", ioTime = "io_time", dataType = "data_type", site, user, dataset

        /// Header names recognised for the role (compared case-insensitively, spaces and dashes as `_`).
        public var aliases: [String] {
            switch self {
            case .time: ["time", "timestamp", "ts", "t", "clock_time", "real_time", "access_time", "start_time", "request_time"]
            case .file: ["file", "file_id", "fileid", "filename", "file_name", "lfn", "obj_id", "object", "object_id", "id", "key", "name"]
            case .size: ["size", "file_size", "filesize", "obj_size", "object_size", "bytes", "size_bytes"]
            case .protocol: ["protocol", "proto", "access", "access_protocol"]
            case .cpuTime: ["cpu_time", "cputime", "cpu"]
            case .ioTime: ["io_time", "iotime", "io"]
            case .dataType: ["data_type", "datatype", "type"]
            case .site: ["site", "site_name"]
            case .user: ["user", "user_id", "username"]
            case .dataset: ["dataset", "dataset_id", "dataset_name", "block", "directory", "dir"]
            }
        }

        var isRequired: Bool { self == .time || self == .file || self == .size }
    }

    /// Column index (0-based) of each role found.
    public private(set) var index: [Role: Int] = [:]
    /// Number of columns in the header.
    public let columnCount: Int

    /// Resolves roles against `header`: an explicit `mapping` (role → column name) first, then aliases.
    public init(header: [String], mapping: [String: String] = [:]) throws(TraceError) {
        columnCount = header.count
        let normalized = header.map(Self.normalize)
        // In a fixed order, so that which of two conflicting pairs is named does not depend on hashing.
        var mappedBy: [Role: String] = [:], columnOwner: [Int: String] = [:]
        for (roleText, column) in mapping.sorted(by: { $0.key < $1.key }) {
            guard let role = Role(rawValue: roleText) ?? Role.allCases.first(where: { $0.aliases.contains(roleText) }) else {
                throw .badColumnMapping("--columns: unknown role '\(roleText)'; roles are "
                    + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let position = normalized.firstIndex(of: Self.normalize(column)) else {
                throw .badColumnMapping("--columns \(roleText)=\(column): the header has no column '\(column)' "
                    + "(it has \(header.joined(separator: ",")))")
            }
            if let earlier = mappedBy[role] {
                throw .badColumnMapping("--columns maps the \(role.rawValue) role twice (\(earlier) and "
                    + "\(roleText)=\(column)); give each role one column")
            }
            if let owner = columnOwner[position] {
                throw .badColumnMapping("--columns maps column '\(header[position])' to two roles (\(owner) and "
                    + "\(roleText)=\(column)); give each column one role")
            }
            mappedBy[role] = "\(roleText)=\(column)"
            columnOwner[position] = "\(roleText)=\(column)"
            index[role] = position
        }
        for role in Role.allCases where index[role] == nil {
            let used = Set(index.values)
            if let position = normalized.indices.first(where: { !used.contains($0) && role.aliases.contains(normalized[$0]) }) {
                index[role] = position
            } else if role.isRequired {
                throw .missingColumn(role: role.rawValue, header: header, aliases: role.aliases)
            }
        }
    }

    /// Parses `time=ts,file=lfn,size=bytes` into role → column name.
    public static func parseMapping(_ text: String) throws(TraceError) -> [String: String] {
        var mapping: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .badColumnMapping("--columns takes ROLE=COLUMN pairs separated by commas "
                    + "(e.g. time=ts,file=lfn,size=bytes); '\(pair)' is not one")
            }
            mapping[parts[0].lowercased()] = parts[1]
        }
        return mapping
    }

    static func normalize(_ name: String) -> String {
        String(name.trimmingCharacters(in: .whitespaces).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}
