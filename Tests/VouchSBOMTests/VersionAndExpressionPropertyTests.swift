import PropertyBased
import Testing
@testable import VouchSBOM

/// Properties over generated inputs (issue 19): PEP 440 versions (normal form, spelling, total order) and
/// SPDX license expressions (print, parse, canonical form).
@Suite("properties: PEP 440 version order and normal form, SPDX expression parse/print")
struct VersionAndExpressionPropertyTests {
    // MARK: PEP 440

    /// The parts of a version and its PEP 440 normal form.
    struct Parts: Sendable, CustomStringConvertible {
        var epoch: Int
        var release: [Int]
        var pre: (kind: Int, number: Int)?
        var post: Int?
        var dev: Int?
        var local: [String]

        var description: String {
            var text = epoch == 0 ? "" : "\(epoch)!"
            text += release.map(String.init).joined(separator: ".")
            if let pre { text += ["a", "b", "rc"][pre.kind] + "\(pre.number)" }
            if let post { text += ".post\(post)" }
            if let dev { text += ".dev\(dev)" }
            if !local.isEmpty { text += "+" + local.joined(separator: ".") }
            return text
        }

        /// Another spelling PEP 440 normalises to the same version ("Normalization"): case, `alpha`/`c`/
        /// `preview` words, `-`/`_`/`.` separators, implicit post numbers, a `v` prefix, surrounding space.
        func spelled(_ choice: Int) -> String {
            var bits = UInt64(truncatingIfNeeded: choice) &* 0x9E37_79B9_7F4A_7C15
            func pick(_ count: Int) -> Int {
                bits = bits &* 6364136223846793005 &+ 1442695040888963407
                return Int(bits >> 33) % count
            }
            var text = pick(4) == 0 ? "v" : ""
            if epoch != 0 { text += "\(epoch)!" }
            text += release.map(String.init).joined(separator: ".")
            if let pre {
                text += ["", ".", "-", "_"][pick(4)]
                text += [["a", "alpha", "A", "Alpha"], ["b", "beta", "B"], ["rc", "c", "pre", "preview", "RC"]][pre.kind].randomElementIndexed(pick)
                text += ["", ".", "-", "_"][pick(4)] + "\(pre.number)"
            }
            if let post {
                switch pick(3) {
                case 0: text += "-\(post)"
                case 1: text += ["", ".", "_"][pick(3)] + ["post", "rev", "r", "POST"][pick(4)] + ["", ".", "-"][pick(3)] + "\(post)"
                default: text += ".post\(post)"
                }
            }
            if let dev { text += ["", ".", "-", "_"][pick(4)] + ["dev", "DEV"][pick(2)] + "\(dev)" }
            if !local.isEmpty { text += "+" + local.map { $0.uppercased() == $0 ? $0 : (pick(2) == 0 ? $0.uppercased() : $0) }.joined(separator: [".", "-", "_"][pick(3)]) }
            return [" ", "", "\t"][pick(3)] + text + ["", " ", "\n"][pick(3)]
        }
    }

    static let localSegment = Gen<Character?>.element(of: Array("ab1z0")).map { $0 ?? "a" }.string(of: 1...3)
    static let parts = zip(
        Gen.int(in: -6...2).map { max(0, $0) },
        Gen.int(in: 0...12).array(of: 1...4),
        zip(Gen.int(in: 0...2), Gen.int(in: 0...3)).optional(valueRate: 0.4),
        Gen.int(in: 0...3).optional(valueRate: 0.3),
        Gen.int(in: 0...3).optional(valueRate: 0.3),
        Self.localSegment.array(of: 0...2)
    ).map { epoch, release, pre, post, dev, local in
        Parts(epoch: epoch, release: release, pre: pre.map { (kind: $0.0, number: $0.1) }, post: post, dev: dev, local: local)
    }

    static func version(_ parts: Parts) -> PythonVersion? { PythonVersion(parts.description) }

    @Test("PEP 440: a generated normal form parses and prints itself; every other spelling of it parses to the same version")
    func normalFormAndSpellings() async {
        await propertyCheck(count: 800, input: Self.parts, Gen.int(in: 0...Int(Int32.max))) { parts, choice in
            guard let version = PythonVersion(parts.description) else {
                Issue.record("'\(parts)' does not parse")
                return
            }
            #expect(version.description == parts.description)
            let spelling = parts.spelled(choice)
            let respelled = PythonVersion(spelling)
            #expect(respelled == version, "'\(spelling)' is not '\(parts)'")
            #expect(respelled?.description == parts.description, "'\(spelling)' normalises to '\(respelled?.description ?? "nil")'")
        }
    }

    @Test("PEP 440 order: of a < b, b < a, a == b exactly one holds; equal versions hash alike; < is transitive")
    func orderIsTotalAndTransitive() async {
        await propertyCheck(count: 1500, input: Self.parts, Self.parts, Self.parts) { a, b, c in
            let versions = [a, b, c].compactMap(Self.version)
            #expect(versions.count == 3)
            for x in versions {
                for y in versions {
                    #expect([x < y, y < x, x == y].filter { $0 }.count == 1, "'\(x)' vs '\(y)'")
                    if x == y { #expect(x.hashValue == y.hashValue, "'\(x)' == '\(y)' but they hash apart") }
                    for z in versions where x < y && y < z { #expect(x < z, "'\(x)' < '\(y)' < '\(z)'") }
                }
            }
        }
    }

    @Test("PEP 440 order: trailing zero release segments and zero-padded local numbers change neither equality nor the hash")
    func paddingChangesNothing() async {
        await propertyCheck(count: 300, input: Self.parts, Gen.int(in: 1...3)) { parts, zeros in
            var padded = parts
            padded.release += Array(repeating: 0, count: zeros)
            guard let plain = Self.version(parts), let longer = Self.version(padded) else {
                Issue.record("'\(parts)' does not parse")
                return
            }
            #expect(plain == longer && plain.hashValue == longer.hashValue, "'\(parts)' vs '\(padded)'")
            // Numeric local segments compare as numbers (PEP 440 "Local version identifiers"): `+01` is `+1`.
            var zeroLocal = parts
            zeroLocal.local = parts.local.map { $0.allSatisfy(\.isNumber) ? "0" + $0 : $0 }
            if let local = Self.version(zeroLocal) {
                #expect([plain < local, local < plain, plain == local].filter { $0 }.count == 1, "'\(parts)' vs '\(zeroLocal)'")
                #expect(plain == local && plain.hashValue == local.hashValue, "'\(parts)' vs '\(zeroLocal)'")
            }
        }
    }

    // MARK: SPDX expressions

    static let licenseIDs = ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-only", "GPL-3.0-or-later", "LGPL-2.1-only", "MPL-2.0", "ISC", "Zlib", "0BSD"]
    static let exceptionIDs = ["Classpath-exception-2.0", "LLVM-exception", "GCC-exception-3.1"]

    /// A generated expression tree, as a flat recipe: one leaf per item, joined left to right with AND/OR,
    /// grouped at the given nesting.
    struct Recipe: Sendable, CustomStringConvertible {
        var leaves: [(license: Int, exception: Int?, reference: Bool)]
        var operators: [Bool]
        var groups: [Int]

        func tree() -> SPDXExpression.Node {
            func leaf(_ i: Int) -> SPDXExpression.Node {
                let item = leaves[i]
                if item.reference { return .license("LicenseRef-custom-\(item.license)", exception: nil) }
                return .license(licenseIDs[item.license], exception: item.exception.map { exceptionIDs[$0] })
            }
            var node = leaf(0)
            for i in 1..<leaves.count {
                let right = leaf(i)
                // groups[i] decides whether the new leaf joins on the right of the whole (left-nested) or the
                // left of it, so both nestings appear.
                if groups[i % groups.count] % 2 == 0 {
                    node = operators[i - 1] ? .and(node, right) : .or(node, right)
                } else {
                    node = operators[i - 1] ? .and(right, node) : .or(right, node)
                }
            }
            return node
        }

        var description: String { Self.print(tree(), lowercase: false, spaces: " ") }

        /// Every compound operand in parentheses, so the text's structure is exactly the tree's.
        static func print(_ node: SPDXExpression.Node, lowercase: Bool, spaces: String) -> String {
            func operand(_ child: SPDXExpression.Node) -> String {
                if case .license = child { return print(child, lowercase: lowercase, spaces: spaces) }
                return "(" + print(child, lowercase: lowercase, spaces: spaces) + ")"
            }
            func word(_ text: String) -> String { lowercase ? text.lowercased() : text }
            switch node {
            case .license(let id, let exception):
                let license = id.hasPrefix("LicenseRef-") ? id : word(id)
                return exception.map { license + spaces + word("WITH") + spaces + word($0) } ?? license
            case .and(let a, let b): return operand(a) + spaces + word("AND") + spaces + operand(b)
            case .or(let a, let b): return operand(a) + spaces + word("OR") + spaces + operand(b)
            }
        }
    }

    static let recipe = zip(
        zip(Gen.int(in: 0...(licenseIDs.count - 1)), Gen.int(in: 0...(exceptionIDs.count - 1)).optional(valueRate: 0.2), Gen.bool(0.15))
            .array(of: 1...6),
        Gen.bool.array(of: 6),
        Gen.int(in: 0...3).array(of: 1...6)
    ).map { leaves, operators, groups in
        Recipe(leaves: leaves.map { (license: $0.0, exception: $0.1, reference: $0.2) }, operators: operators, groups: groups)
    }

    @Test("SPDX: a printed tree parses back to the same tree; its canonical form parses to itself")
    func expressionsRoundTrip() async {
        await propertyCheck(count: 600, input: Self.recipe) { recipe in
            let text = recipe.description
            guard let expression = SPDXExpression(text) else {
                Issue.record("'\(text)' does not parse")
                return
            }
            #expect(expression.tree == recipe.tree(), "'\(text)'")
            #expect(expression.canonical == text, "'\(text)' canonicalises to '\(expression.canonical)'")
            let again = SPDXExpression(expression.canonical)
            #expect(again?.canonical == expression.canonical && again?.tree == expression.tree)
        }
    }

    @Test("SPDX: case and whitespace do not change the tree or the canonical form")
    func caseAndSpacingAreIrrelevant() async {
        await propertyCheck(count: 400, input: Self.recipe, Gen<String?>.element(of: ["  ", "\t", "\n ", " \r\n"])) { recipe, spaces in
            let clean = SPDXExpression(recipe.description)
            let messy = SPDXExpression(Recipe.print(recipe.tree(), lowercase: true, spaces: spaces ?? "  "))
            #expect(clean != nil && messy?.tree == clean?.tree && messy?.canonical == clean?.canonical, "'\(recipe)'")
        }
    }
}

extension Array {
    /// The element at `pick(count)`.
    func randomElementIndexed(_ pick: (Int) -> Int) -> Element { self[pick(count)] }
}
