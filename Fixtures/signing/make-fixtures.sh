#!/usr/bin/env bash
# Regenerates the committed signing fixtures. Needs .venv-peers (python with cryptography).
# Usage: Fixtures/signing/make-fixtures.sh   (from the repository root or anywhere)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$here/../../.venv-peers/bin/python"
cd "$here"

"$python" - <<'PY'
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives import serialization as s

# The DSSE spec's test vector key (protocol.md, "Test Vectors"): P-256 public point X, Y in decimal.
x = 46950820868899156662930047687818585632848591499744589407958293238635476079160
y = 5640078356564379163099075877009565129882514886557779369047442380624545832820
public = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
open("dsse-spec-vector.pub", "wb").write(public.public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo))

# A fixed Ed25519 key (seed 00 01 .. 1f) for golden vectors: Ed25519 signatures are deterministic.
key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
open("golden-ed25519.key", "wb").write(key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))
open("golden-ed25519.pub", "wb").write(key.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo))
PY

printf 'hello world' > dsse-spec-vector.payload
printf '{"payload":"aGVsbG8gd29ybGQ=","payloadType":"http://example.com/HelloWorld","signatures":[{"sig":"A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA=="}]}\n' > dsse-spec-vector.json
printf 'Vouch golden subject: release artifact v1.0.0\n' > golden-subject.txt
printf '{\n  "buildType": "https://example.com/vouch-golden",\n  "note": "fixed predicate for golden vectors"\n}\n' > golden-predicate.json
