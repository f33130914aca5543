#!/usr/bin/env python3
"""Regenerates Sources/VouchSBOM/Licenses/SPDXLicenseTemplates+Data.swift: the match data that
LicenseTextMatcher compares license files against, derived from the SPDX license list's XML sources
(github.com/spdx/license-list-XML, src/*.xml at the tag of the list version Vouch uses).

The output is not a copy of the license texts: every word is normalized the way the SPDX matching
guidelines allow (case, punctuation, bullets and varietal spellings dropped) and replaced by its index in a
vocabulary, and replaceable text (<alt>) becomes a bounded gap. Omittable parts (<optional>, <titleText>,
<copyrightText>, <standardLicenseHeader>) are kept as optional runs.

Usage:
  git -C LICENSE-LIST-XML archive v3.27.0 src | tar -x -C /tmp/spdx-xml
  python3 scripts/sbom-spdx-license-templates.py /tmp/spdx-xml/src 3.27.0

The tokenizer here and LicenseTokenizer.swift must agree; LicenseIdentificationTests'
theSwiftTokenizerAgreesWithTheGenerator runs both on the license fixtures.
"""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.spdx.org/license}"
root = pathlib.Path(__file__).resolve().parent.parent
out = root / "Sources/VouchSBOM/Licenses/SPDXLicenseTemplates+Data.swift"

# SPDX matching guidelines, varietal word spelling: a few equivalent spellings, mapped to one.
EQUIVALENT = {
    "licence": "license", "licences": "licenses", "licenced": "licensed", "licencing": "licensing",
    "acknowledgment": "acknowledgement", "acknowledgments": "acknowledgements",
    "https": "http", "organisation": "organization", "organisations": "organizations",
    "sublicence": "sublicense", "noninfringement": "non infringement",
    "nonexclusive": "non exclusive", "nontransferable": "non transferable", "whilst": "while",
    "fulfil": "fulfill", "authorisation": "authorization", "authorised": "authorized",
}
# Bullets and numbering: a bullet or number at the start of a line ("1.", "1.2.", "(a)", "iv)") is not compared.
BULLET = re.compile(r"^\s*[(\[]?([0-9]{1,3}(\.[0-9]{1,3})*|[a-z]|[ivx]{1,5})[.)\]]", re.IGNORECASE)
COPYRIGHT_LINE = re.compile(r"^[\s#*/;!-]*(copyright\b|\(c\)|©)", re.IGNORECASE)
YEAR_OR_SIGN = re.compile(r"(\b\d{4}\b|©|\(c\))", re.IGNORECASE)
GAP_UNBOUNDED = 70


def is_copyright_line(line):
    return COPYRIGHT_LINE.match(line) is not None and YEAR_OR_SIGN.search(line) is not None


def tokens(text):
    """Words as LicenseTokenizer.swift makes them (see the module comment)."""
    result = []
    for line in text.split("\n"):
        if is_copyright_line(line) or line.strip().lower().rstrip(".") == "all rights reserved":
            continue
        bullet = BULLET.match(line)
        if bullet:
            line = line[bullet.end():]
        line = line.lower().replace("©", " copyright ").replace("(c)", " copyright ")
        for word in re.findall(r"[a-z0-9]+", line):
            for part in EQUIVALENT.get(word, word).split(" "):
                if len(part) == 1 and not part.isdigit():
                    continue  # single letters: inline list marks, initials
                result.append(part)
    return result


def gap_cap(pattern):
    if re.search(r"\.[*+{]|\\S|\[\^", pattern):
        return GAP_UNBOUNDED
    plain = re.sub(r"\\s[+*]?|[()?|]", lambda m: "|" if m.group(0) == "|" else " ", pattern)
    return max((len(tokens(part)) for part in plain.split("|")), default=0) + 1


def program(element, optional, items):
    """Appends (word, optional) and ("*", cap) items for `element` and its children in document order."""
    tag = element.tag.replace(NS, "")
    if tag in ("bullet", "crossRefs", "notes", "obsoletedBys"):
        text_tail(element, optional, items)
        return
    inner_optional = optional or tag in ("optional", "titleText", "copyrightText", "standardLicenseHeader")
    if tag == "alt":
        items.append(("*", gap_cap(element.get("match", ".+"))))
        text_tail(element, optional, items)
        return
    if element.text:
        items.extend((w, inner_optional) for w in tokens(element.text))
    for child in element:
        program(child, inner_optional, items)
    text_tail(element, optional, items)


def text_tail(element, optional, items):
    if element.tail:
        items.extend((w, optional) for w in tokens(element.tail))


def main():
    source, version = pathlib.Path(sys.argv[1]), sys.argv[2]
    licenses = []
    names = {}
    for path in sorted(source.glob("*.xml")):
        license = ET.parse(path).getroot().find(f"{NS}license")
        if license is None or license.get("deprecatedVersion"):
            continue
        name = " ".join(license.get("name", "").lower().split())
        names.setdefault(name, set()).add(license.get("licenseId"))
        text = license.find(f"{NS}text")
        items = []
        for child in text:
            program(child, False, items)
        if text.text:
            items[:0] = [(w, False) for w in tokens(text.text)]
        if sum(1 for w, o in items if w != "*" and not o) < 8:
            continue  # too short to identify a text by (e.g. a one-line grant)
        licenses.append((license.get("licenseId"), items))
        # The standard license header (the notice a project puts in its files) identifies the license too.
        for header in license.iter(f"{NS}standardLicenseHeader"):
            header_items = [(w, False) for w in tokens(header.text or "")]
            for child in header:
                program(child, False, header_items)
            if sum(1 for w, o in header_items if w != "*" and not o) >= 20:
                licenses.append((license.get("licenseId") + "#header", header_items))
            break

    counts = {}
    for _, items in licenses:
        for word, _ in items:
            if word != "*":
                counts[word] = counts.get(word, 0) + 1
    vocabulary = sorted(counts, key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocabulary)}

    # Item encoding, base 64 over [A-Za-z0-9+/]: a word is its vocabulary index in 3 digits; an optional run
    # is opened by "[" and closed by "]"; a gap is "*" and 2 digits of its cap.
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    assert len(vocabulary) < 64 ** 3

    def number(n, width):
        return "".join(digits[(n >> (6 * (width - 1 - k))) & 63] for k in range(width))

    lines = []
    for license_id, items in licenses:
        encoded, in_optional = [], False
        for word, flag in items:
            if word == "*":
                if in_optional:
                    encoded.append("]")
                    in_optional = False
                encoded.append("*" + number(min(flag, 4095), 2))
                continue
            if flag != in_optional:
                encoded.append("[" if flag else "]")
                in_optional = flag
            encoded.append(number(index[word], 3))
        if in_optional:
            encoded.append("]")
        lines.append(f"{license_id} {''.join(encoded)}")

    name_lines = "\n".join(f"{n}\t{min(ids)}" for n, ids in sorted(names.items()) if len(ids) == 1 and n and '"""' not in n and "\\" not in n)
    out.write_text(f'''// Generated by scripts/sbom-spdx-license-templates.py from the SPDX license list XML {version}; do not edit.
// Normalized word indices and gaps, not license texts (see the script for the encoding).
extension SPDXLicenseTemplates {{
    /// The SPDX License List version the templates come from.
    static let listVersion = "{version}"

    /// Normalized words, most frequent first; a template refers to them by index.
    static let vocabularyData = """
{chr(10).join(vocabulary)}
"""

    /// The SPDX list's license names (lowercased, spaces collapsed) that name one license: name, tab, id.
    static let nameData = """
{name_lines}
"""

    /// One license per line: its id, a space, its encoded template.
    static let templateData = """
{chr(10).join(lines)}
"""
}}
''')
    total = sum(len(items) for _, items in licenses)
    print(f"wrote {out}: {len(licenses)} licenses, {len(vocabulary)} words, {total} items, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
