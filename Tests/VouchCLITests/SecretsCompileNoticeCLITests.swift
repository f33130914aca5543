import Foundation
import Testing
import VouchTestSupport

/// Issue 17's cold-start rule for custom configs: a config whose rules are not the embedded database's is
/// compiled at run time, and when that takes over a second a terminal is told in one line (a pipe or a
/// log is not); the next scan takes the compiled rules from the cache and says nothing.
@Suite struct SecretsCompileNoticeCLITests {
    /// Runs `vouch secrets scan --config rules.toml a.txt` twice with standard error on a pseudo-terminal
    /// (Python's pty module) and an empty cache, then once with standard error on a pipe and another empty
    /// cache; prints the three runs' standard error as JSON.
    static let script = """
        import json, os, pty, select, subprocess, sys
        vouch, directory = sys.argv[1:3]
        def on_terminal(cache):
            master, slave = pty.openpty()
            process = subprocess.run([vouch, "secrets", "scan", "--config", "rules.toml", "a.txt"], cwd=directory, stdout=subprocess.DEVNULL,
                                     stderr=slave, env=dict(os.environ, XDG_CACHE_HOME=cache))
            os.close(slave)
            data = b""
            while select.select([master], [], [], 2)[0]:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            os.close(master)
            return process.returncode, data.decode()
        first = on_terminal(directory + "/cache-tty")
        second = on_terminal(directory + "/cache-tty")
        piped = subprocess.run([vouch, "secrets", "scan", "--config", "rules.toml", "a.txt"], cwd=directory, capture_output=True, text=True,
                               env=dict(os.environ, XDG_CACHE_HOME=directory + "/cache-pipe"))
        print(json.dumps({"first": first, "second": second, "piped": [piped.returncode, piped.stderr]}))
        """

    @Test func aCustomConfigThatCompilesOverASecondPrintsOneNoticeOnATerminalOnly() throws {
        let directory = try TemporaryDirectory("vouch-secrets-notice")
        try directory.write("a.txt", "nothing to see\n")
        // The built-in rules plus one: a database the embedded one is not, compiled in several seconds.
        try directory.write("rules.toml", "[extend]\nuseDefault = true\n\n[[rules]]\nid = \"acme\"\nregex = '''acme_([a-z0-9]{16})'''\n")
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", Self.script, CommandRunner.vouchPath, directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [Any]], "\(result.stdout)")
        let first = try #require(runs["first"]?.last as? String), second = try #require(runs["second"]?.last as? String)
        let piped = try #require(runs["piped"]?.last as? String)
        for run in ["first", "second", "piped"] { #expect(runs[run]?.first as? Int == 0, "\(run): \(runs[run] ?? [])") }
        let notices = first.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("vouch: compiled ") }
        #expect(notices.count == 1, "first scan on a terminal: \(first)")
        #expect(notices.first?.contains("rule patterns in ") == true && notices.first?.contains("; cached in \(directory.path)/cache-tty/vouch") == true, "\(first)")
        #expect(!second.contains("vouch: compiled"), "the cached rules need no compile: \(second)")
        #expect(!piped.contains("vouch: compiled"), "no notice on a pipe: \(piped)")
    }
}
