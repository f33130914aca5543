#!/usr/bin/env bash
# Downloads a Vouch release archive and installs it only after verifying it, with openssl and coreutils
# (Vouch itself is not installed yet). action.yml runs this; it runs the same anywhere.
#   1. SHA256SUMS.sig is a signature of SHA256SUMS by the release key (base64 DER ECDSA, as cosign and
#      `vouch sign-blob` write it); it is checked against the public key carried in this repository.
#   2. The archive's SHA-256 is the one SHA256SUMS lists for its name, and the one VOUCH_SHA256 pins when set.
#   3. Only then is it unpacked into VOUCH_INSTALL_DIR.
# Any mismatch stops with exit 1 and a message naming the file, the expected and the actual value.
#
# Environment:
#   VOUCH_VERSION       the release tag, e.g. v0.2.0 (required)
#   VOUCH_REPOSITORY    owner/name publishing the releases (default vouch-dev/vouch)
#   VOUCH_RELEASE_URL   where the release's files are (default https://github.com/REPO/releases/download/VERSION);
#                       any URL curl reads, file:// included
#   VOUCH_SHA256        optional: the archive's expected SHA-256 (64 hex digits), pinning one exact archive
#   VOUCH_PUBLIC_KEY    the release public key (default keys/vouch-release.pub beside this script's folder)
#   VOUCH_ARCH          amd64 or arm64 (default: this machine's)
#   VOUCH_INSTALL_DIR   where bin/vouch goes (default $RUNNER_TEMP/vouch, else ./vouch)
#   GITHUB_PATH         when set (GitHub Actions), VOUCH_INSTALL_DIR/bin is appended to it
set -euo pipefail

fail() {
  # $1: exit status; the rest: the message. GitHub shows ::error:: lines as annotations.
  local status=$1
  shift
  if [ "${GITHUB_ACTIONS:-}" = "true" ]; then echo "::error title=Vouch install::$*"; fi
  echo "install-vouch: error: $*" >&2
  exit "$status"
}

version=${VOUCH_VERSION:-}
[ -n "$version" ] || fail 64 "VOUCH_VERSION is not set (the release tag to install, e.g. v0.2.0)"
case "$version" in
  *[!A-Za-z0-9._+-]*) fail 64 "VOUCH_VERSION '$version' is not a release tag" ;;
esac
repository=${VOUCH_REPOSITORY:-vouch-dev/vouch}
base_url=${VOUCH_RELEASE_URL:-https://github.com/$repository/releases/download/$version}
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
public_key=${VOUCH_PUBLIC_KEY:-$script_dir/../keys/vouch-release.pub}
[ -f "$public_key" ] || fail 2 "$public_key: the release public key is missing"

arch=${VOUCH_ARCH:-}
if [ -z "$arch" ]; then
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) fail 2 "no Vouch release for this machine ($(uname -m)); releases are linux amd64 and arm64" ;;
  esac
fi
pinned=${VOUCH_SHA256:-}
pinned=${pinned#sha256:}
pinned=$(printf '%s' "$pinned" | tr 'A-F' 'a-f')
if [ -n "$pinned" ] && ! [[ "$pinned" =~ ^[0-9a-f]{64}$ ]]; then
  fail 64 "the sha256 input '${VOUCH_SHA256}' is not 64 hexadecimal digits"
fi

archive="vouch-$version-linux-$arch.tar.gz"
work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/vouch-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

download() {
  # A missing file is its own message: curl's "(22) ... 404" or "(37) Couldn't open file" says less.
  if ! curl -fsSL --retry 3 --proto '=https,file' --proto-redir '=https' -o "$work/$1" "$base_url/$1" 2> "$work/curl.err"; then
    fail 1 "$1: could not be downloaded from $base_url/$1 ($(tr '\n' ' ' < "$work/curl.err"| sed 's/ *$//')); a release without it cannot be verified"
  fi
}

download SHA256SUMS
download SHA256SUMS.sig
download "$archive"

# 1. The signature of SHA256SUMS. cosign and vouch write it as base64 of the DER signature.
if ! base64 -d < "$work/SHA256SUMS.sig" > "$work/SHA256SUMS.sig.der" 2> /dev/null || ! [ -s "$work/SHA256SUMS.sig.der" ]; then
  fail 1 "SHA256SUMS.sig: not a base64 signature"
fi
digest=-sha256
if openssl pkey -pubin -in "$public_key" -noout -text 2> /dev/null | grep -q 'secp384r1\|P-384'; then digest=-sha384; fi
if ! openssl dgst "$digest" -verify "$public_key" -signature "$work/SHA256SUMS.sig.der" "$work/SHA256SUMS" > "$work/openssl.out" 2>&1; then
  fail 1 "SHA256SUMS: the signature SHA256SUMS.sig does not verify with the release public key $(basename "$public_key") (SHA-256 of SHA256SUMS: $(sha256sum < "$work/SHA256SUMS" | cut -d' ' -f1)): SHA256SUMS was changed, or signed by another key"
fi

# 2. The archive's digest, as SHA256SUMS lists it (sha256sum's format: digest, two spaces or " *", name).
listed=$(awk -v name="$archive" '($2 == name || $2 == "*" name) && NF == 2 { print $1 }' "$work/SHA256SUMS")
[ -n "$listed" ] || fail 1 "$archive: not listed in SHA256SUMS, so its digest cannot be checked"
[ "$(printf '%s\n' "$listed" | wc -l)" -eq 1 ] || fail 1 "$archive: listed more than once in SHA256SUMS"
listed=$(printf '%s' "$listed" | tr 'A-F' 'a-f')
actual=$(sha256sum < "$work/$archive" | cut -d' ' -f1)
if [ "$actual" != "$listed" ]; then
  fail 1 "$archive: SHA-256 mismatch: expected $listed (SHA256SUMS), actual $actual"
fi
if [ -n "$pinned" ] && [ "$actual" != "$pinned" ]; then
  fail 1 "$archive: SHA-256 mismatch: expected $pinned (the sha256 input), actual $actual"
fi

# 3. Unpack the verified archive.
install_dir=${VOUCH_INSTALL_DIR:-${RUNNER_TEMP:-$PWD}/vouch}
mkdir -p "$install_dir"
tar -xzf "$work/$archive" -C "$install_dir" --no-same-owner
[ -x "$install_dir/bin/vouch" ] || fail 2 "$archive: has no bin/vouch"
if [ -n "${GITHUB_PATH:-}" ]; then echo "$install_dir/bin" >> "$GITHUB_PATH"; fi
echo "install-vouch: $archive verified (SHA-256 $actual, SHA256SUMS signed by $(basename "$public_key")) and installed in $install_dir/bin"
