/// Identifies the SPDX licenses in a license text by comparing its normalized words (``LicenseTokenizer``)
/// with the SPDX license list's templates (``SPDXLicenseTemplates``), after the SPDX matching guidelines:
/// replaceable text (`<alt>`) may be anything up to its bound, omittable text (`<optional>`, titles,
/// copyright notices) may be absent, and what is left is compared word by word.
///
/// The guidelines ask for an exact match; real files differ by a word here and there (a reflowed line, a
/// project name where the template has none), so a match is accepted at a similarity of ``threshold`` and
/// its score is kept. Nothing is inferred from a name or from part of a text: a file is identified only
/// when the licenses found cover it all but ``maximumUnmatchedWords``.
public enum LicenseTextMatcher {
    /// The lowest score accepted: matched words / (template words + words the text has in addition).
    public static let threshold = 0.95
    /// The longest run of words outside every matched license that a text may still have (a title, a
    /// "licensed under the MIT license, reproduced below" line); a longer run may be terms of its own.
    public static let maximumUnmatchedRun = 20
    /// The most words of one text compared; a longer text is cut there and reported as such.
    public static let maximumWords = 100_000
    /// Words a template's candidate must share with the text before it is aligned at all.
    static let overlapNeeded = 0.8
    /// How far an alignment looks ahead on either side to get back in step after a difference.
    static let resyncWindow = 24
    /// Consecutive equal words that count as back in step.
    static let resyncRun = 3

    /// Identifies `text`.
    public static func identify(_ text: String) -> LicenseTextIdentification {
        var words: [Int32] = []
        var truncated = false
        LicenseTokenizer.forEachWord(text) { word in
            guard words.count < maximumWords else { truncated = true; return }
            words.append(SPDXLicenseTemplates.vocabulary[word] ?? -2)
        }
        return identify(words: words, truncated: truncated)
    }

    static func identify(words: [Int32], truncated: Bool) -> LicenseTextIdentification {
        guard !words.isEmpty else { return LicenseTextIdentification(matches: [], wordCount: 0, unmatchedWordCount: 0, longestUnmatchedRun: 0, truncated: truncated) }
        var present = [Bool](repeating: false, count: SPDXLicenseTemplates.vocabulary.count)
        var positions: [Int32: [Int]] = [:]
        for (index, word) in words.enumerated() where word >= 0 {
            present[Int(word)] = true
            positions[word, default: []].append(index)
        }
        var candidates: [Candidate] = []
        for template in SPDXLicenseTemplates.all where !template.distinctRequired.isEmpty {
            guard Self.sharesEnough(template.distinctRequired, present) else { continue }
            var best: [Int: Candidate] = [:]
            for anchor in anchors(template) {
                let first = template.items[anchor].word
                for start in (positions[first] ?? []).prefix(64) where runMatches(template, anchor, words, start, resyncRun + 1) {
                    var candidate = align(template, from: anchor, words, at: start)
                    candidate.isHeader = template.isHeader
                    guard candidate.score >= threshold else { continue }
                    if let known = best[candidate.range.lowerBound], known.score >= candidate.score { continue }
                    best[candidate.range.lowerBound] = candidate
                }
            }
            candidates += best.values
        }
        // Largest first; ties (identical templates, such as LGPL-3.0-only and LGPL-3.0-or-later) become
        // alternatives of one match instead of a guess between them.
        candidates.sort { ($0.matchedWords, $0.score, $1.id) > ($1.matchedWords, $1.score, $0.id) }
        var chosen: [LicenseTextMatch] = []
        for candidate in candidates {
            if let index = chosen.firstIndex(where: { Self.isTie($0, candidate) }) {
                if !chosen[index].ids.contains(candidate.id) { chosen[index].ids.append(candidate.id) }
                continue
            }
            guard !chosen.contains(where: { $0.wordRange.overlaps(candidate.range) }) else { continue }
            chosen.append(LicenseTextMatch(ids: [candidate.id], score: candidate.score, wordRange: candidate.range,
                                           method: candidate.isHeader ? .spdxLicenseHeader : .spdxTemplate))
        }
        chosen.sort { $0.wordRange.lowerBound < $1.wordRange.lowerBound }
        for index in chosen.indices { chosen[index].ids.sort() }
        var covered = [Bool](repeating: false, count: words.count)
        for match in chosen { for index in match.wordRange { covered[index] = true } }
        let unmatched = covered.reduce(0) { $0 + ($1 ? 0 : 1) }
        var longestRun = 0, run = 0
        for isCovered in covered {
            run = isCovered ? 0 : run + 1
            longestRun = max(longestRun, run)
        }
        // Words outside the matches that grant or limit something of their own.
        var choiceWords = false
        var ownTerms: String?
        let vocabulary = SPDXLicenseTemplates.vocabulary
        for (index, word) in words.enumerated() where !covered[index] && word >= 0 {
            if choiceVocabulary.contains(word) { choiceWords = true }
            if ownTerms == nil, word == vocabulary["exception"] || word == vocabulary["exceptions"] { ownTerms = "exception" }
            if ownTerms == nil, word == vocabulary["public"], index + 1 < words.count, !covered[index + 1], words[index + 1] == vocabulary["domain"] {
                ownTerms = "public domain"
            }
        }
        return LicenseTextIdentification(matches: chosen, wordCount: words.count, unmatchedWordCount: unmatched,
                                         longestUnmatchedRun: longestRun, truncated: truncated, mentionsChoice: choiceWords && chosen.count > 1,
                                         outsideTerms: ownTerms)
    }

    /// Whether the text has at least ``overlapNeeded`` of a template's distinct required words. Every
    /// template is tested for every license file: the count stops as soon as the answer is known (most
    /// templates fall short after a few of their words), which keeps cataloguing a venv fast.
    static func sharesEnough(_ distinct: [Int32], _ present: [Bool]) -> Bool {
        let needed = Int((overlapNeeded * Double(distinct.count)).rounded(.up))
        let total = distinct.count
        return distinct.withUnsafeBufferPointer { words in
            present.withUnsafeBufferPointer { present in
                var shared = 0, index = 0
                while index < total {
                    if present[Int(words[index])] { shared += 1 }
                    index += 1
                    if shared >= needed { return true }
                    if shared + (total - index) < needed { return false }
                }
                return shared >= needed
            }
        }
    }

    /// Words that, outside the matched licenses, say the licenses are alternatives (then AND would be wrong).
    static let choiceVocabulary: Set<Int32> = Set(["either", "dual", "choice", "choose", "alternatively", "option"].compactMap { SPDXLicenseTemplates.vocabulary[$0] })

    /// The score difference within which two templates over the same words fit a text equally.
    static let tieTolerance = 0.002

    /// Two fits of (nearly) the same words that score the same: templates that differ only where the text
    /// says nothing, such as GPL-2.0-only and GPL-2.0-or-later without their notices.
    static func isTie(_ match: LicenseTextMatch, _ candidate: Candidate) -> Bool {
        guard (match.method == .spdxLicenseHeader) == candidate.isHeader, abs(match.score - candidate.score) <= tieTolerance else { return false }
        let common = max(0, min(match.wordRange.upperBound, candidate.range.upperBound) - max(match.wordRange.lowerBound, candidate.range.lowerBound))
        return Double(common) >= 0.9 * Double(max(match.wordRange.count, candidate.range.count))
    }

    struct Candidate {
        var id: String
        var isHeader = false
        var score: Double
        var range: Range<Int>
        var matchedWords: Int
    }

    /// Template positions where an alignment may start: runs of required words near the template's start
    /// (a text may lack or change the first words).
    static func anchors(_ template: SPDXLicenseTemplates.Template) -> [Int] {
        var result: [Int] = []
        var index = 0
        var skipUntil = 0
        while index + resyncRun < template.items.count, result.count < 3 {
            let run = template.items[index...(index + resyncRun)]
            if index >= skipUntil, run.allSatisfy({ $0.word >= 0 && !$0.optional }) {
                result.append(index)
                skipUntil = index + 8
            }
            index += 1
        }
        return result
    }

    static func runMatches(_ template: SPDXLicenseTemplates.Template, _ at: Int, _ words: [Int32], _ start: Int, _ length: Int) -> Bool {
        guard at + length <= template.items.count, start + length <= words.count else { return false }
        for offset in 0..<length where template.items[at + offset].word != words[start + offset] { return false }
        return true
    }

    /// Walks the template from `anchor` and the text from `start` together, skipping what differs; template
    /// words never met lower the score through the denominator (every required word counts there).
    static func align(_ template: SPDXLicenseTemplates.Template, from anchor: Int, _ words: [Int32], at start: Int) -> Candidate {
        let items = template.items
        var matched = 0, optionalMatched = 0, extra = 0, missing = 0
        // Past this many differences the score cannot reach the threshold: stop early.
        let allowed = Int((1 - threshold) * Double(template.requiredCount)) + 4
        for item in items[..<anchor] where item.word >= 0 && !item.optional { missing += 1 }
        var i = anchor, j = start
        while i < items.count {
            let item = items[i]
            if j >= words.count {
                break
            }
            if item.word < 0 {
                // A gap: resume at the first place within its bound where the words after it follow.
                let next = items[(i + 1)...].prefix { $0.word >= 0 }.prefix(resyncRun).map(\.word)
                if !next.isEmpty {
                    let limit = min(Int(item.gapLimit), words.count - j)
                    if let skip = (0...limit).first(where: { s in j + s + next.count <= words.count && zip(next, words[(j + s)...]).allSatisfy { $0 == $1 } }) {
                        j += skip
                    }
                }
                i += 1
                continue
            }
            if item.optional && (i == 0 || !items[i - 1].optional) {
                // An omittable run is taken only when the text starts it.
                let run = items[i...].prefix { $0.optional }
                let head = run.prefix(resyncRun).filter { $0.word >= 0 }.map(\.word)
                if head.isEmpty || j + head.count > words.count || !zip(head, words[j...]).allSatisfy({ $0 == $1 }) {
                    i += run.count
                    continue
                }
            }
            if item.word == words[j] {
                if item.optional { optionalMatched += 1 } else { matched += 1 }
                i += 1
                j += 1
                continue
            }
            if missing + extra > allowed { return Candidate(id: template.id, score: 0, range: start..<j, matchedWords: 0) }
            if let (skipTemplate, skipText) = resync(items, i, words, j) {
                for skipped in items[i..<(i + skipTemplate)] where skipped.word >= 0 && !skipped.optional { missing += 1 }
                extra += skipText
                i += skipTemplate
                j += skipText
            } else {
                if !item.optional { missing += 1 }
                i += 1
            }
        }
        // Back from the anchor over what the text has before it (a title, an omittable first line).
        var back = anchor - 1, first = start
        while back >= 0, first > 0, back >= anchor - 64 {
            let item = items[back]
            if item.word >= 0 && item.word == words[first - 1] {
                if item.optional { optionalMatched += 1 } else { matched += 1 }
                first -= 1
            }
            back -= 1
        }
        let score = Double(matched + optionalMatched) / Double(max(1, template.requiredCount + optionalMatched + extra))
        return Candidate(id: template.id, score: score, range: first..<j, matchedWords: matched + optionalMatched)
    }

    /// The smallest skip (template words, text words) after which `resyncRun` words agree again.
    static func resync(_ items: [SPDXLicenseTemplates.Item], _ i: Int, _ words: [Int32], _ j: Int) -> (Int, Int)? {
        for distance in 1...(2 * resyncWindow) {
            for skipTemplate in max(0, distance - resyncWindow)...min(distance, resyncWindow) {
                let skipText = distance - skipTemplate
                let ti = i + skipTemplate, tj = j + skipText
                guard ti + resyncRun <= items.count, tj + resyncRun <= words.count else { continue }
                var agree = true
                for offset in 0..<resyncRun where items[ti + offset].word != words[tj + offset] || items[ti + offset].word < 0 {
                    agree = false
                    break
                }
                if agree { return (skipTemplate, skipText) }
            }
        }
        return nil
    }
}

/// One license found in a text.
public struct LicenseTextMatch: Hashable, Sendable {
    /// The SPDX id, or several when their templates fit the text equally (the text alone cannot tell).
    public var ids: [String]
    /// matched words / (template words + additional words), 0...1; 1 is an exact match under the guidelines.
    public var score: Double
    /// The words of the text the license covers.
    public var wordRange: Range<Int>
    /// What matched.
    public var method: Method

    /// A score with three decimals ("0.993"), without Foundation.
    public static func format(_ score: Double) -> String {
        let thousandths = Int((score * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    public enum Method: String, Hashable, Sendable {
        /// The license's text, against its SPDX template.
        case spdxTemplate = "spdx-template"
        /// The license's standard header ("Licensed under the Apache License, Version 2.0 ..."), against the
        /// SPDX standard license header.
        case spdxLicenseHeader = "spdx-license-header"
    }
}

/// What ``LicenseTextMatcher`` found in one text.
public struct LicenseTextIdentification: Hashable, Sendable {
    public var matches: [LicenseTextMatch]
    public var wordCount: Int
    /// Words outside every match.
    public var unmatchedWordCount: Int
    /// The longest run of consecutive words outside every match.
    public var longestUnmatchedRun: Int = 0
    /// The text was longer than ``LicenseTextMatcher/maximumWords``.
    public var truncated: Bool
    /// Several licenses, and the rest of the text speaks of a choice between them.
    public var mentionsChoice: Bool = false
    /// Terms of its own the text has outside the licenses found ("public domain", "exception").
    public var outsideTerms: String? = nil

    /// Why the text does not give one expression, or nil when it does.
    public var problem: String? { problem(preferring: []) }

    /// As ``problem``, where a match that fits several ids counts as one when exactly one of them is in
    /// `preferred` (an id the metadata names).
    public func problem(preferring preferred: Set<String>) -> String? {
        if matches.isEmpty { return "no SPDX license template matches at \(Int(LicenseTextMatcher.threshold * 100))% or more" }
        if truncated { return "longer than \(LicenseTextMatcher.maximumWords) words (maximumWords)" }
        if let ambiguous = matches.first(where: { Self.pick($0.ids, preferred) == nil }) {
            return "the text fits " + ambiguous.ids.joined(separator: ", ") + " equally"
        }
        if longestUnmatchedRun > LicenseTextMatcher.maximumUnmatchedRun {
            return "\(longestUnmatchedRun) consecutive words are outside the licenses found (maximumUnmatchedRun is \(LicenseTextMatcher.maximumUnmatchedRun))"
        }
        if mentionsChoice { return "several licenses, and the text speaks of a choice between them" }
        if let outsideTerms { return "outside the licenses found, the text says \"\(outsideTerms)\"" }
        return nil
    }

    private static func pick(_ ids: [String], _ preferred: Set<String>) -> String? {
        if ids.count == 1 { return ids[0] }
        let chosen = ids.filter(preferred.contains)
        return chosen.count == 1 ? chosen[0] : nil
    }

    /// The licenses the text has, distinct, in the order it has them, when there is no ``problem``.
    public func resolvedIDs(preferring preferred: Set<String> = []) -> [String]? {
        guard problem(preferring: preferred) == nil else { return nil }
        var seen: [String] = []
        for match in matches { if let id = Self.pick(match.ids, preferred), !seen.contains(id) { seen.append(id) } }
        return seen
    }

    /// ``resolvedIDs(preferring:)`` joined with AND: the text has all of them.
    public func expression(preferring preferred: Set<String> = []) -> String? {
        resolvedIDs(preferring: preferred).map { $0.joined(separator: " AND ") }
    }

    /// The licenses the text has, joined with AND in the order it has them, when ``problem`` is nil.
    public var expression: String? { expression(preferring: []) }

    /// `spdx-template`, `spdx-license-header`, or both joined with "+"; nil without a match.
    public var methodName: String? {
        let methods = Set(matches.map(\.method.rawValue)).sorted()
        return methods.isEmpty ? nil : methods.joined(separator: "+")
    }

    /// "SPDX template, score 0.993" (the lowest score when there are several matches).
    public var methodDescription: String {
        let methods = Set(matches.map(\.method))
        let name = methods.count == 1 && methods.first == .spdxLicenseHeader ? "SPDX license header" : "SPDX template"
        return "\(name), score " + LicenseTextMatch.format(score ?? 0)
    }

    /// The lowest score among the matches.
    public var score: Double? { matches.map(\.score).min() }
}
