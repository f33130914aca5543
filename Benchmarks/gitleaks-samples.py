#!/usr/bin/env python3
"""Measures Vouch (and betterleaks) against gitleaks' own rule test strings: the true- and
false-positive samples each rule definition in a gitleaks checkout validates itself with
(cmd/generate/config/rules/*.go). Nothing of gitleaks is copied into this repository: the samples are
re-created at run time from the checkout given by path, in a temporary folder.

gitleaks builds many samples from Go expressions (`utils.GenerateSampleSecrets("id",
secrets.NewSecret(utils.Hex("32")))`, concatenations, `fmt.Sprintf`, `append`); this script evaluates
that subset of Go, and draws the random secrets from the regexes with Python's regex parser, as
gitleaks' reggen does. A statement it cannot evaluate is skipped and counted.

Each sample is written to its own file (under the path gitleaks gives it, for path rules), the tools
scan the folder, and a sample counts as detected when a tool reports anything in its file.
Prints, per tool: true positives detected, false-positive samples flagged, and the gitleaks rule ids
with no true positive detected. --misses lists the missed samples.

Usage: gitleaks-samples.py GITLEAKS_CHECKOUT [--vouch BIN] [--betterleaks BIN] [--tools vouch,betterleaks] [--seed N]
                           [--misses] [--keep] [--json FILE]
(--tools picks the tools to run, both by default; --keep leaves the sample folder in place, it is removed otherwise;
--json also writes the counts per tool to FILE, for the test that checks them)."""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

try:  # the regex parser moved in Python 3.11; the old names still work but warn
    from re import _constants as C, _parser as sre_parse
except ImportError:
    import sre_constants as C
    import sre_parse

args = sys.argv[1:]
checkout = args[0]
option = lambda name, default: args[args.index(name) + 1] if name in args else default
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
vouch = os.path.abspath(option("--vouch", os.path.join(root, ".build/debug/vouch")))
betterleaks = os.path.abspath(option("--betterleaks", os.path.join(root, ".venv-peers/bin/betterleaks")))
rng = random.Random(int(option("--seed", "1")))
show_misses = "--misses" in args
tools = option("--tools", "vouch,betterleaks").split(",")
summary_file = option("--json", None)

# --- random strings from a regex (as reggen does: unbounded repeats get at most 10 more) ---
CATEGORIES = {
    C.CATEGORY_DIGIT: "0123456789", C.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    C.CATEGORY_SPACE: " ",
}
PRINTABLE = [chr(c) for c in range(33, 127)]


def go_to_python_regex(pattern):
    pattern = pattern.replace("(?i)", "").replace("(?i:", "(?:").replace("(?-i:", "(?:").replace("\\z", "\\Z")
    for name, chars in (("alnum", "a-zA-Z0-9"), ("alpha", "a-zA-Z"), ("digit", "0-9"), ("xdigit", "0-9a-fA-F"), ("upper", "A-Z"), ("lower", "a-z")):
        pattern = pattern.replace(f"[:{name}:]", chars)
    return pattern


def generate(pattern):
    return emit(sre_parse.parse(go_to_python_regex(pattern)))


def emit(parsed):
    out = []
    for op, value in parsed:
        out.append(emit_one(op, value))
    return "".join(out)


def class_chars(items):
    chars, negate = [], False
    for op, value in items:
        if op == C.NEGATE:
            negate = True
        elif op == C.LITERAL:
            chars.append(chr(value))
        elif op == C.RANGE:
            chars.extend(chr(c) for c in range(value[0], value[1] + 1))
        elif op == C.CATEGORY:
            chars.extend(CATEGORIES.get(value, ""))
    if negate:
        chars = [c for c in PRINTABLE if c not in chars]
    return chars or ["a"]


def emit_one(op, value):
    if op == C.LITERAL:
        return chr(value)
    if op == C.NOT_LITERAL:
        return rng.choice([c for c in PRINTABLE if ord(c) != value])
    if op == C.ANY:
        return rng.choice(PRINTABLE)
    if op == C.IN:
        return rng.choice(class_chars(value))
    if op == C.BRANCH:
        return emit(rng.choice(value[1]))
    if op == C.SUBPATTERN:
        return emit(value[-1])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, high, item = value
        high = low + 10 if high == C.MAXREPEAT else high
        return "".join(emit(item) for _ in range(rng.randint(low, high)))
    if op == C.CATEGORY:
        return rng.choice(CATEGORIES.get(value, "a"))
    return ""  # anchors, assertions, group references


# --- a small evaluator for the Go expressions rule files build their samples with ---
TOKEN = re.compile(r'\s*(?:(//[^\n]*)|("(?:\\.|[^"\\])*")|(`[^`]*`)|([A-Za-z_][\w.]*)|(\d+)|(\.\.\.|:=|[-+*/%(){}\[\],:=.!<>&|]))', re.S)


def tokens(text):
    result, position = [], 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match:
            position += 1
            continue
        position = match.end()
        comment, dq, raw, ident, number, punct = match.groups()
        if comment:
            continue
        if dq:
            result.append(("str", json.loads(dq) if "\\x" not in dq else bytes(dq[1:-1], "utf-8").decode("unicode_escape")))
        elif raw:
            result.append(("str", raw[1:-1]))
        elif ident:
            result.append(("id", ident))
        elif number:
            result.append(("num", number))
        elif punct:
            result.append(("p", punct))
    return result


class Unsupported(Exception):
    pass


class Evaluator:
    def __init__(self, templates):
        self.templates = templates
        self.variables = {}

    def parse(self, toks, i):
        value, i = self.term(toks, i)
        while i < len(toks) and toks[i] == ("p", "+"):
            right, i = self.term(toks, i + 1)
            value = value + right
        return value, i

    def arguments(self, toks, i, close=")"):
        values = []
        while toks[i] != ("p", close):
            value, i = self.parse(toks, i)
            spread = toks[i] == ("p", "...")
            if spread:
                i += 1
            if toks[i] == ("p", ":"):  # map literal: keep (key, value)
                mapped, i = self.parse(toks, i + 1)
                value = (value, mapped)
            values.append(("spread", value) if spread else value)
            if toks[i] == ("p", ","):
                i += 1
        return values, i + 1

    @staticmethod
    def flatten(values):
        out = []
        for value in values:
            out.extend(value[1]) if isinstance(value, tuple) and value[0] == "spread" else out.append(value)
        return out

    def term(self, toks, i):
        kind, text = toks[i]
        if kind == "str":
            return text, i + 1
        if kind == "p" and text == "[":  # []string{...}
            if toks[i + 1] != ("p", "]"):
                raise Unsupported("index")
            i += 3
            if toks[i] != ("p", "{"):
                raise Unsupported("slice type")
            values, i = self.arguments(toks, i + 1, "}")
            return self.flatten(values), i
        if kind == "id" and text == "map":  # map[string]string{...}
            while toks[i] != ("p", "{"):
                i += 1
            values, i = self.arguments(toks, i + 1, "}")
            return dict(values), i
        if kind == "id" and i + 1 < len(toks) and toks[i + 1] == ("p", "("):
            values, j = self.arguments(toks, i + 2)
            return self.call(text, values), j
        if kind == "id" and text in self.variables:
            return self.variables[text], i + 1
        raise Unsupported(text)

    def call(self, name, values):
        simple = {"utils.Hex": "[a-f0-9]{%s}", "utils.Numeric": "[0-9]{%s}", "utils.AlphaNumeric": "[a-z0-9]{%s}",
                  "utils.AlphaNumericExtendedShort": "[a-z0-9_-]{%s}", "utils.AlphaNumericExtended": "[a-z0-9=_\\-]{%s}",
                  "utils.AlphaNumericExtendedLong": "[a-z0-9\\/=_\\+\\-]{%s}"}
        if name in simple:
            return simple[name] % values[0]
        if name == "utils.Hex8_4_4_4_12":
            return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        if name == "secrets.NewSecret":
            return generate(values[0])
        if name == "utils.GenerateSampleSecret":
            return '%s_api_token = "%s"' % (values[0], values[1])
        if name == "utils.GenerateSampleSecrets":
            identifier, secret = values
            return [t.replace("{i}", identifier).replace("{I}", identifier.upper()).replace("{s}", secret) for t in self.templates]
        if name == "append":
            return list(values[0]) + self.flatten(values[1:])
        if name == "fmt.Sprintf":
            return re.sub(r"%[sdv]", lambda _: str(values.pop(1)) if len(values) > 1 else "", values[0])
        if name == "strings.Repeat":
            return values[0] * int(values[1])
        raise Unsupported(name)


def statements(toks):
    """Splits a function body's tokens at `name :=`/`name =` assignments of depth 0."""
    depth, start, current = 0, None, []
    for index, tok in enumerate(toks):
        if tok[0] == "p" and tok[1] in "({[":
            depth += 1
        elif tok[0] == "p" and tok[1] in ")}]":
            depth -= 1
        if depth == 0 and tok[0] == "id" and index + 1 < len(toks) and toks[index + 1] in (("p", ":="), ("p", "=")):
            if start is not None:
                current.append((start, index))
            start = index
    if start is not None:
        current.append((start, len(toks)))
    return current


def sample_templates(checkout):
    text = open(os.path.join(checkout, "cmd/generate/config/utils/generate.go")).read()
    body = text[text.index("func GenerateSampleSecrets"):]
    body = body[body.index("map[string]string{") + len("map[string]string{"):body.index("replacer :=")]
    values = []
    toks = tokens(body)
    for index, tok in enumerate(toks):
        if tok == ("p", ":") and index + 1 < len(toks) and toks[index + 1][0] == "str":
            values.append(toks[index + 1][1])
    return values


def rule_samples(checkout):
    templates = sample_templates(checkout)
    folder = os.path.join(checkout, "cmd/generate/config/rules")
    rules, skipped = {}, 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".go") or name.endswith("_test.go"):
            continue
        source = open(os.path.join(folder, name)).read()
        for function in re.split(r"\nfunc ", source)[1:]:
            found = re.search(r'RuleID:\s*"([^"]+)"', function)
            if not found:
                continue
            rule_id = found.group(1)
            toks = tokens(function[function.index("{") + 1:])
            evaluator = Evaluator(templates)
            for start, end in statements(toks):
                variable = toks[start][1]
                try:
                    value, _ = evaluator.parse(toks, start + 2)
                    evaluator.variables[variable] = value
                except (Unsupported, IndexError, ValueError, KeyError, re.error, TypeError, OverflowError, AttributeError):
                    if variable in ("tps", "fps"):
                        skipped += 1
            entry = rules.setdefault(rule_id, {"tp": [], "fp": []})
            for kind in ("tp", "fp"):
                value = evaluator.variables.get(kind + "s", [])
                items = value.items() if isinstance(value, dict) else [(None, v) for v in value if isinstance(v, str)]
                entry[kind].extend(items)
    return rules, skipped


def write_samples(rules, folder):
    files = {}
    for rule_id, entry in rules.items():
        for kind in ("tp", "fp"):
            for index, (path, text) in enumerate(entry[kind]):
                relative = os.path.join(rule_id, f"{kind}{index}", path.lstrip("/") if path else "input.txt")
                os.makedirs(os.path.dirname(os.path.join(folder, relative)), exist_ok=True)
                with open(os.path.join(folder, relative), "w") as handle:
                    handle.write(text)
                files[relative] = (rule_id, kind)
    return files


def flagged_files(tool, folder):
    report = os.path.join(os.path.dirname(folder), tool + ".json")
    if tool == "vouch":
        subprocess.run([vouch, "secrets", "scan", "--format", "json", "--report", report, "."], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        findings = json.load(open(report))["findings"]
        return {os.path.normpath(f["file"]) for f in findings}
    subprocess.run([betterleaks, "--no-banner", "--log-level=error", "-o", report, "."], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    findings = json.load(open(report)).get("findings") or []
    return {os.path.normpath(f["location"]["path"]) for f in findings}


def main():
    rules, skipped = rule_samples(checkout)
    work = tempfile.mkdtemp(prefix="vouch-gitleaks-")
    folder = os.path.join(work, "corpus")
    files = write_samples(rules, folder)
    tps = [f for f, (_, kind) in files.items() if kind == "tp"]
    fps = [f for f, (_, kind) in files.items() if kind == "fp"]
    print(f"gitleaks checkout {checkout}: {len(rules)} rule ids, {len(tps)} true-positive and {len(fps)} false-positive samples"
          f" ({skipped} sample statements not evaluated); samples in {folder}")
    if os.access(vouch, os.X_OK):
        listed = json.loads(subprocess.run([vouch, "secrets", "rules", "--format", "json"], capture_output=True, text=True).stdout)
        vouch_ids = {rule["id"] for rule in listed["rules"]}
        mapping = dict(re.findall(r'"([a-z0-9-]+)": "([a-z0-9-]+)"', open(os.path.join(root, "Sources/VouchSecrets/GitleaksRuleMapping.swift")).read()))
        unmapped = sorted(r for r in rules if r not in vouch_ids and mapping.get(r) not in vouch_ids)
        print(f"gitleaks rule ids: {len(rules)}; same id in Vouch {sum(r in vouch_ids for r in rules)}, mapped {sum(r in mapping for r in rules)},"
              f" neither {len(unmapped)} {' '.join(unmapped)}")
    summary = {"ruleIDs": len(rules), "truePositiveSamples": len(tps), "falsePositiveSamples": len(fps), "tools": {}}
    for tool, binary in (("vouch", vouch), ("betterleaks", betterleaks)):
        if tool not in tools:
            continue
        if not os.access(binary, os.X_OK):
            print(f"{tool}: {binary} not found, skipped")
            continue
        flagged = flagged_files(tool, folder)
        found = [f for f in tps if f in flagged]
        alarms = [f for f in fps if f in flagged]
        missed_rules = sorted(r for r, e in rules.items() if e["tp"] and not any(f in flagged for f in tps if files[f][0] == r))
        print(f"{tool:12s} true positives {len(found)}/{len(tps)} ({100 * len(found) / max(1, len(tps)):.1f}%)"
              f"  false-positive samples flagged {len(alarms)}/{len(fps)} ({100 * len(alarms) / max(1, len(fps)):.1f}%)"
              f"  rule ids with no true positive found: {len(missed_rules)}")
        summary["tools"][tool] = {"truePositivesFound": len(found), "falsePositivesFlagged": len(alarms), "ruleIDsWithNoTruePositiveFound": missed_rules}
        if missed_rules:
            print("  " + " ".join(missed_rules))
        if show_misses:
            for f in sorted(set(tps) - set(found)):
                print(f"  {tool} missed {f}: {open(os.path.join(folder, f)).read()[:160]!r}")
            for f in alarms:
                print(f"  {tool} flagged {f}: {open(os.path.join(folder, f)).read()[:160]!r}")
    if summary_file:
        with open(summary_file, "w") as handle:
            json.dump(summary, handle, indent=2)
    if "--keep" not in args:
        shutil.rmtree(work)


main()
