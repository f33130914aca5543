import Testing
import VouchCore
@testable import VouchSBOM

@Suite struct RequirementTests {
    @Test func bareSpecifierExtrasAndMarker() throws {
        let requirement = try Requirement(parsing: "Requests[Security, SOCKS_x] >=2.0,<3 ; python_version >= \"3.8\"")
        #expect(requirement.name == "Requests")
        #expect(requirement.normalizedName == "requests")
        #expect(requirement.extras == ["security", "socks-x"])
        #expect(requirement.specifier?.description == ">=2.0,<3")
        #expect(requirement.marker != nil)
    }

    @Test func parenthesisedSpecifierOfOldMetadata() throws {
        let requirement = try Requirement(parsing: "lib_b[fast] (>=2.0)")
        #expect(requirement.normalizedName == "lib-b")
        #expect(requirement.extras == ["fast"])
        #expect(requirement.specifier?.contains("2.1") == true)
        #expect(requirement.specifier?.contains("1.9") == false)
    }

    @Test func urlRequirement() throws {
        let requirement = try Requirement(parsing: "pip @ https://example.com/pip-1.0.zip ; sys_platform == 'linux'")
        #expect(requirement.url == "https://example.com/pip-1.0.zip")
        #expect(requirement.specifier == nil)
        #expect(requirement.marker != nil)
    }

    @Test(arguments: ["", ">=1.0", "name[", "name (>=1.0", "name >=1 ; unknown_var == 'x'", "name ; python_version", "name >=="])
    func malformedRequirementsAreRejected(text: String) {
        #expect(throws: VouchError.self) { try Requirement(parsing: text) }
    }
}

@Suite struct MarkerTests {
    private let environment = MarkerEnvironment.linux(fullVersion: "3.11.7", machine: "x86_64")

    private func evaluate(_ text: String, extra: String = "") throws -> Bool {
        try Marker(parsing: text).evaluate(environment.with(extra: extra))
    }

    @Test func versionVariablesCompareAsVersions() throws {
        #expect(try evaluate("python_version >= '3.8'"))
        #expect(try evaluate("python_version < '3.8'") == false)
        #expect(try evaluate("python_version > '3.9'"))  // as strings "3.11" < "3.9"; as versions it is greater
        #expect(try evaluate("python_full_version >= '3.11.7' and python_full_version < '3.12'"))
    }

    @Test func stringVariablesCompareAsStrings() throws {
        #expect(try evaluate("sys_platform == 'linux' and platform_machine == 'x86_64'"))
        #expect(try evaluate("sys_platform == 'win32' or os_name == 'nt'") == false)
        #expect(try evaluate("platform_python_implementation != 'PyPy'"))
        #expect(try evaluate("'linux' in sys_platform"))
        #expect(try evaluate("'arm' not in platform_machine"))
    }

    @Test func extraMatchesOnlyTheRequestedExtraByNormalizedName() throws {
        #expect(try evaluate("extra == 'test'") == false)
        #expect(try evaluate("extra == 'test'", extra: "test"))
        #expect(try evaluate("extra == 'Socks_Proxy'", extra: "socks-proxy"))
    }

    @Test func parenthesesAndPrecedence() throws {
        #expect(try evaluate("(python_version < '3' or sys_platform == 'linux') and extra == 'x'", extra: "x"))
        #expect(try evaluate("python_version < '3' or sys_platform == 'linux' and extra == 'x'") == false)
        // Only right with `and` binding tighter than `or`: read left to right it would be false.
        #expect(try evaluate("sys_platform == 'linux' or python_version < '3' and extra == 'x'"))
    }

    @Test func maximumDepthLimitsNesting() {
        let text = String(repeating: "(", count: 40) + "os_name == 'posix'" + String(repeating: ")", count: 40)
        do {
            _ = try Marker(parsing: text)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.limit?.name == "maximumDepth")
        }
    }

    @Test func maximumLengthLimitsTheMarker() {
        let text = "os_name == '" + String(repeating: "x", count: 5000) + "'"
        do {
            _ = try Marker(parsing: text)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.limit?.name == "maximumLength")
        }
    }
}
