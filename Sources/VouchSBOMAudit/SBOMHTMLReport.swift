public import Foundation
public import VouchCore
public import VouchSBOM
public import VouchAttest
import VouchCrypto
import VouchPolicy

/// What `vouch sbom report` puts on its page: everything the other audit commands compute, for one SBOM.
public struct SBOMReportInput: Sendable {
    public var file: String
    public var document: SBOMDocument
    /// Nil for a document the validator does not take (XML, tag-value), with the reason in ``notValidated``.
    public var validation: SBOMValidationReport?
    public var notValidated: String?
    /// One per profile, in ``SBOMProfile`` order.
    public var checks: [MinimumElementsReport]
    public var score: QualityScore
    public var licenses: LicenseReport
    public var attestation: SBOMAttestationStatus?
    /// The cosign signatures of the image the SBOM describes (`--image`), verified with the given keys.
    public var imageSignature: ImageSignatureVerification?
    public var vulnerabilities: VulnerabilitySummary?
    /// When the report was made (an injected clock: `SOURCE_DATE_EPOCH` makes it reproducible).
    public var generated: Date

    /// Runs every audit over the SBOM in `bytes` (read from `file`).
    public static func audit(_ bytes: [UInt8], file: String, attestation: SBOMAttestationStatus?, imageSignature: ImageSignatureVerification? = nil,
                             vulnerabilities: VulnerabilitySummary?, generated: Date) throws(VouchError) -> SBOMReportInput {
        let document = try SBOMReader.read(bytes, path: file)
        // The reader took the document; the validator takes JSON only, so an XML or tag-value SBOM is reported unvalidated.
        var validation: SBOMValidationReport?, notValidated: String?
        do throws(VouchError) { validation = try SBOMValidator.validate(bytes, path: file) } catch { notValidated = error.reason }
        return SBOMReportInput(
            file: file, document: document, validation: validation, notValidated: notValidated,
            checks: SBOMProfile.allCases.map { MinimumElements.check(document, profile: $0, file: file) },
            score: QualityScore.score(document, schemaValid: validation?.passed ?? false, file: file),
            licenses: LicenseReport.make(document, rule: nil, policyPath: nil, file: file),
            attestation: attestation, imageSignature: imageSignature, vulnerabilities: vulnerabilities, generated: generated)
    }
}

/// `vouch sbom report`: one self-contained HTML page (inline CSS and script, no request to anywhere) for an
/// auditor: summary, validation, minimum elements per profile, attestation status, licenses,
/// vulnerabilities, the dependency tree and a filterable component table.
///
/// Package metadata is untrusted: every text and attribute value goes through ``XMLEscaping`` (HTML's
/// special characters in text and double-quoted attributes are XML's), no metadata becomes a link or
/// markup, and the page's Content-Security-Policy allows only its own script and style (by SHA-256), no
/// connection, image, font or frame: an injected `<script>` or `onerror=` could not run, and nothing
/// loads from the network.
public enum SBOMHTMLReport {
    /// The deepest dependency tree level drawn; deeper levels say they were cut.
    public static let maximumTreeDepth = 24
    /// The most components listed as missing an element, per element.
    public static let maximumListedMissing = 25

    public static func render(_ input: SBOMReportInput) -> String {
        var page = Page()
        let info = input.document.info
        // The primary component is the subject (the summary names it), not one of its components.
        let components = QueriedComponent.all(in: input.document).filter { $0.role != .primary }
        let title = info?.primary.map { $0.version.isEmpty ? $0.name : "\($0.name) \($0.version)" } ?? input.file
        page.summary(input, components: components.count)
        if let signature = input.imageSignature { page.imageSignature(signature) }
        if let attestation = input.attestation { page.attestation(attestation) }
        page.validation(input.validation, notValidated: input.notValidated)
        page.profiles(input.checks)
        page.score(input.score)
        page.licenses(input.licenses)
        if let vulnerabilities = input.vulnerabilities { page.vulnerabilities(vulnerabilities) }
        page.tree(input.document)
        page.components(components)
        return page.document(title: title, generated: input.generated)
    }

    static func escape(_ text: String) -> String { XMLEscaping.escape(text, in: .attribute) }

    /// The CSP source for an inline element: `'sha256-<base64>'` of its exact text.
    static func hashSource(_ text: String) -> String {
        let hex = (try? DigestHasher.digest(of: Array(text.utf8)).hex) ?? ""
        return "'sha256-\(Base64.encode(Hex.decode(hex) ?? []))'"
    }
}

private struct Page {
    var body = ""

    mutating func add(_ html: String) { body += html }

    func esc(_ text: String) -> String { SBOMHTMLReport.escape(text) }

    func badge(_ passed: Bool, _ yes: String = "PASS", _ no: String = "FAIL") -> String {
        "<span class=\"badge \(passed ? "ok" : "bad")\">\(passed ? yes : no)</span>"
    }

    mutating func summary(_ input: SBOMReportInput, components: Int) {
        let info = input.document.info
        let vulns = input.vulnerabilities?.findings.count
        add("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">")
        add("<div class=\"card\"><b id=\"component-total\">\(components)</b>components</div>")
        let format = "\(info?.format.rawValue ?? "") \(info?.specVersion ?? "")"
        if let validation = input.validation {
            add("<div class=\"card\">\(badge(validation.passed, "VALID", "INVALID"))<span>\(esc(format)) schema</span></div>")
        }
        add("<div class=\"card\"><b>\(String(format: "%.1f", input.score.score))</b>quality score, grade \(esc(input.score.grade))</div>")
        let passedProfiles = input.checks.filter(\.passed).count
        add("<div class=\"card\"><b>\(passedProfiles)/\(input.checks.count)</b>profiles met</div>")
        add("<div class=\"card\"><b>\(input.licenses.unknown)</b>packages without a license</div>")
        if let vulns { add("<div class=\"card\"><b>\(vulns)</b>known vulnerabilities</div>") }
        if let signature = input.imageSignature {
            add("<div class=\"card\">\(badge(signature.passed, "SIGNED", "NOT VERIFIED"))<span>image signature</span></div>")
        }
        if let attestation = input.attestation {
            add("<div class=\"card\">\(badge(attestation.passed, "SIGNED", "NOT VERIFIED"))<span>attestation</span></div>")
        }
        add("</div><table class=\"kv\">")
        row("File", input.file)
        row("Format", format + (info.map { " (\($0.encoding))" } ?? ""))
        if let primary = info?.primary { row("Describes", [primary.name, primary.version, primary.purl ?? ""].filter { !$0.isEmpty }.joined(separator: " ")) }
        if let timestamp = info?.timestamp { row("Created", timestamp) }
        if let tools = info?.tools, !tools.isEmpty { row("Tools", tools.map { [$0.name, $0.version ?? ""].filter { !$0.isEmpty }.joined(separator: " ") }.joined(separator: ", ")) }
        let authors = (info?.authors ?? []).compactMap { party in party.name.map { name in party.email.map { "\(name) <\($0)>" } ?? name } }
        if !authors.isEmpty { row("Authors", authors.joined(separator: ", ")) }
        if let namespace = info?.namespace { row(info?.format == .spdx ? "Namespace" : "Serial number", namespace) }
        add("</table></section>\n")
    }

    mutating func row(_ key: String, _ value: String) { add("<tr><th>\(esc(key))</th><td>\(esc(value))</td></tr>") }

    mutating func imageSignature(_ result: ImageSignatureVerification) {
        add("<section id=\"image-signature\"><h2>Image signature \(badge(result.passed, "VERIFIED", "NOT VERIFIED"))</h2>")
        add("<p>\(esc(result.image)) \(esc(result.digest.description)): \(result.passed ? "a given key signed this digest (cosign signature stored with the image)." : "no signature of this digest verified with the given keys.")</p>")
        add("<table><thead><tr><th>signature</th><th>signed digest</th><th>verified by</th><th>problems</th></tr></thead><tbody>")
        for check in result.signatures {
            add("<tr><td>\(esc("\(check.source) layer \(check.layer)"))</td><td class=\"mono\">\(esc(check.signedDigest ?? "-"))</td>")
            add("<td>\(esc(check.signature.verifiedBy ?? "no given key"))</td><td>\(esc(check.signature.failures.joined(separator: "; ")))</td></tr>")
        }
        for failure in result.failures { add("<tr><td colspan=\"4\">\(esc(failure.description))</td></tr>") }
        add("</tbody></table></section>\n")
    }

    mutating func attestation(_ status: SBOMAttestationStatus) {
        add("<section id=\"attestation\"><h2>Signature and attestation \(badge(status.passed, "VERIFIED", "NOT VERIFIED"))</h2>")
        add("<p>\(esc(status.attestation)) checked with \(esc(status.keys.joined(separator: ", "))). ")
        add(status.passed ? "A given key signed an in-toto attestation whose predicate is this SBOM.</p>"
                          : "No envelope is signed by a given key with this SBOM as its predicate.</p>")
        add("<table><thead><tr><th>#</th><th>signed by</th><th>predicate type</th><th>subject</th><th>predicate is this SBOM</th><th>problems</th></tr></thead><tbody>")
        for (index, envelope) in status.envelopes.enumerated() {
            add("<tr><td>\(index + 1)</td><td>\(esc(envelope.signedBy.isEmpty ? "no given key" : envelope.signedBy.joined(separator: ", ")))</td>")
            add("<td>\(esc(envelope.predicateType ?? "-"))</td><td class=\"mono\">\(esc(envelope.subjects.joined(separator: "\n")))</td>")
            add("<td>\(badge(envelope.predicateMatches, "yes", "no"))</td><td>\(esc(envelope.problems.joined(separator: "; ")))</td></tr>")
        }
        add("</tbody></table></section>\n")
    }

    mutating func validation(_ report: SBOMValidationReport?, notValidated: String?) {
        guard let report else {
            add("<section id=\"validation\"><h2>Schema and integrity</h2><p>Not validated: \(esc(notValidated ?? ""))</p></section>\n")
            return
        }
        add("<section id=\"validation\"><h2>Schema and integrity \(badge(report.passed, "VALID", "INVALID"))</h2><p>\(esc(report.schema))</p>")
        let problems = report.schemaProblems.map { "schema: \($0)" } + report.integrityProblems.map { "integrity: \($0)" }
            + report.cycles.map { "cycle: \(($0 + [$0[0]]).joined(separator: " -> "))" }
        if !problems.isEmpty {
            add("<ul class=\"problems\">")
            for problem in problems.prefix(200) { add("<li>\(esc(problem))</li>") }
            if problems.count > 200 { add("<li>... and \(problems.count - 200) more (`vouch sbom validate` lists all)</li>") }
            add("</ul>")
        }
        add("</section>\n")
    }

    mutating func profiles(_ checks: [MinimumElementsReport]) {
        add("<section id=\"profiles\"><h2>Minimum elements</h2>")
        for check in checks {
            add("<details><summary>\(esc(check.profileTitle)) \(badge(check.passed)) <small>\(check.elements.filter(\.passed).count) of \(check.elements.count) elements met</small></summary>")
            add("<table><thead><tr><th>element</th><th></th><th>have</th><th>where</th><th>missing</th></tr></thead><tbody>")
            for element in check.elements {
                let listed = element.failing.prefix(SBOMHTMLReport.maximumListedMissing).joined(separator: ", ")
                let more = element.failing.count > SBOMHTMLReport.maximumListedMissing ? " (+\(element.failing.count - SBOMHTMLReport.maximumListedMissing) more)" : ""
                add("<tr class=\"\(element.passed ? "pass" : "fail")\"><td>\(esc(element.element))</td><td>\(badge(element.passed))</td><td>\(element.have)/\(element.total)</td>")
                add("<td>\(esc(element.requirement))\(element.note.map { "<br><small>\(esc($0))</small>" } ?? "")</td><td>\(esc(listed + more))</td></tr>")
            }
            add("</tbody></table></details>")
        }
        add("</section>\n")
    }

    mutating func score(_ score: QualityScore) {
        add("<section id=\"score\"><h2>Quality score: \(String(format: "%.1f", score.score))/10, grade \(esc(score.grade))</h2><table><thead><tr><th>category</th><th>weight</th><th>score</th></tr></thead><tbody>")
        for category in score.categories {
            add("<tr><td>\(esc(category.name))</td><td>\(Int(category.weight))</td><td>\(String(format: "%.1f", category.score))</td></tr>")
        }
        add("</tbody></table></section>\n")
    }

    mutating func licenses(_ report: LicenseReport) {
        add("<section id=\"licenses\"><h2>Licenses</h2><p>\(report.packages) packages, \(report.unknown) without license information (the concluded license when the SBOM asserts one, else the declared one).</p>")
        add("<table><thead><tr><th>license</th><th>packages</th><th></th></tr></thead><tbody>")
        let most = max(report.licenses.first?.packages ?? 1, 1)
        for entry in report.licenses {
            // A progress element, not a styled span: the page's CSP allows no inline style attributes.
            add("<tr><td>\(esc(entry.license))\(entry.valid ? "" : " <small>(not a valid SPDX expression)</small>")</td><td>\(entry.packages)</td><td class=\"barcell\"><progress value=\"\(entry.packages)\" max=\"\(most)\"></progress></td></tr>")
        }
        add("</tbody></table></section>\n")
    }

    mutating func vulnerabilities(_ summary: VulnerabilitySummary) {
        let counts = summary.counts.map { "\($0.count) \($0.level)" }.joined(separator: ", ")
        add("<section id=\"vulnerabilities\"><h2>Vulnerabilities</h2><p>\(esc(summary.file)): \(summary.findings.count) finding\(summary.findings.count == 1 ? "" : "s")\(counts.isEmpty ? "" : " (\(esc(counts)))") in \(summary.packagesScanned) packages of \(esc(summary.source)), database \(esc(summary.database))\(summary.suppressed > 0 ? "; \(summary.suppressed) ignored or suppressed by VEX" : "").</p>")
        if !summary.findings.isEmpty {
            add("<table><thead><tr><th>id</th><th>severity</th><th>package</th><th>version</th><th>fixed in</th><th>summary</th></tr></thead><tbody>")
            for finding in summary.findings {
                let severity = finding.severity + (finding.score.map { String(format: " %.1f", $0) } ?? "")
                add("<tr><td>\(esc(([finding.id] + finding.aliases).joined(separator: " ")))</td><td class=\"sev \(esc(finding.severity.lowercased()))\">\(esc(severity))</td>")
                add("<td>\(esc(finding.package))</td><td>\(esc(finding.version))</td><td>\(esc(finding.fixedIn.joined(separator: ", ")))</td><td>\(esc(finding.summary ?? ""))</td></tr>")
            }
            add("</tbody></table>")
        }
        add("</section>\n")
    }

    /// Roots are the packages no package depends on (under the primary component when there is one); each
    /// package's subtree is drawn once, later mentions say so, so the page stays linear in the edges.
    mutating func tree(_ document: SBOMDocument) {
        let byID = Dictionary(document.packages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var children: [String: [String]] = [:]
        var hasParent = Set<String>()
        for edge in document.dependencies where byID[edge.to] != nil {
            children[edge.from, default: []].append(edge.to)
            hasParent.insert(edge.to)
        }
        let primary = document.info?.primary
        var roots = document.packages.filter { !hasParent.contains($0.id) && $0.id != primary?.id }.map(\.id)
        if let primary, let direct = children[primary.id] { roots = direct + roots.filter { !direct.contains($0) } }
        add("<section id=\"tree\"><h2>Dependency tree</h2><p>\(document.dependencies.count) dependency edge\(document.dependencies.count == 1 ? "" : "s"); top level: the packages no package depends on.</p>")
        if document.dependencies.isEmpty {
            add("<p>The SBOM records no dependency relationships.</p></section>\n")
            return
        }
        var drawn = Set<String>()
        func label(_ id: String) -> String {
            guard let package = byID[id] else { return esc(id) }
            return "<b>\(esc(package.name))</b> \(esc(package.version))"
        }
        func node(_ id: String, depth: Int, path: Set<String>) -> String {
            let kids = children[id] ?? []
            if kids.isEmpty { return "<li>\(label(id))</li>" }
            if path.contains(id) { return "<li>\(label(id)) <small>(cycle)</small></li>" }
            if drawn.contains(id) { return "<li>\(label(id)) <small>(\(kids.count) dependencies, shown above)</small></li>" }
            if depth >= SBOMHTMLReport.maximumTreeDepth { return "<li>\(label(id)) <small>(deeper than maximumTreeDepth \(SBOMHTMLReport.maximumTreeDepth): not drawn)</small></li>" }
            drawn.insert(id)
            var html = "<li><details\(depth < 1 ? " open" : "")><summary>\(label(id)) <small>\(kids.count)</small></summary><ul>"
            for kid in kids { html += node(kid, depth: depth + 1, path: path.union([id])) }
            return html + "</ul></details></li>"
        }
        var html = "<ul class=\"tree\">"
        if let primary { html += "<li><b>\(esc(primary.name))</b> \(esc(primary.version)) <small>(described)</small><ul>" }
        for root in roots { html += node(root, depth: 0, path: []) }
        if primary != nil { html += "</ul></li>" }
        add(html + "</ul></section>\n")
    }

    mutating func components(_ components: [QueriedComponent]) {
        let fields: [ComponentField] = [.name, .version, .ecosystem, .license, .supplier, .purl]
        let ecosystems = Set(components.compactMap { ComponentField.ecosystem.value($0) }).sorted()
        add("<section id=\"components\"><h2>Components</h2><div class=\"filters\">")
        add("<input id=\"q\" type=\"search\" placeholder=\"filter: name, version, license, purl (supplier:TEXT for suppliers)\" aria-label=\"filter\">")
        add("<select id=\"eco\" aria-label=\"ecosystem\"><option value=\"\">every ecosystem</option>")
        for ecosystem in ecosystems { add("<option value=\"\(esc(ecosystem.lowercased()))\">\(esc(ecosystem))</option>") }
        add("</select> <span id=\"count\">\(components.count) of \(components.count) components</span></div>")
        add("<table id=\"component-table\"><thead><tr>\(fields.map { "<th>\($0.rawValue)</th>" }.joined())</tr></thead><tbody>")
        for component in components {
            let values = fields.map { $0.value(component) }
            // What a plain filter matches: the identifying fields. `supplier:TEXT` (or another field's
            // name) matches that field alone, from its own attribute.
            let search = [ComponentField.name, .version, .purl, .license].compactMap { $0.value(component) }.joined(separator: " ").lowercased()
            let byField = [("name", ComponentField.name), ("version", .version), ("license", .license), ("supplier", .supplier), ("purl", .purl)]
                .map { " data-\($0.0)=\"\(esc(($0.1.value(component) ?? "").lowercased()))\"" }.joined()
            add("<tr data-s=\"\(esc(search))\" data-e=\"\(esc((ComponentField.ecosystem.value(component) ?? "").lowercased()))\"\(byField)>")
            for (field, value) in zip(fields, values) { add("<td\(field == .purl ? " class=\"mono\"" : "")>\(esc(value ?? "-"))</td>") }
            add("</tr>\n")
        }
        add("</tbody></table></section>\n")
    }

    func document(title: String, generated: Date) -> String {
        let formatter = ISO8601DateFormatter()
        let style = Self.style, script = Self.script
        let policy = "default-src 'none'; style-src \(SBOMHTMLReport.hashSource(style)); script-src \(SBOMHTMLReport.hashSource(script)); img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(policy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="vouch \(esc(VouchVersion.current))">
            <title>SBOM report: \(esc(title))</title>
            <style>\(style)</style>
            </head><body>
            <header><h1>SBOM report: \(esc(title))</h1><p>Made by vouch \(esc(VouchVersion.current)) at \(formatter.string(from: generated)). Offline: this page loads nothing.</p></header>
            <main>
            \(body)</main>
            <script>\(script)</script>
            </body></html>

            """
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}\
        header{background:#1d2330;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.75}\
        main{padding:8px 24px 40px;max-width:1400px}section{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:4px 16px 12px;margin:14px 0}\
        h2{font-size:17px;margin:12px 0 8px}table{border-collapse:collapse;width:100%;margin:6px 0}\
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceef2;vertical-align:top;white-space:pre-line;overflow-wrap:break-word}\
        thead th{background:#f0f2f5;font-weight:600}table.kv th{width:140px;color:#555}.mono{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}\
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:6px 0 10px}.card{border:1px solid #dde1e7;border-radius:8px;padding:8px 14px;min-width:130px;display:flex;flex-direction:column;gap:2px}\
        .card b{font-size:22px}.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:700;color:#fff;vertical-align:middle}\
        .badge.ok{background:#1a7f37}.badge.bad{background:#cf222e}tr.fail td:first-child{color:#cf222e}summary{cursor:pointer;padding:4px 0}\
        .barcell{width:40%}.barcell progress{width:100%}.filters{display:flex;gap:10px;align-items:center;margin:6px 0}\
        #q{flex:0 1 420px;padding:6px 8px;border:1px solid #bbb;border-radius:6px}#count{color:#555}\
        ul.tree{list-style:none;padding-left:4px}ul.tree ul{list-style:none;padding-left:18px;border-left:1px dotted #bbb}\
        .sev.critical,.sev.high{color:#cf222e;font-weight:700}.sev.medium{color:#9a6700}.problems li{font-family:ui-monospace,monospace;font-size:12px}
        """

    /// The component filter: `#q=TEXT&eco=ECOSYSTEM` in the URL fragment sets it, typing updates the fragment.
    /// TEXT matches name, version, purl and license; `supplier:TEXT` (`name:`, `version:`, `license:`,
    /// `purl:`, `ecosystem:`) matches that one field.
    static let script = """
        (function(){var rows=Array.prototype.slice.call(document.querySelectorAll('#component-table tbody tr'));\
        var q=document.getElementById('q'),eco=document.getElementById('eco'),count=document.getElementById('count');\
        var by={name:'data-name',version:'data-version',license:'data-license',supplier:'data-supplier',purl:'data-purl',ecosystem:'data-e'};\
        function apply(){var t=q.value.trim().toLowerCase(),a='data-s',m=/^([a-z]+):(.*)$/.exec(t),e=eco.value,n=0;\
        if(m&&by.hasOwnProperty(m[1])){a=by[m[1]];t=m[2].trim();}rows.forEach(function(r){\
        var ok=(!t||r.getAttribute(a).indexOf(t)>=0)&&(!e||r.getAttribute('data-e')===e);r.hidden=!ok;if(ok)n++;});\
        count.textContent=n+' of '+rows.length+' components';}\
        function fromHash(){var p=new URLSearchParams(location.hash.slice(1));q.value=p.get('q')||'';var e=(p.get('eco')||'').toLowerCase();\
        eco.value=Array.prototype.some.call(eco.options,function(o){return o.value===e;})?e:'';apply();}\
        function toHash(){var p=new URLSearchParams();if(q.value)p.set('q',q.value);if(eco.value)p.set('eco',eco.value);\
        try{history.replaceState(null,'','#'+p.toString());}catch(x){}apply();}\
        q.addEventListener('input',toHash);eco.addEventListener('change',toHash);window.addEventListener('hashchange',fromHash);fromHash();})();
        """
}
