#!/usr/bin/env bash
# Lays out what Vouch is made of as a tree `vouch sbom` catalogs, so the release SBOM of Vouch lists both
# its Swift packages and the Debian packages of the system libraries its binary loads:
#   OUT/Package.resolved, OUT/Package.swift   the pins and the declared products (the Swift cataloger)
#   OUT/var/lib/dpkg/status                    dpkg's paragraph of every package owning a library that
#                                              `ldd BINARY` resolves (the dpkg cataloger), with
#   OUT/etc/os-release, OUT/usr/share/doc/PACKAGE/copyright  for the vendor and the licenses.
# Usage: scripts/vouch-sbom-tree.sh BINARY OUT [PACKAGE-ROOT]   (then: vouch sbom OUT ...)
# Libraries no Debian package owns (a toolchain's runtime when not linked statically) are named on stderr.
set -euo pipefail

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
  echo "usage: $0 BINARY OUT [PACKAGE-ROOT]" >&2
  exit 64
fi
binary=$1
out=$2
package_root=${3:-$(cd "$(dirname "$0")/.." && pwd)}

[ -x "$binary" ] || { echo "$0: $binary: not an executable file" >&2; exit 2; }
[ -f "$package_root/Package.resolved" ] || {
  echo "$0: $package_root/Package.resolved: missing (resolve the package first: swift package resolve)" >&2
  exit 2
}
command -v dpkg-query > /dev/null || { echo "$0: dpkg-query not found: this needs a Debian-based system" >&2; exit 2; }

mkdir -p "$out/var/lib/dpkg" "$out/etc"
cp "$package_root/Package.resolved" "$package_root/Package.swift" "$out/"
cp /etc/os-release "$out/etc/os-release"

# `name => /path (0x...)` and `/lib64/ld-linux-x86-64.so.2 (0x...)`; the vDSO has no file.
libraries=$(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
packages=()
for library in $libraries; do
  owner=""
  # dpkg records /usr/lib paths; ldd may answer through the /lib -> usr/lib symlink (merged /usr).
  for candidate in "$library" "$(readlink -f "$library")" "/usr$library" "/usr$(readlink -f "$library")"; do
    if owner=$(dpkg-query -S "$candidate" 2> /dev/null | head -n 1 | cut -d: -f1-2); then
      [ -n "$owner" ] && break
    fi
  done
  # `libssl3:amd64: /usr/lib/...` cut to `libssl3:amd64`; an Architecture: all package has no `:arch`.
  owner=${owner%%: *}
  owner=${owner%:}
  if [ -z "$owner" ]; then
    echo "$0: note: $library is not from a Debian package; the SBOM does not list it" >&2
    continue
  fi
  packages+=("$owner")
done

: > "$out/var/lib/dpkg/status"
for package in $(printf '%s\n' "${packages[@]}" | sort -u); do
  dpkg-query -s "$package" >> "$out/var/lib/dpkg/status"
  echo >> "$out/var/lib/dpkg/status"
  name=${package%%:*}
  if [ -f "/usr/share/doc/$name/copyright" ]; then
    mkdir -p "$out/usr/share/doc/$name"
    cp "/usr/share/doc/$name/copyright" "$out/usr/share/doc/$name/copyright"
  fi
done
