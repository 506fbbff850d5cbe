#!/usr/bin/env python3
"""An HTTPS server on 127.0.0.1 for the transport tests.

Usage: https_server.py CERT KEY
Prints "ready PORT" on its first stdout line once it accepts connections; exits when its stdin closes
(the test process ended) or on SIGTERM.

Routes (KEY names a counter, so that tests running at the same time do not share one):
  /echo                  JSON: method, path, headers, length and sha256 of the request body
  /flaky?key=K&fail=N    500 for the first N requests with key K, then 200 "ok"
  /status?key=K&code=C   answers C (counted under K)
  /count?key=K           the number of requests seen under K
  /slow?seconds=S        waits S seconds, then 200
  /big?bytes=N           N bytes of "x"
  /reset                 announces 1 MB, sends a little, then resets the connection
"""
import hashlib
import http.server
import json
import socket
import struct
import sys
import threading
import time
import urllib.parse

import serving

counts = {}
lock = threading.Lock()


def count(key):
    with lock:
        counts[key] = counts.get(key, 0) + 1
        return counts[key]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, code, body, content_type="text/plain; charset=utf-8"):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.route(b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.route(self.rfile.read(length))

    def route(self, body):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        key = query.get("key", "")
        if url.path == "/echo":
            answer = {
                "method": self.command,
                "path": url.path,
                "query": url.query,
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "length": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
            }
            self.reply(200, json.dumps(answer).encode(), "application/json")
        elif url.path == "/flaky":
            n = count(key)
            if n <= int(query.get("fail", "2")):
                self.reply(500, b"temporarily broken")
            else:
                self.reply(200, b"ok")
        elif url.path == "/status":
            count(key)
            code = int(query.get("code", "404"))
            self.reply(code, ("status %d for %s" % (code, self.path)).encode())
        elif url.path == "/count":
            with lock:
                n = counts.get(key, 0)
            self.reply(200, str(n).encode())
        elif url.path == "/slow":
            time.sleep(float(query.get("seconds", "5")))
            self.reply(200, b"late")
        elif url.path == "/big":
            self.reply(200, b"x" * int(query.get("bytes", "0")))
        elif url.path == "/reset":
            self.send_response(200)
            self.send_header("Content-Length", str(1 << 20))
            self.end_headers()
            self.wfile.write(b"y" * 1000)
            self.wfile.flush()
            # SO_LINGER 0: closing sends a TCP reset, in the middle of the announced body.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        else:
            self.reply(404, b"no such route")


def main():
    serving.serve(Handler, cert=sys.argv[1], key=sys.argv[2])


if __name__ == "__main__":
    main()
