import Foundation
import Testing
import VouchTestSupport

private let root = Fixtures.repositoryRoot

@Suite("Release assets: workflow, composite action, Dockerfile")
struct ReleaseAssetTests {
    @Test("actionlint accepts the release workflow and the composite action it uses", .enabled(if: Peers.shouldRun("actionlint")))
    func actionlint() throws {
        let result = try CommandRunner.run(try Peers.require("actionlint"), ["-no-color", ".github/workflows/release.yml"], in: root.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test("the workflow and action.yml match GitHub's schemas", .enabled(if: Peers.shouldRun("check-jsonschema")))
    func githubSchemas() throws {
        let checker = try Peers.require("check-jsonschema")
        let workflow = try CommandRunner.run(checker, ["--builtin-schema", "vendor.github-workflows", ".github/workflows/release.yml"], in: root.path)
        #expect(workflow.status == 0, "\(workflow.stdout)\(workflow.stderr)")
        let action = try CommandRunner.run(checker, ["--builtin-schema", "vendor.github-actions", "action.yml"], in: root.path)
        #expect(action.status == 0, "\(action.stdout)\(action.stderr)")
    }

    @Test("hadolint accepts Vouch's Dockerfile", .enabled(if: Peers.shouldRun("hadolint")))
    func hadolint() throws {
        let result = try CommandRunner.run(try Peers.require("hadolint"), ["--no-color", "Dockerfile"], in: root.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test("the Dockerfile runs as a non-root user and has no HEALTHCHECK")
    func dockerfileShape() throws {
        let text = try String(contentsOf: root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let instructions = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(instructions.filter { $0.hasPrefix("FROM ") }.count == 2, "two stages")
        #expect(instructions.last { $0.hasPrefix("USER ") } == "USER 10001")
        #expect(!instructions.contains { $0.hasPrefix("HEALTHCHECK") })
    }

    @Test("every vouch command the workflow runs exists in this build")
    func workflowCommandsExist() throws {
        let text = try String(contentsOf: root.appendingPathComponent(".github/workflows/release.yml"), encoding: .utf8)
        var commands = Set<[String]>()
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            // `run: vouch image verify ...`, a continuation line starting with `vouch`, or an action `args:`.
            for (index, word) in words.enumerated() where word == "vouch" || (word == "args:" && index + 1 < words.count) {
                let rest = Array(words[(index + 1)...]).filter { !$0.isEmpty }
                guard let first = rest.first, !first.hasPrefix("-") else { continue }
                let second = rest.dropFirst().first.flatMap { $0.first?.isLetter == true && !$0.contains(".") && !$0.contains("/") ? $0 : nil }
                commands.insert([first] + (second.map { [$0] } ?? []))
            }
        }
        #expect(!commands.isEmpty)
        for command in commands.sorted(by: { $0.joined() < $1.joined() }) {
            // ArgumentParser answers `--help` after an unknown word with the parent's help, so the proof that
            // a command exists is its own USAGE line. A second word may be an argument, not a subcommand.
            let candidates = command.count == 2 ? [command, [command[0]]] : [command]
            let found = try candidates.contains { words in
                let result = try CommandRunner.vouch(words + ["--help"])
                return result.status == 0 && result.stdout.contains("USAGE: vouch \(words.joined(separator: " "))")
            }
            #expect(found, "the workflow runs 'vouch \(command.joined(separator: " "))', which this build does not have")
        }
    }
}
