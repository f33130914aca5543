import Foundation
import Testing
import VouchTestSupport

private let root = Fixtures.repositoryRoot
/// Vouch's own release workflow (issue 20) and the example pipeline's, each linted and command-checked.
private let workflows = [".github/workflows/release.yml", ".github/workflows/vouch-release.yml"]

@Suite("Release assets: workflow, composite action, Dockerfile")
struct ReleaseAssetTests {
    @Test("actionlint accepts the release workflows and the composite action they use", .enabled(if: Peers.shouldRun("actionlint")))
    func actionlint() throws {
        let result = try CommandRunner.run(try Peers.require("actionlint"), ["-no-color"] + workflows, in: root.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test("the workflows and action.yml match GitHub's schemas", .enabled(if: Peers.shouldRun("check-jsonschema")))
    func githubSchemas() throws {
        let checker = try Peers.require("check-jsonschema")
        let workflow = try CommandRunner.run(checker, ["--builtin-schema", "vendor.github-workflows"] + workflows, in: root.path)
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

    @Test("every vouch command the workflows and action.yml run exists in this build", arguments: workflows + ["action.yml"])
    func workflowCommandsExist(_ file: String) throws {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        var commands = Set<[String]>()
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            // `run: vouch image verify ...`, a line of a script or a comment starting with `vouch`, one after
            // `&&`, `do`, `$(`, or an action `args:`; not the word in prose ("install vouch").
            for (index, word) in words.enumerated() where (word == "vouch" || word.hasSuffix("$(vouch") || word == "args:") && index + 1 < words.count {
                let previous = index == 0 ? "" : words[index - 1]
                guard word != "vouch" || ["", "run:", "#", "&&", "||", ";", "|", "do", "then"].contains(previous) else { continue }
                let rest = Array(words[(index + 1)...]).filter { !$0.isEmpty }
                // `vouch "${arguments[@]}"` runs whatever the action was given: nothing to check here.
                guard let first = rest.first, !first.hasPrefix("-"), !first.hasPrefix("\""), !first.hasPrefix("$") else { continue }
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
            #expect(found, "\(file) runs 'vouch \(command.joined(separator: " "))', which this build does not have")
        }
    }
}
