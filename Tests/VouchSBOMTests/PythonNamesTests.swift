import Testing
@testable import VouchSBOM

@Suite struct PythonNamesTests {
    @Test(arguments: [("Non.Normalized_Name", "non-normalized-name"), ("zope.interface", "zope-interface"),
                      ("A__B--c..D", "a-b-c-d"), ("requests", "requests")])
    func pep503NormalizationFoldsCaseAndSeparatorRuns(name: String, expected: String) {
        #expect(PythonPackageName.normalize(name) == expected)
    }

    @Test func pypiPurlLowercasesAndReplacesUnderscoreOnly() {
        #expect(PackageURL.pypi(name: "Non.Normalized_Name", version: "1.0") == "pkg:pypi/non.normalized-name@1.0")
        #expect(PackageURL.pypi(name: "torch", version: "2.1.0+cpu") == "pkg:pypi/torch@2.1.0%2Bcpu")
    }

    @Test func debPurlCarriesVendorAndArchitecture() {
        #expect(PackageURL.deb(namespace: "debian", name: "zlib1g", version: "1:1.2.13.dfsg-1", architecture: "amd64")
            == "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64")
    }

    @Test func pep440VersionsCompareInSpecOrder() throws {
        let ordered = ["1.0.dev1", "1.0a1", "1.0a2.dev1", "1.0b1", "1.0rc1", "1.0", "1.0+local", "1.0.post1", "1.1", "2!0.1"]
        let versions = try ordered.map { try #require(PythonVersion($0)) }
        for index in 1..<versions.count {
            #expect(versions[index - 1] < versions[index], "\(ordered[index - 1]) < \(ordered[index])")
        }
        #expect(PythonVersion("1.0") == PythonVersion("1.0.0"))
        #expect(PythonVersion("1.0-1") == PythonVersion("1.0.post1"))
        #expect(PythonVersion("not a version") == nil)
    }

    @Test func specifiersFollowPep440() throws {
        let cases: [(String, String, Bool)] = [
            (">=1.0,<2", "1.5", true), (">=1.0,<2", "2.0", false), ("==1.4.*", "1.4.9", true), ("==1.4.*", "1.5", false),
            ("~=1.4.2", "1.4.9", true), ("~=1.4.2", "1.5.0", false), ("!=1.3", "1.3.0", false), ("<2", "2.0rc1", false),
            (">1.0", "1.0.post1", false), ("==1.0", "1.0+local", true), ("===abc", "abc", true),
        ]
        for (spec, version, expected) in cases {
            let set = try #require(VersionSpecifierSet(spec))
            #expect(set.contains(version) == expected, "\(version) in \(spec)")
        }
        #expect(VersionSpecifierSet(">=not.a.version") == nil)
    }
}
