#!/usr/bin/env python3
"""Stores real keyless Sigstore material in an OCI layout the way cosign stores it in a registry, for the
keyless layout tests (no real cosign-produced keyless `.att` or bundle referrer is available offline).

What is real and what is assembled:
- REAL (read from ../shared/sigstore, never altered unless a --tamper flag says so): the DSSE envelope (payload,
  payload type, signature bytes), the Fulcio leaf certificate, the Rekor entry (canonicalized body, log index,
  log ID, integrated time, signed entry timestamp), the Fulcio intermediate and root (from the trusted root),
  and whole Sigstore bundle files (a referrer's layer is the bundle file byte for byte).
- ASSEMBLED here: the OCI documents around them (index.json, manifests, configs), cosign's layer annotations
  (`dev.sigstore.cosign/certificate` and `/chain` as PEM, `dev.sigstore.cosign/bundle` as cosign's Rekor bundle
  JSON {SignedEntryTimestamp, Payload{body, integratedTime, logIndex, logID}}), the envelope re-serialized as
  the DSSE JSON cosign stores as an `.att` layer, and, with `image --blob FILE`, an image entry whose digest is
  FILE's digest: the real bundles are about the conformance suite's `a.txt`, so that entry is what lets a
  bundle name "the image". (verify, verify-attestation and the gate's signature and attestation steps bind to
  the digest the tag resolves to, from index.json; an image whose manifest is read must be a real one.)

Usage:
  keyless-layout.py image LAYOUT --blob FILE            new layout; its image `latest` is FILE's bytes
  keyless-layout.py att LAYOUT --bundle B --trusted-root T [--tamper-payload]
        cosign v2: adds B's DSSE envelope as a keyless layer of the image's sha256-<hex>.att manifest
  keyless-layout.py referrer LAYOUT --bundle B [--via index|tag-schema] [--subject DIGEST]
        cosign v3: adds B (file bytes) as an OCI 1.1 Sigstore bundle referrer of the image, listed in index.json
        or only in the referrers tag schema's sha256-<hex> index
"""
import argparse
import base64
import hashlib
import json
import os
import sys

MANIFEST = "application/vnd.oci.image.manifest.v1+json"
INDEX = "application/vnd.oci.image.index.v1+json"
BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json"
EMPTY = "application/vnd.oci.empty.v1+json"
ENVELOPE = "application/vnd.dsse.envelope.v1+json"


def dumps(value):
    return json.dumps(value, separators=(",", ":")).encode()


def write_blob(layout, data):
    digest = hashlib.sha256(data).hexdigest()
    os.makedirs(os.path.join(layout, "blobs", "sha256"), exist_ok=True)
    with open(os.path.join(layout, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}


def read_index(layout):
    with open(os.path.join(layout, "index.json")) as f:
        return json.load(f)


def write_index(layout, index):
    with open(os.path.join(layout, "index.json"), "wb") as f:
        f.write(dumps(index))


def image_entry(index):
    """The layout's one image: an entry without artifactType and without a cosign or referrers tag."""
    for entry in index["manifests"]:
        name = (entry.get("annotations") or {}).get("org.opencontainers.image.ref.name", "")
        if "artifactType" not in entry and not name.startswith("sha256-"):
            return entry
    sys.exit("keyless-layout.py: the layout has no image entry")


def pem(der):
    body = base64.b64encode(der).decode()
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(body[i:i + 64] for i in range(0, len(body), 64)) + "\n-----END CERTIFICATE-----\n"


def seconds(rfc3339):
    from datetime import datetime
    return int(datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp())


def fulcio_chain(trusted_root, at):
    """The PEM chain (intermediates, then root) of the trusted root's CA valid at `at`, as cosign writes it."""
    with open(trusted_root) as f:
        root = json.load(f)
    for authority in root["certificateAuthorities"]:
        window = authority.get("validFor", {})
        if seconds(window["start"]) <= at and ("end" not in window or at <= seconds(window["end"])):
            return "".join(pem(base64.b64decode(c["rawBytes"])) for c in authority["certChain"]["certificates"])
    sys.exit("keyless-layout.py: no certificate authority of the trusted root is valid at the entry's time")


def cmd_image(args):
    os.makedirs(args.layout)
    with open(os.path.join(args.layout, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(args.blob, "rb") as f:
        blob = write_blob(args.layout, f.read())
    write_index(args.layout, {"schemaVersion": 2, "manifests": [
        {"mediaType": MANIFEST, **blob, "annotations": {"org.opencontainers.image.ref.name": "latest"}}]})


def cmd_att(args):
    with open(args.bundle) as f:
        bundle = json.load(f)
    material = bundle["verificationMaterial"]
    entry = material["tlogEntries"][0]
    envelope = dict(bundle["dsseEnvelope"])
    if args.tamper_payload:
        payload = base64.b64decode(envelope["payload"]).replace(b'"predicate"', b'"predicate" ', 1)
        envelope["payload"] = base64.b64encode(payload).decode()
    leaf = material["certificate"]["rawBytes"] if "certificate" in material else material["x509CertificateChain"]["certificates"][0]["rawBytes"]
    integrated = int(entry["integratedTime"])
    rekor = {"SignedEntryTimestamp": entry["inclusionPromise"]["signedEntryTimestamp"], "Payload": {
        "body": entry["canonicalizedBody"], "integratedTime": integrated, "logIndex": int(entry["logIndex"]),
        "logID": base64.b64decode(entry["logId"]["keyId"]).hex()}}
    predicate_type = json.loads(base64.b64decode(bundle["dsseEnvelope"]["payload"]))["predicateType"]
    layer = write_blob(args.layout, dumps(envelope))
    layer.update(mediaType=ENVELOPE, annotations={
        "dev.cosignproject.cosign/signature": "",
        "dev.sigstore.cosign/certificate": pem(base64.b64decode(leaf)),
        "dev.sigstore.cosign/chain": fulcio_chain(args.trusted_root, integrated),
        "dev.sigstore.cosign/bundle": json.dumps(rekor, separators=(",", ":")),
        "predicateType": predicate_type})
    index = read_index(args.layout)
    image = image_entry(index)
    config = write_blob(args.layout, dumps({"architecture": "", "os": "", "config": {},
                                            "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}))
    manifest = write_blob(args.layout, dumps({"schemaVersion": 2, "mediaType": MANIFEST,
                                              "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config},
                                              "layers": [{"mediaType": layer.pop("mediaType"), **layer}]}))
    tag = "sha256-" + image["digest"][7:] + ".att"
    index["manifests"].append({"mediaType": MANIFEST, **manifest, "annotations": {"org.opencontainers.image.ref.name": tag}})
    write_index(args.layout, index)


def cmd_referrer(args):
    with open(args.bundle, "rb") as f:
        data = f.read()
    bundle = json.loads(data)
    index = read_index(args.layout)
    image = image_entry(index)
    subject = {"mediaType": image["mediaType"], "digest": args.subject or image["digest"], "size": image["size"]}
    empty = write_blob(args.layout, b"{}")
    layer = write_blob(args.layout, data)
    annotations = {"dev.sigstore.bundle.content": "dsse-envelope" if "dsseEnvelope" in bundle else "message-signature"}
    if "dsseEnvelope" in bundle:
        annotations["dev.sigstore.bundle.predicateType"] = json.loads(base64.b64decode(bundle["dsseEnvelope"]["payload"]))["predicateType"]
    manifest = write_blob(args.layout, dumps({"schemaVersion": 2, "mediaType": MANIFEST, "artifactType": BUNDLE,
                                              "config": {"mediaType": EMPTY, **empty},
                                              "layers": [{"mediaType": BUNDLE, **layer}],
                                              "subject": subject, "annotations": annotations}))
    descriptor = {"mediaType": MANIFEST, **manifest, "artifactType": BUNDLE, "annotations": annotations}
    if args.via == "index":
        index["manifests"].append(descriptor)
    else:
        tag = "sha256-" + subject["digest"][7:]
        listed = write_blob(args.layout, dumps({"schemaVersion": 2, "mediaType": INDEX, "manifests": [descriptor]}))
        index["manifests"].append({"mediaType": INDEX, **listed, "annotations": {"org.opencontainers.image.ref.name": tag}})
    write_index(args.layout, index)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    image = commands.add_parser("image")
    image.add_argument("layout")
    image.add_argument("--blob", required=True)
    att = commands.add_parser("att")
    att.add_argument("layout")
    att.add_argument("--bundle", required=True)
    att.add_argument("--trusted-root", required=True)
    att.add_argument("--tamper-payload", action="store_true")
    referrer = commands.add_parser("referrer")
    referrer.add_argument("layout")
    referrer.add_argument("--bundle", required=True)
    referrer.add_argument("--via", choices=["index", "tag-schema"], default="index")
    referrer.add_argument("--subject")
    args = parser.parse_args()
    {"image": cmd_image, "att": cmd_att, "referrer": cmd_referrer}[args.command](args)


if __name__ == "__main__":
    main()
