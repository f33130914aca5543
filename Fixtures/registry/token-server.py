#!/usr/bin/env python3
"""A test-only token server for docker-registry's `auth: token:` setup (distribution's token.md), on loopback, TLS.

The registry trusts the signing certificate (its `rootcertbundle`); this server answers
`GET /token?service=...&scope=...&scope=...` (one `scope` parameter per scope, as token.md specifies) with a JWT
signed ES256 by that certificate's key (the certificate in the `x5c` header), whose `access` claim grants what
the control file allows:

  {"users": {"ci": {"password": "pw", "push": ["app", "mirror"]}},
   "anonymous_pull": true, "expires_in": 300, "expired_first": 0}

Anyone (anonymous, or a user) may pull when "anonymous_pull" is true; a user with the right password may pull
any repository and push those listed under "push". "expired_first": N makes the first N tokens issued under this control document already expired
as far as the registry is concerned (their `exp` an hour in the past, beyond distribution's 60 s leeway) while
the reply still says `expires_in`, as a token that ran out during a long pull. Bad credentials get 401.

`POST /token` is distribution's OAuth2 exchange (oauth.md) of an identity token (Docker's `identitytoken`):
a form with `grant_type=refresh_token`, `refresh_token`, `service`, `client_id` and `scope` (space-separated),
answered with `access_token`; the control file maps refresh tokens to users: "refresh_tokens": {"rt-1": "ci"}.
An unknown refresh token gets 401.
Each request is appended to the log file as one JSON object a line.

Usage: token-server.py PORT TLS_CERT TLS_KEY SIGNING_CERT SIGNING_KEY ISSUER SERVICE CONTROL_FILE LOG_FILE
Listens on 127.0.0.1 only; stopped by its parent test (by PID).
"""
import base64
import json
import secrets
import signal
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

signal.signal(signal.SIGTERM, signal.SIG_DFL)
PORT = int(sys.argv[1])
TLS_CERT, TLS_KEY, SIGNING_CERT, SIGNING_KEY = sys.argv[2:6]
ISSUER, SERVICE, CONTROL, LOG = sys.argv[6:10]
LOCK = threading.Lock()
ISSUED = [0]
LAST = [None]

with open(SIGNING_KEY, "rb") as handle:
    KEY = serialization.load_pem_private_key(handle.read(), password=None)
with open(SIGNING_CERT, "rb") as handle:
    CERT_DER = x509.load_pem_x509_certificate(handle.read()).public_bytes(serialization.Encoding.DER)


def control():
    try:
        with open(CONTROL) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def log(event):
    with LOCK, open(LOG, "a") as handle:
        handle.write(json.dumps(event) + "\n")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(claims):
    header = {"typ": "JWT", "alg": "ES256", "x5c": [base64.b64encode(CERT_DER).decode()]}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    r, s = utils.decode_dss_signature(KEY.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    return signing_input + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        settings = control()
        parsed = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(parsed.query)
        if parsed.path != "/token":
            return self.reply(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})
        scopes = query.get("scope", [])
        user = None
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            name, _, password = base64.b64decode(header[6:]).decode().partition(":")
            entry = settings.get("users", {}).get(name)
            if entry is None or entry.get("password") != password:
                log({"event": "denied", "user": name, "scopes": scopes})
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad credentials for %s" % name}]})
            user = name
        self.issue(settings, user, scopes, query.get("service", [None])[0], "token")

    def do_POST(self):
        settings = control()
        if urllib.parse.urlparse(self.path).path != "/token":
            return self.reply(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode() if length else "")
        scopes = " ".join(form.get("scope", [])).split()
        refresh = form.get("refresh_token", [None])[0]
        user = settings.get("refresh_tokens", {}).get(refresh)
        if form.get("grant_type", [None])[0] != "refresh_token" or user is None:
            log({"event": "denied", "grant": form.get("grant_type", [None])[0], "scopes": scopes})
            return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "unknown refresh token"}]})
        self.issue(settings, user, scopes, form.get("service", [None])[0], "access_token", grant="refresh_token",
                   client_id=form.get("client_id", [None])[0])

    def issue(self, settings, user, scopes, service, field, grant=None, client_id=None):
        access = []
        for scope in scopes:
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            allowed = []
            for action in actions.split(","):
                if action == "pull" and (user or settings.get("anonymous_pull")):
                    allowed.append(action)
                if action == "push" and user and name in settings["users"][user].get("push", []):
                    allowed.append(action)
            if kind == "repository" and allowed:
                access.append({"type": "repository", "name": name, "actions": allowed})
        expires_in = settings.get("expires_in", 300)
        now = int(time.time())
        with LOCK:
            if settings != LAST[0]:
                # A new control document: its "expired_first" counts afresh.
                LAST[0] = settings
                ISSUED[0] = 0
            ISSUED[0] += 1
            expired = ISSUED[0] <= settings.get("expired_first", 0)
        expiry = now - 3600 if expired else now + expires_in
        claims = {"iss": ISSUER, "sub": user or "", "aud": SERVICE, "exp": expiry, "nbf": now - 7200, "iat": now - 7200,
                  "jti": secrets.token_hex(8), "access": access}
        log({"event": "token", "user": user, "service": service, "scopes": scopes, "grant": grant, "client_id": client_id,
             "granted": ["%s:%s" % (a["name"], ",".join(a["actions"])) for a in access], "expired": expired})
        self.reply(200, {field: jwt(claims), "expires_in": expires_in, "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))})


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(TLS_CERT, TLS_KEY)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
