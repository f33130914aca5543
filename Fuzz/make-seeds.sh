#!/usr/bin/env bash
# Writes the committed seed corpora, Fuzz/Corpus/<target>/, from the fixtures (small files only) and from
# Vouch itself (a signed envelope, an encrypted key: `VOUCH_FUZZ_TARGET=seeds`). Run it again after a
# fixture changes; the fuzzers never write into Fuzz/Corpus.
#   Fuzz/make-seeds.sh BINARY      (BINARY: the built vouch-fuzz, see Fuzz/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$1
corpus=Fuzz/Corpus
# ../shared (the shared test data), found as the tests find it: next to the checkout or a few levels up.
shared=
for candidate in ../shared ../../shared ../../../shared; do
    [[ -f $candidate/vulndb/README.md ]] && { shared=$candidate; break; }
done
[[ -n $shared ]] || { echo "make-seeds: ../shared (the shared test data) not found" >&2; exit 2; }
seed() {  # seed TARGET FILE [NAME]
    mkdir -p "$corpus/$1"
    cp "$2" "$corpus/$1/${3:-$(basename "$2")}"
}
line_seeds() {  # line_seeds TARGET PREFIX < lines: one seed per line
    mkdir -p "$corpus/$1"
    local n=0
    while IFS= read -r line; do
        [[ -n "$line" ]] || continue
        n=$((n + 1))
        printf '%s' "$line" > "$corpus/$1/$2-$n"
    done
}

for f in Fixtures/archives/*.tar; do seed tar-none "$f"; done
for f in Fixtures/archives/*.tar.gz; do seed tar-gzip "$f"; done
for f in Fixtures/archives/*.tar.zst; do seed tar-zstd "$f"; done
images=Fixtures/generated/images-${VOUCH_IMAGE_FIXTURES:-8100}
[[ -d $images ]] || python3 Fixtures/images/make-images.py "$images" >/dev/null
seed image "$images/oci-archive.tar"
seed image "$images/containerd-export.tar"

for f in Fixtures/signing/dsse-spec-vector.json Fixtures/signing/golden-predicate.json Tests/Goldens/signing/golden-statement.json \
         Tests/Goldens/signing/golden-attestation.sigstore.json Fixtures/sbom/swift/*.json; do
    [[ -f $f ]] && seed json "$f"
done
for f in Fixtures/sbom/edge-venv/lib/python3.11/site-packages/*.dist-info/METADATA; do
    seed metadata "$f" "$(basename "$(dirname "$f")" .dist-info)"
done
for f in Fixtures/sbom/edge-venv/lib/python3.11/site-packages/*.dist-info/RECORD; do
    seed record "$f" "$(basename "$(dirname "$f")" .dist-info)"
done
sed -n 's/^Requires-Dist: //p' Fixtures/sbom/edge-venv/lib/python3.11/site-packages/*.dist-info/METADATA | sort -u | line_seeds requirement requires-dist
sed -n 's/^Requires-Dist: [^;]*; *//p' Fixtures/sbom/edge-venv/lib/python3.11/site-packages/*.dist-info/METADATA | sort -u | line_seeds marker marker
printf '%s\n' 'python_version >= "3.8" and (sys_platform == "linux" or extra == "test")' \
    'platform_machine in "x86_64 aarch64" and implementation_name != "pypy"' "'3.11' <= python_full_version" | line_seeds marker extra
pairs() {  # pairs TARGET FILE...: "a < b" lines of the version-order fixtures, as "a\nb" seeds
    local target=$1 n=0
    shift
    mkdir -p "$corpus/$target"
    grep -h -E '^[^ ]+ [<>=] [^ ]+$' "$@" | awk 'NR % 4 == 1' | head -24 | while read -r a _ b; do
        n=$((n + 1))
        printf '%s\n%s' "$a" "$b" > "$corpus/$target/pair-$n"
    done
}
pairs pep440 "$shared/vulndb/version-order/pypi-versions.txt"
printf '%s\n' '>=1.0,<2' '~=3.1.4' '==1.0.*' '!=1.5.post1' '===foobar' '>1.0a1,<=2!3.0+local' '<3.0.dev1' | line_seeds specifier spec
seed dpkg-status Fixtures/sbom/debian-root/var/lib/dpkg/status
for f in Fixtures/sbom/debian-root/var/lib/dpkg/status.d/*; do seed dpkg-status "$f" "status.d-$(basename "$f")"; done
for f in Fixtures/sbom/debian-root/usr/share/doc/*/copyright; do seed dpkg-copyright "$f" "$(basename "$(dirname "$f")")"; done
seed dpkg-copyright Fixtures/licenses/debian-libxcomposite1-0.4.5-1-copyright

# Private keys are not committed as seeds (the repository is scanned for secrets): Fuzz/run.sh adds the
# golden key and an encrypted copy to the work corpus at run time.
for f in Fixtures/signing/*.pub keys/*.pub; do seed pem "$f"; done
for f in Fixtures/signing/*.pub keys/*.pub; do
    mkdir -p "$corpus/der"
    { printf '\x00'; openssl pkey -pubin -in "$f" -outform DER 2>/dev/null; } > "$corpus/der/spki-$(basename "$f" .pub)"
done
for f in Fixtures/signing/*.key; do
    { printf '\x01'; openssl pkey -in "$f" -outform DER 2>/dev/null; } > "$corpus/der/pkcs8-$(basename "$f" .key)"
done
seed dsse Fixtures/signing/dsse-spec-vector.json
seed dsse Tests/Goldens/signing/golden-attestation.intoto.jsonl
seed intoto Tests/Goldens/signing/golden-statement.json
seed intoto Tests/Goldens/signing/provenance-github-actions.json
seed sigstore-bundle Tests/Goldens/signing/golden-blob.sigstore.json
seed sigstore-bundle Tests/Goldens/signing/golden-attestation.sigstore.json
for name in happy-path-v0.1 happy-path-v0.3 happy-path-intoto-in-dsse-v3; do
    seed sigstore-bundle "$shared/sigstore/conformance/bundle-verify/$name/bundle.sigstore.json" "$name.json"
done
seed trusted-root "$shared/sigstore/trusted-roots/production/trusted_root.json" production.json
seed trusted-root "$shared/sigstore/trusted-roots/staging/trusted_root.json" staging.json

seed policy Fixtures/example/policy.yaml
printf '%s' '{"integrity": {}, "signatures": {"threshold": 1, "keys": ["keys/vouch-release.pub"]}, "licenses": {"deny": ["GPL-3.0-only"]}}' > "$corpus/policy/policy.json"
mkdir -p "$corpus/gitleaks-toml"
printf '%s\n' '[extend]' 'useDefault = true' '' '[[rules]]' 'id = "acme-token"' 'description = "ACME token"' \
    "regex = '''\\b(acme_[a-z0-9]{24})\\b'''" 'secretGroup = 1' 'entropy = 3.0' 'keywords = ["acme_"]' 'tags = ["internal"]' \
    '  [[rules.allowlists]]' "  paths = ['''^docs/''']" "  regexes = ['''example''']" '' '[allowlist]' 'description = "global"' \
    "stopwords = ['''placeholder''']" > "$corpus/gitleaks-toml/config.toml"
for f in Tests/Goldens/sbom/*.json Tests/Goldens/sbom/*.cdx.xml Tests/Goldens/sbom/*.spdx; do seed sbom "$f"; done
printf '%s\n' 'MIT' 'Apache-2.0 OR (MIT AND BSD-3-Clause)' 'GPL-2.0-or-later WITH Classpath-exception-2.0' 'LicenseRef-foo AND mit' \
    '(LGPL-2.1-only OR MIT) AND Zlib' | line_seeds spdx-expression expr
mkdir -p "$corpus/osv"
unzip -p "$shared/vulndb/PyPI/all.zip" PYSEC-2005-1.json > "$corpus/osv/PYSEC-2005-1.json"
unzip -p "$shared/vulndb/PyPI/all.zip" PYSEC-2006-10.json > "$corpus/osv/PYSEC-2006-10.json"
unzip -p "$shared/vulndb/Debian/all.zip" DLA-0001-1.json > "$corpus/osv/DLA-0001-1.json"
pairs osv-version "$shared/vulndb/version-order/debian-versions.txt" "$shared/vulndb/version-order/pypi-versions.txt"
# The secret scanner's seeds hold fake secrets, so they are not committed (the repository is scanned):
# Fuzz/run.sh generates them into its work corpus with Fixtures/secrets/secretgen.py.
mkdir -p "$corpus/secrets"
printf '%s\n' 'password = "hunter2"' '# nothing here' 'api_key: ${API_KEY}' > "$corpus/secrets/decoys.txt"

generated=$(mktemp -d)
VOUCH_FUZZ_TARGET=seeds VOUCH_FUZZ_CORPUS="$generated" "$binary" >/dev/null
seed dsse "$generated/dsse/generated-signed-envelope.json"
seed intoto "$generated/intoto/generated-statement.json"
rm -rf "$generated"
du -sh "$corpus"
