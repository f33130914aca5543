import Testing
import VouchSBOM

/// Regressions found by the property tests of issue 19 (`VersionAndExpressionPropertyTests`): PEP 440
/// equality and hashing disagreed, so a `Set<PythonVersion>` held `1.0` and `1.0.0` twice, and `1.0+01` and
/// `1.0+1` were each greater than the other.
@Suite struct PythonVersionHashTests {
    @Test("versions equal up to trailing zero release segments hash alike", arguments: [("1.0", "1.0.0"), ("2!1", "2!1.0.0.0"), ("1.0a1", "1a1"), ("3.0.post1", "3.post1")])
    func trailingZerosHashAlike(_ a: String, _ b: String) throws {
        let x = try #require(PythonVersion(a)), y = try #require(PythonVersion(b))
        #expect(x == y)
        #expect(x.hashValue == y.hashValue)
        #expect(Set([x, y]).count == 1)
    }

    @Test("numeric local segments equal as numbers are equal, neither greater, and hash alike", arguments: [("1.0+01", "1.0+1"), ("1.0+ubuntu.007", "1.0+ubuntu.7")])
    func zeroPaddedLocalSegmentsAreEqual(_ a: String, _ b: String) throws {
        let x = try #require(PythonVersion(a)), y = try #require(PythonVersion(b))
        #expect(!(x < y) && !(y < x))
        #expect(x == y && x.hashValue == y.hashValue)
        #expect(try #require(PythonVersion("1.0+1.0")) > x, "a longer local version is still later")
    }
}
