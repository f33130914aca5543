import PropertyBased
import Testing
import VouchTestSupport
@testable import VouchVuln

/// The OSV version orders as orders (issue 19): over generated versions, and over generated versions
/// mixed with every version of the shared fixture pairs, `<` is total, antisymmetric and transitive, and
/// equal versions hash alike.
@Suite("properties: PyPI and dpkg version orders are total orders")
struct VersionOrderPropertyTests {
    static func checkOrder<V: Comparable & Hashable & CustomStringConvertible>(_ versions: [V]) {
        for a in versions {
            for b in versions {
                #expect([a < b, b < a, a == b].filter { $0 }.count == 1, "'\(a)' vs '\(b)'")
                if a == b { #expect(a.hashValue == b.hashValue, "'\(a)' == '\(b)' but they hash apart") }
                for c in versions where a < b && b < c { #expect(a < c, "'\(a)' < '\(b)' < '\(c)' but not '\(a)' < '\(c)'") }
            }
        }
    }

    /// dpkg-valid versions: an optional epoch, an upstream part starting with a digit, an optional revision.
    static let debianText = zip(
        Gen.int(in: -3...2).map { $0 > 0 ? "\($0):" : "" },
        Gen<Character?>.element(of: Array("0123456789")).map { String($0 ?? "1") },
        Gen<Character?>.element(of: Array("0019.+~a")).map { $0 ?? "0" }.string(of: 0...5),
        Gen<Character?>.element(of: Array("019.+~b")).map { $0 ?? "1" }.string(of: 1...3).optional(valueRate: 0.5)
    ).map { epoch, first, rest, revision in epoch + first + rest + (revision.map { "-" + $0 } ?? "") }

    /// PEP 440 versions in several spellings, and legacy (non-PEP 440) strings.
    static let pypiText = zip(
        Gen<String?>.element(of: ["0", "1", "2", "10", "1.0", "1.0.0", "2!1", "01"]).map { $0 ?? "1" },
        Gen<String?>.element(of: ["", "a1", "b0", "rc2", ".post1", "-1", ".dev0", "a1.dev2", "+local.1", "+01", "+1", "-foo", ".x"]).map { $0 ?? "" },
        Gen<String?>.element(of: ["", ".0", ".1", "+abc", "post2", "dev"]).map { $0 ?? "" }
    ).map { $0 + $1 + $2 }

    @Test("dpkg order over generated versions is total and transitive, equal versions hash alike")
    func debianOrderIsTotal() async {
        await propertyCheck(count: 2000, input: Self.debianText, Self.debianText, Self.debianText) { a, b, c in
            let versions = [a, b, c].compactMap(DebianVersion.init)
            #expect(versions.count == 3, "\([a, b, c])")
            Self.checkOrder(versions)
        }
    }

    @Test("PyPI order (PEP 440 and legacy versions) over generated versions is total and transitive, equal versions hash alike")
    func pypiOrderIsTotal() async {
        await propertyCheck(count: 2000, input: Self.pypiText, Self.pypiText, Self.pypiText) { a, b, c in
            Self.checkOrder([a, b, c].map(PyPIVersion.init))
        }
    }

    static func fixtureVersions(_ file: String) -> [String] {
        guard let pairs = try? VulnTestData.pairs(file) else { return ["0"] }
        return Array(Set(pairs.flatMap { [$0.0, $0.1] })).sorted()
    }

    @Test(.enabled(if: VulnTestData.shouldRun))
    func debianOrderStaysTotalAroundTheFixtureVersions() async throws {
        let fixture = Self.fixtureVersions("version-order/debian-versions.txt")
        try #require(fixture.count > 20, "../shared/vulndb/version-order/debian-versions.txt")
        let pick = Gen<String?>.element(of: fixture).map { $0 ?? "0" }
        await propertyCheck(count: 1500, input: pick, pick, Self.debianText) { a, b, c in
            Self.checkOrder([a, b, c].compactMap(DebianVersion.init))
        }
    }

    @Test(.enabled(if: VulnTestData.shouldRun))
    func pypiOrderStaysTotalAroundTheFixtureVersions() async throws {
        let fixture = Self.fixtureVersions("version-order/pypi-versions.txt")
        try #require(fixture.count > 20, "../shared/vulndb/version-order/pypi-versions.txt")
        let pick = Gen<String?>.element(of: fixture).map { $0 ?? "0" }
        await propertyCheck(count: 1500, input: pick, pick, Self.pypiText) { a, b, c in
            Self.checkOrder([a, b, c].map(PyPIVersion.init))
        }
    }
}
