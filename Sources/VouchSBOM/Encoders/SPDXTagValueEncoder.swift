public import VouchCore

/// SPDX 2.3 tag-value (SPDX 2.3 Annex (tag-value format)): `Tag: value` lines, multi-line values in
/// `<text>...</text>`.
public struct SPDXTagValueEncoder: SBOMEncoder {
    public let format = SBOMFormat.spdxTagValue
    public init() {}

    public func encode(_ document: SBOMDocument, options: SBOMEncodingOptions) throws(VouchError) -> [UInt8] {
        let model = SPDXDocumentModel(document, options: options)
        let filesByPackage = Dictionary(grouping: model.files, by: \.packageID)
        var out = ""
        out += "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n"
        out += "DocumentName: \(Self.line(model.name))\nDocumentNamespace: \(model.namespace)\n"
        for creator in model.creators { out += "Creator: \(Self.line(creator))\n" }
        out += "Created: \(model.created)\nCreatorComment: \(Self.text(SBOMEncodingOptions.creationComment))\nLicenseListVersion: \(model.licenseListVersion)\n"
        for package in model.packages {
            out += "\n##### Package: \(Self.line(package.name))\n\n"
            out += "PackageName: \(Self.line(package.name))\nSPDXID: \(package.spdxID)\n"
            // SPDX 2.3 clause 7.3 is free text, but the tag-value grammar of the reference tools (spdx-tools'
            // lexer) reads NOASSERTION as a keyword PackageVersion does not take: an unknown version is left out.
            if let version = package.version, version != "NOASSERTION" { out += "PackageVersion: \(Self.line(version))\n" }
            out += "PackageSupplier: \(Self.line(package.supplier))\n"
            if let originator = package.originator { out += "PackageOriginator: \(Self.line(originator))\n" }
            out += "PackageDownloadLocation: NOASSERTION\nFilesAnalyzed: \(package.verificationCode != nil)\n"
            if let code = package.verificationCode { out += "PackageVerificationCode: \(code)\n" }
            for checksum in package.checksums { out += "PackageChecksum: \(checksum.algorithm): \(checksum.value)\n" }
            if let homepage = package.homepage { out += "PackageHomePage: \(homepage)\n" }
            if let info = package.sourceInfo { out += "PackageSourceInfo: \(Self.text(info))\n" }
            out += "PackageLicenseConcluded: \(package.licenseConcluded)\nPackageLicenseDeclared: \(package.licenseDeclared)\n"
            if let comments = package.licenseComments { out += "PackageLicenseComments: \(Self.text(comments))\n" }
            out += "PackageCopyrightText: NOASSERTION\n"
            if let summary = package.summary { out += "PackageSummary: \(Self.text(summary))\n" }
            if let comment = package.comment { out += "PackageComment: \(Self.text(comment))\n" }
            if let purl = package.purl { out += "ExternalRef: PACKAGE-MANAGER purl \(purl)\n" }
            out += "PrimaryPackagePurpose: \(package.purpose)\n"
            // In tag-value a file belongs to the package it follows, so each package's files come right after it.
            for file in filesByPackage[package.spdxID] ?? [] {
                out += "\nFileName: \(Self.line(file.name))\nSPDXID: \(file.spdxID)\n"
                for checksum in file.checksums { out += "FileChecksum: \(checksum.algorithm): \(checksum.value)\n" }
                out += "LicenseConcluded: NOASSERTION\nFileCopyrightText: NOASSERTION\n"
            }
        }
        if !model.extractedLicenses.isEmpty { out += "\n##### Other licensing information\n" }
        for reference in model.extractedLicenses {
            out += "\nLicenseID: \(reference.id)\nExtractedText: \(Self.text(reference.text))\nLicenseName: \(Self.line(reference.name))\n"
        }
        out += "\n##### Relationships\n\n"
        for relationship in model.relationships {
            out += "Relationship: \(relationship.element) \(relationship.type) \(relationship.related)\n"
            if let comment = relationship.comment { out += "RelationshipComment: \(Self.line(comment))\n" }
        }
        return Array(out.utf8)
    }

    /// A single-line value: newlines would start a new tag.
    private static func line(_ value: String) -> String {
        value.contains("\n") || value.contains("\r") ? String(value.map { $0 == "\n" || $0 == "\r" ? " " : $0 }) : value
    }

    /// A `<text>` value; a literal `</text>` inside cannot be represented, so its `<` is spelled `&lt;`.
    private static func text(_ value: String) -> String {
        "<text>" + value.replacingOccurrences(of: "</text>", with: "&lt;/text>") + "</text>"
    }
}

import Foundation
