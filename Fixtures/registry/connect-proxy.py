#!/usr/bin/env python3
"""A test-only HTTP proxy on loopback that speaks CONNECT (RFC 9110 section 9.3.6), as HTTPS_PROXY names one.

Each tunnel's target is logged to the log file ({"event": "connect", "target": "HOST:PORT"}, one JSON object a
line) before it is opened; only loopback targets are tunnelled (anything else is answered 403), and any other
method is answered 405. Bytes are copied both ways until either side closes.

Usage: connect-proxy.py PORT LOG_FILE
Listens on 127.0.0.1 only; stopped by its parent test (by PID).
"""
import json
import select
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

signal.signal(signal.SIGTERM, signal.SIG_DFL)
PORT, LOG = int(sys.argv[1]), sys.argv[2]
LOCK = threading.Lock()


def log(event):
    with LOCK, open(LOG, "a") as handle:
        handle.write(json.dumps(event) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def refuse(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        log({"event": "connect", "target": self.path, "authorization": self.headers.get("Proxy-Authorization") is not None})
        if host not in ("127.0.0.1", "localhost", "[::1]") or not port.isdigit():
            return self.refuse(403, "only loopback targets")
        try:
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
        except OSError as error:
            return self.refuse(502, str(error))
        self.send_response(200, "Connection Established")
        self.end_headers()
        self.wfile.flush()
        client = self.connection
        sockets = [client, upstream]
        try:
            while True:
                readable, _, broken = select.select(sockets, [], sockets, 60)
                if broken or not readable:
                    break
                done = False
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        done = True
                        break
                    (upstream if source is client else client).sendall(data)
                if done:
                    break
        except OSError:
            pass
        finally:
            upstream.close()
        self.close_connection = True

    def do_GET(self):
        log({"event": "plain", "target": self.path})
        self.refuse(405, "CONNECT only")


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
server.serve_forever()
