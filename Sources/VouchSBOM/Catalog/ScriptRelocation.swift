import Foundation
import VouchCore

/// A console script whose only difference from RECORD is its `#!` line: the environment was built in
/// one directory and moved to another (a multi-stage Dockerfile copying a venv, a relocating tool),
/// and the interpreter path was rewritten to the new place.
///
/// The rule (see the README, "sbom verify-record"): a RECORD-listed file that does not match its
/// recorded SHA-256 is `relocated`, not `modified`, only when all of these hold:
/// 1. its first line is `#!<directory of the script>/python[X[.Y]]`, the interpreter of this same
///    environment, where the script now is (a `#!` naming anything else is tampering);
/// 2. the rest of the file, from the second line on, is byte for byte the launcher pip writes for an
///    entry point the distribution declares under that script's name (`entry_points.txt`,
///    `[console_scripts]` or `[gui_scripts]`, `name = module:attr`);
/// 3. RECORD's size for the file equals that rest's length plus the length of a `#!` line of 12 bytes
///    or more, so the recorded file was that launcher under some other `#!` line.
/// RECORD's hash cannot be recomputed (it covers the old `#!` line, whose path is gone), so the proof
/// is the regenerated launcher plus the recorded size.
struct ScriptRelocation: Sendable {
    /// The launcher pip (`pip._internal.operations.install.wheel`, via distlib's ScriptMaker) writes
    /// after the `#!` line, for `module:attr`.
    static func launcher(module: String, attribute: String) -> String {
        let importName = attribute.split(separator: ".").first.map(String.init) ?? attribute
        return """
            # -*- coding: utf-8 -*-
            import re
            import sys
            from \(module) import \(importName)
            if __name__ == '__main__':
                sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
                sys.exit(\(attribute)())

            """
    }

    /// `name = module:attr` entries of the console and GUI script sections of `entry_points.txt`.
    static func entryPoints(_ text: String) -> [String: (module: String, attribute: String)] {
        var result: [String: (module: String, attribute: String)] = [:]
        var inScripts = false
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                inScripts = line == "[console_scripts]" || line == "[gui_scripts]"
                continue
            }
            guard inScripts, let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            var target = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let extras = target.firstIndex(of: "[") { target = String(target[..<extras]).trimmingCharacters(in: .whitespaces) }
            let parts = target.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { continue }
            result[name] = (parts[0], parts[1])
        }
        return result
    }

    /// The explanation when `bytes` (the script at `scriptDirectory/name`) is a relocated launcher for
    /// one of `entryPoints` with RECORD size `recordedSize`; nil when it is not (then it is modified).
    static func explain(
        _ bytes: [UInt8], name: String, scriptDirectory: String, recordedSize: Int64?,
        entryPoints: [String: (module: String, attribute: String)]
    ) -> String? {
        guard bytes.starts(with: Array("#!".utf8)), let newline = bytes.firstIndex(of: 0x0A) else { return nil }
        let shebang = String(decoding: bytes[2..<newline], as: UTF8.self)
        let interpreterPrefix = scriptDirectory.hasSuffix("/") ? scriptDirectory : scriptDirectory + "/"
        guard shebang.hasPrefix(interpreterPrefix) else { return nil }
        let interpreter = shebang.dropFirst(interpreterPrefix.count)
        guard interpreter.hasPrefix("python"), interpreter.dropFirst("python".count).allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else {
            return nil
        }
        guard let entry = entryPoints[name] else { return nil }
        let rest = bytes[(newline + 1)...]
        guard rest.elementsEqual(launcher(module: entry.module, attribute: entry.attribute).utf8) else { return nil }
        guard let recordedSize, recordedSize - Int64(rest.count) >= 12 else { return nil }
        return "only the #! line differs from RECORD (now #!\(shebang), this environment's own interpreter): the rest is "
            + "pip's launcher for the entry point \(name) = \(entry.module):\(entry.attribute), and RECORD's size fits it under "
            + "a \(recordedSize - Int64(rest.count))-byte #! line; the environment was moved after installation"
    }
}
