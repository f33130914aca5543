#!/usr/bin/env python3
"""A test-only proxy in front of a plain-HTTP docker-registry on loopback (issue 13).

It speaks distribution's Bearer token auth itself (a small token server at /token), so the client's token
flow is exercised against the real registry behind it, and it injects faults read from a JSON control file
before every request, so a test can switch faults between commands:

  {"token": {"expires_in": 2, "users": {"ci": "pw"}, "anonymous_pull": true},
   "faults": [{"match": "/blobs/", "method": "GET", "status": 503, "retry_after": "1", "count": 2},
              {"match": "/blobs/", "flip": true},
              {"match": "/blobs/", "truncate": 100},
              {"match": "/blobs/", "redirect": true},
              {"match": "/manifests/", "digest_header": "sha256:000..."}]}

Each fault applies to requests whose path contains "match" (and whose method is "method", when given),
"count" times (default: always). "redirect" answers 307 to the same path on the second listening port
(a different host, localhost instead of 127.0.0.1), which serves the upstream bytes and records whether an
Authorization header arrived. More faults:

  {"match": "/blobs/", "status": 503, "retry_after": "http-date:2"}
                                              Retry-After as an HTTP-date 2 s from now
  {"match": "/blobs/", "delay": 1.5}          wait before answering (a slow registry)
  {"match": "/blobs/", "chunk_delay": 0.2}    send the body in 16 KiB pieces with this pause between them
  {"match": "/blobs/", "hang": 30}            read the request, send nothing for that many seconds (at most
                                              120), then drop the connection (a hanging registry)
  {"match": "/blobs/", "truncate": 100}       announce the full length, send 100 bytes, drop the connection
                                              (with "count": a connection dropped mid-blob, then served whole;
                                              a Range request is forwarded, so a resumed download gets the rest)
  {"match": "/manifests/", "content_type": T} answer with Content-Type T instead of the registry's
  {"match": "/blobs/uploads/", "drop": true}  read the request, forward nothing, drop the connection without an
                                              answer (a connection reset, for any method)

Top-level switches:

  "referrers_api": true    emulate the OCI 1.1 referrers API (docker-registry 2.8 has none): manifests PUT
                           through the proxy that carry a `subject` are remembered, `PUT` answers carry
                           `OCI-Subject`, and `GET /v2/<name>/referrers/<digest>[?artifactType=...]` answers an
                           image index of them; without it the request reaches the registry (404)
  "ignore_range": true     the Range header is not forwarded (the registry answers 200 with the whole blob)
  "paginate_tags": true    `GET /v2/<name>/tags/list?n=K[&last=T]` answers K sorted tags after T with a
                           `Link: <...>; rel="next"` header while more remain (2.8 ignores `n`)

A "status" fault's error body has the code "UNAVAILABLE" unless it names another: {"status": 403, "code": "DENIED",
"message": "..."}.

Every request is logged as {"event": "request", "method", "path", "range", "blob_gets"}, "blob_gets" being the
number of blob GETs being answered at that moment, this one included (how many run in parallel); the events are
appended, one JSON object a line, to the log file.

Usage: fault-proxy.py UPSTREAM_PORT PORT REDIRECT_PORT CONTROL_FILE LOG_FILE
Listens on 127.0.0.1 only; exits when its parent test stops it.
"""
import base64
import email.utils
import hashlib
import http.client
import json
import secrets
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A test process may pass SIGTERM on as ignored; the harness stops the proxy with it.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
UPSTREAM_PORT, PORT, REDIRECT_PORT = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
CONTROL, LOG = sys.argv[4], sys.argv[5]
LOCK = threading.Lock()
TOKENS = {}  # token -> (scopes, expiry)
REFERRERS = {}  # (repository, subject digest) -> [descriptor]
USED = {}  # fault index -> times applied
BLOB_GETS = [0]  # blob GETs being answered now


def control():
    try:
        with open(CONTROL) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def log(event):
    with LOCK, open(LOG, "a") as handle:
        handle.write(json.dumps(event) + "\n")


LAST = [None]


def pick_faults(method, path):
    chosen = []
    with LOCK:
        document = control()
        if document != LAST[0]:
            # A new control document: its faults are counted afresh.
            USED.clear()
            LAST[0] = document
        for number, fault in enumerate(document.get("faults", [])):
            if fault.get("match", "") not in path or fault.get("method", method) != method:
                continue
            if "count" in fault and USED.get(number, 0) >= fault["count"]:
                continue
            USED[number] = USED.get(number, 0) + 1
            chosen.append(fault)
            if "status" in fault or fault.get("redirect"):
                break  # a request gets one answer; later faults stay unused for the next request
    return chosen


def required_scope(method, path):
    parts = path.split("?")[0].split("/")
    if len(parts) < 4 or parts[1] != "v2":
        return None
    for marker in ("manifests", "blobs", "tags", "referrers"):
        if marker in parts:
            name = "/".join(parts[2:parts.index(marker)])
            action = "pull" if method in ("GET", "HEAD") else "push"
            return "repository:%s:%s" % (name, action)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.handle_any("GET")

    def do_HEAD(self):
        self.handle_any("HEAD")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self, method):
        blob_get = method == "GET" and "/blobs/sha256:" in self.path
        with LOCK:
            if blob_get:
                BLOB_GETS[0] += 1
            in_flight = BLOB_GETS[0]
        try:
            self.answer(method, in_flight)
        finally:
            if blob_get:
                with LOCK:
                    BLOB_GETS[0] -= 1

    def answer(self, method, in_flight):
        payload = self.body()
        redirected = self.server.server_address[1] == REDIRECT_PORT
        log({"event": "request", "method": method, "path": self.path, "range": self.headers.get("Range"), "redirected": redirected,
             "blob_gets": in_flight})
        if redirected:
            log({"event": "redirected", "path": self.path, "authorization": self.headers.get("Authorization") is not None})
            return self.forward(method, payload, [])
        if self.path.startswith("/token"):
            return self.token()
        token = control().get("token")
        if token is not None:
            scope = required_scope(method, self.path)
            if not self.authorized(scope):
                challenge = 'Bearer realm="http://127.0.0.1:%d/token",service="vouch-test"' % PORT
                if scope:
                    challenge += ',scope="%s"' % scope
                log({"event": "challenge", "path": self.path, "scope": scope})
                error = json.dumps({"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}).encode()
                return self.reply(401, error, [("WWW-Authenticate", challenge), ("Content-Type", "application/json")])
        faults = pick_faults(method, self.path)
        for fault in faults:
            if fault.get("drop"):
                log({"event": "drop", "method": method, "path": self.path})
                self.close_connection = True
                return
            if "hang" in fault:
                log({"event": "hang", "path": self.path})
                time.sleep(min(float(fault["hang"]), 120))
                self.close_connection = True
                return
            if "delay" in fault:
                log({"event": "delay", "path": self.path})
                time.sleep(min(float(fault["delay"]), 30))
        for fault in faults:
            if "status" in fault:
                log({"event": "status", "path": self.path, "status": fault["status"]})
                headers = []
                if "retry_after" in fault:
                    value = fault["retry_after"]
                    if value.startswith("http-date:"):
                        # An HTTP-date that many seconds from now (RFC 9110 section 10.2.3).
                        value = email.utils.formatdate(time.time() + float(value[10:]), usegmt=True)
                    headers.append(("Retry-After", value))
                error = {"code": fault.get("code", "UNAVAILABLE"), "message": fault.get("message", "injected")}
                return self.reply(fault["status"], json.dumps({"errors": [error]}).encode(), headers + [("Content-Type", "application/json")])
            if fault.get("redirect"):
                target = "http://localhost:%d%s" % (REDIRECT_PORT, self.path)
                log({"event": "redirect", "path": self.path})
                return self.reply(307, b"", [("Location", target)])
        settings = control()
        route = self.path.split("?")[0].split("/")
        if settings.get("referrers_api") and method == "GET" and "referrers" in route and route.index("referrers") == len(route) - 2:
            return self.referrers(route, settings)
        if settings.get("paginate_tags") and method == "GET" and self.path.split("?")[0].endswith("/tags/list") and "n=" in self.path:
            return self.paginated_tags(faults)
        self.forward(method, payload, faults)

    def referrers(self, route, settings):
        name = "/".join(route[2:route.index("referrers")])
        subject = route[-1]
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        wanted = query.get("artifactType", [None])[0]
        with LOCK:
            found = [d for d in REFERRERS.get((name, subject), []) if wanted is None or d.get("artifactType") == wanted]
        log({"event": "referrers", "name": name, "subject": subject, "count": len(found)})
        index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": found}
        headers = [("Content-Type", "application/vnd.oci.image.index.v1+json")]
        if wanted is not None:
            headers.append(("OCI-Filters-Applied", "artifactType"))
        self.reply(200, json.dumps(index).encode(), headers)

    def remember_referrer(self, payload, content_type):
        try:
            document = json.loads(payload)
        except ValueError:
            return None
        subject = (document.get("subject") or {}).get("digest") if isinstance(document, dict) else None
        if not subject:
            return None
        name = "/".join(self.path.split("?")[0].split("/")[2:-2])
        descriptor = {"mediaType": document.get("mediaType") or content_type, "digest": "sha256:" + hashlib.sha256(payload).hexdigest(),
                      "size": len(payload)}
        artifact_type = document.get("artifactType") or (document.get("config") or {}).get("mediaType")
        if artifact_type:
            descriptor["artifactType"] = artifact_type
        if document.get("annotations"):
            descriptor["annotations"] = document["annotations"]
        with LOCK:
            known = REFERRERS.setdefault((name, subject), [])
            if not any(d["digest"] == descriptor["digest"] for d in known):
                known.append(descriptor)
        log({"event": "referrer-stored", "name": name, "subject": subject, "digest": descriptor["digest"]})
        return subject

    def paginated_tags(self, faults):
        parsed = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(parsed.query)
        size = max(1, int(query.get("n", ["100"])[0]))
        last = query.get("last", [None])[0]
        connection = http.client.HTTPConnection("127.0.0.1", UPSTREAM_PORT, timeout=60)
        connection.request("GET", parsed.path, headers={"Host": "127.0.0.1:%d" % UPSTREAM_PORT})
        response = connection.getresponse()
        document = json.loads(response.read() or b"{}")
        if response.status != 200:
            return self.reply(response.status, json.dumps(document).encode(), [("Content-Type", "application/json")])
        tags = sorted(document.get("tags") or [])
        if last is not None:
            tags = [t for t in tags if t > last]
        page, rest = tags[:size], tags[size:]
        headers = [("Content-Type", "application/json")]
        if rest:
            headers.append(("Link", '<%s?n=%d&last=%s>; rel="next"' % (parsed.path, size, urllib.parse.quote(page[-1]))))
        log({"event": "tags-page", "path": self.path, "count": len(page)})
        self.reply(200, json.dumps({"name": document.get("name"), "tags": page}).encode(), headers)

    def authorized(self, scope):
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return False
        with LOCK:
            granted = TOKENS.get(header[7:])
        if granted is None or granted[1] < time.time():
            return False
        if scope is None:
            return True
        name, action = scope.rsplit(":", 1)
        return any(g.startswith(name + ":") and action in g.rsplit(":", 1)[1].split(",") for g in granted[0])

    def token(self):
        settings = control().get("token") or {}
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        scopes = query.get("scope", [])
        user = None
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            name, _, password = base64.b64decode(header[6:]).decode().partition(":")
            if settings.get("users", {}).get(name) != password:
                log({"event": "token-denied", "user": name})
                return self.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}')
            user = name
        granted = []
        for scope in scopes:
            name, _, actions = scope.rpartition(":")
            allowed = [a for a in actions.split(",") if a == "pull" and (user or settings.get("anonymous_pull")) or (a == "push" and user)]
            if allowed:
                granted.append("%s:%s" % (name, ",".join(allowed)))
        value = secrets.token_hex(16)
        expires = settings.get("expires_in", 60)
        with LOCK:
            TOKENS[value] = (granted, time.time() + expires)
        log({"event": "token", "user": user, "scopes": scopes, "granted": granted})
        self.reply(200, json.dumps({"token": value, "expires_in": expires}).encode(), [("Content-Type", "application/json")])

    def forward(self, method, payload, faults):
        connection = http.client.HTTPConnection("127.0.0.1", UPSTREAM_PORT, timeout=60)
        # "ignore_range": the Range header is dropped, as by a registry that answers every GET with the whole blob.
        dropped = ("authorization", "host", "content-length") + (("range",) if control().get("ignore_range") else ())
        headers = {k: v for k, v in self.headers.items() if k.lower() not in dropped}
        headers["Host"] = "127.0.0.1:%d" % UPSTREAM_PORT
        connection.request(method, self.path, body=payload if payload or method in ("PUT", "POST", "PATCH") else None, headers=headers)
        response = connection.getresponse()
        body = response.read()
        out_headers = []
        for name, value in response.getheaders():
            if name.lower() in ("content-length", "transfer-encoding", "connection"):
                continue
            if name.lower() == "location" and value.startswith("http://127.0.0.1:%d" % UPSTREAM_PORT):
                value = value.replace(":%d" % UPSTREAM_PORT, ":%d" % PORT, 1)
            out_headers.append((name, value))
        truncate = None
        chunk_delay = None
        if control().get("referrers_api") and method == "PUT" and "/manifests/" in self.path and 200 <= response.status < 300:
            subject = self.remember_referrer(payload, self.headers.get("Content-Type"))
            if subject:
                out_headers.append(("OCI-Subject", subject))
        for fault in faults:
            if "chunk_delay" in fault and method == "GET":
                chunk_delay = min(float(fault["chunk_delay"]), 5)
            if fault.get("flip") and body and method == "GET":
                body = body[:len(body) // 2] + bytes([body[len(body) // 2] ^ 1]) + body[len(body) // 2 + 1:]
                log({"event": "flip", "path": self.path})
            if "content_type" in fault:
                out_headers = [(n, v) for n, v in out_headers if n.lower() != "content-type"]
                out_headers.append(("Content-Type", fault["content_type"]))
                log({"event": "content-type", "path": self.path})
            if "digest_header" in fault:
                out_headers = [(n, v) for n, v in out_headers if n.lower() != "docker-content-digest"]
                out_headers.append(("Docker-Content-Digest", fault["digest_header"]))
            if "truncate" in fault and method == "GET":
                truncate = fault["truncate"]
        if truncate is not None:
            # Announce the full length, send part of it, drop the connection.
            self.send_response(response.status)
            for name, value in out_headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:truncate])
            self.wfile.flush()
            log({"event": "truncate", "path": self.path})
            self.close_connection = True
            return
        if chunk_delay is not None:
            self.send_response(response.status)
            for name, value in out_headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for start in range(0, len(body), 16384):
                self.wfile.write(body[start:start + 16384])
                self.wfile.flush()
                time.sleep(chunk_delay)
            log({"event": "slow-body", "path": self.path})
            return
        self.reply(response.status, body, out_headers)


def serve(port):
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


threading.Thread(target=serve, args=(REDIRECT_PORT,), daemon=True).start()
serve(PORT)
