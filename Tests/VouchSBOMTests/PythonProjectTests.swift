import Foundation
import Testing
import VouchCore
import VouchTestSupport
import VouchSBOM

/// `pyproject.toml`'s `[project]` / `[tool.poetry]` name and version, which name a venv's SBOM root.
@Suite struct PythonProjectTests {
    static func read(_ text: String) throws -> PythonProject? {
        let directory = try TemporaryDirectory("pyproject")
        return try PythonProject.read(try directory.write("pyproject.toml", text))
    }

    @Test func theProjectTablesNameAndVersionAreRead() throws {
        let project = try Self.read("""
            [build-system]
            requires = ["hatchling"]
            name = "not-the-project"

            [project]
            description = \"\"\"
            name = "inside a multi-line string"
            \"\"\"
            name = "acme-gateway"  # the distribution name
            version = '2.3.4'
            authors = [
              { name = "Alice" },
            ]

            [tool.poetry]
            name = "poetry-name"
            """)
        #expect(project?.name == "acme-gateway")
        #expect(project?.version == "2.3.4")
    }

    @Test func escapesInABasicStringAreDecoded() throws {
        #expect(try Self.read("[project]\nname = \"caf\\u00e9\\t\\\"x\\\"\"\n")?.name == "café\t\"x\"")
    }

    @Test func aDynamicVersionIsNil() throws {
        let project = try Self.read("[project]\nname = \"app\"\ndynamic = [\"version\"]\n")
        #expect(project?.name == "app")
        #expect(project?.version == nil)
    }

    @Test func poetrysTableIsReadWhenThereIsNoProjectTable() throws {
        let project = try Self.read("[tool.poetry]\nname = \"legacy\"\nversion = \"0.9\"\n")
        #expect(project?.name == "legacy")
        #expect(project?.version == "0.9")
    }

    @Test func aPyprojectWithOnlyToolSettingsNamesNoProject() throws {
        #expect(try Self.read("[tool.ruff]\nline-length = 120\n") == nil)
    }

    @Test(arguments: ["[project]\nname = acme\n", "[project]\nname = \"acme\n", "[project\nname = \"acme\"\n", "[project]\nname = \"a\" trailing\n"])
    func aNameThatIsNotAOneLineStringIsAnErrorNamingTheLine(text: String) throws {
        let directory = try TemporaryDirectory("pyproject")
        let path = try directory.write("pyproject.toml", text)
        #expect {
            try PythonProject.read(path)
        } throws: { error in
            (error as? VouchError)?.description.hasPrefix(path + ": line ") == true
        }
    }

    @Test func aPyprojectLargerThanMaxPyprojectBytesIsRefusedNamingTheLimitAndFile() throws {
        let directory = try TemporaryDirectory("pyproject")
        let path = try directory.write("pyproject.toml", "[project]\nname = \"a\"\n# " + String(repeating: "x", count: PythonProject.maxPyprojectBytes) + "\n")
        #expect {
            try PythonProject.read(path)
        } throws: { error in
            let error = error as? VouchError
            return error?.limit?.name == "maxPyprojectBytes" && error?.description.hasPrefix(path + ":") == true
        }
    }
}
