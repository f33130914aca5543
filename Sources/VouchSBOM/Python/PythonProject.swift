import Foundation
public import VouchCore
import VouchFiles

/// A Python project's name and version, from its `pyproject.toml`: the `[project]` table (PEP 621, the
/// packaging guide's "pyproject.toml specification"), else Poetry's `[tool.poetry]`. It names the root of a
/// venv's SBOM: the project the venv was built for, not the directory it sits in.
///
/// Only those two tables' `name` and `version` strings are read (TOML 1.0 basic and literal strings), line
/// by line: a full TOML library here would put its literal-convertible value types in scope of every
/// module that imports this one.
public struct PythonProject: Hashable, Sendable {
    public var name: String
    /// Nil when the version is `dynamic` or not written.
    public var version: String?
    /// The `pyproject.toml` read.
    public var path: String

    /// The largest `pyproject.toml` read.
    public static let maxPyprojectBytes = 1 << 20

    /// What looking for a directory's project found: the project, or why a `pyproject.toml` there could
    /// not be used (a warning: the SBOM is still written, named after the directory).
    public struct Lookup: Sendable {
        public var project: PythonProject?
        public var warning: String?
    }

    /// The project `directory` belongs to: its own `pyproject.toml`, or, for a venv (it has `pyvenv.cfg`),
    /// the one next to it (`project/.venv` belongs to `project/pyproject.toml`).
    public static func find(for directory: String) -> Lookup {
        var candidates = [directory + "/pyproject.toml"]
        if FileManager.default.fileExists(atPath: directory + "/pyvenv.cfg") {
            candidates.append(URL(fileURLWithPath: directory).standardizedFileURL.deletingLastPathComponent().path + "/pyproject.toml")
        }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            do throws(VouchError) {
                if let project = try read(path) { return Lookup(project: project) }
            } catch {
                return Lookup(warning: "\(error.description); the SBOM's root is named after the directory")
            }
        }
        return Lookup()
    }

    /// The project `path` declares; nil when it names none (a `pyproject.toml` holding only tool settings).
    public static func read(_ path: String) throws(VouchError) -> PythonProject? {
        let bytes = try BoundedFileReader.read(path, limit: maxPyprojectBytes, limitName: "maxPyprojectBytes")
        let text = String(decoding: bytes, as: UTF8.self)
        var tables: [String: [String: String]] = [:]
        var current: String?
        var multiline: Substring?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.drop { $0 == " " || $0 == "\t" }
            if let delimiter = multiline {
                // Inside a multi-line string (a long description): nothing here is a key.
                if line.contains(delimiter) { multiline = nil }
                continue
            }
            if line.hasPrefix("[") {
                guard line.contains("]") else {
                    throw VouchError(.malformedInput, "line \(number + 1): a table header without its closing ]", path: path)
                }
                let header = line.prefix { $0 != "]" }.dropFirst().trimmingCharacters(in: .whitespaces)
                current = line.hasPrefix("[[") ? nil : header
                continue
            }
            guard let table = current, table == "project" || table == "tool.poetry" else {
                if let delimiter = Self.opensMultilineString(line) { multiline = delimiter }
                continue
            }
            let key = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            line = line.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
            guard key == "name" || key == "version", line.first == "=" else {
                if let delimiter = Self.opensMultilineString(line) { multiline = delimiter }
                continue
            }
            let value = line.dropFirst().drop { $0 == " " || $0 == "\t" }
            guard let string = Self.string(value) else {
                throw VouchError(.malformedInput, "line \(number + 1): [\(table)] \(key) is not a one-line TOML string", path: path)
            }
            tables[table, default: [:]][String(key)] = tables[table]?[String(key)] ?? string
        }
        for table in ["project", "tool.poetry"] {
            guard let name = tables[table]?["name"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { continue }
            let version = tables[table]?["version"]?.trimmingCharacters(in: .whitespaces)
            return PythonProject(name: name, version: version?.isEmpty == false ? version : nil, path: path)
        }
        return nil
    }

    /// The triple quote (`'''` or three double quotes) that a line opens and does not close.
    static func opensMultilineString(_ line: Substring) -> Substring? {
        for delimiter in ["\"\"\"", "'''"] {
            guard let start = line.range(of: delimiter) else { continue }
            return line[start.upperBound...].contains(delimiter) ? nil : Substring(delimiter)
        }
        return nil
    }

    /// A TOML basic (`"..."`, with escapes) or literal (`'...'`) string followed by nothing but a comment.
    static func string(_ value: Substring) -> String? {
        guard let quote = value.first, quote == "\"" || quote == "'", !value.hasPrefix("\"\"\""), !value.hasPrefix("'''") else { return nil }
        var out = ""
        var index = value.index(after: value.startIndex)
        while index < value.endIndex {
            let character = value[index]
            if character == quote {
                let rest = value[value.index(after: index)...].drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                return rest.isEmpty || rest.hasPrefix("#") ? out : nil
            }
            if character == "\\", quote == "\"" {
                index = value.index(after: index)
                guard index < value.endIndex else { return nil }
                switch value[index] {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "u", "U":
                    let count = value[index] == "u" ? 4 : 8
                    let digits = value[value.index(after: index)...].prefix(count)
                    guard digits.count == count, let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code) else { return nil }
                    out.unicodeScalars.append(scalar)
                    index = value.index(index, offsetBy: count)
                default: return nil
                }
            } else {
                out.append(character)
            }
            index = value.index(after: index)
        }
        return nil
    }
}
