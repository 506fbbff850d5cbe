"""What the test servers share: announcing the port, stopping when the test process goes away, and an
HTTP(S) server on 127.0.0.1 that keeps quiet about the broken connections some tests make on purpose.

Each server prints "ready PORT" on its first stdout line once it accepts connections, and exits when its
stdin closes (the test process ended, or released the server).
"""
import http.server
import os
import ssl
import sys
import threading


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # failed handshakes and reset connections are what some tests are about


def exit_when_stdin_closes():
    """Starts a thread that ends the process when stdin reaches its end."""
    def wait():
        try:
            while sys.stdin.buffer.read(1024):
                pass
        finally:
            os._exit(0)
    threading.Thread(target=wait, daemon=True).start()


def announce(port):
    print("ready %d" % port, flush=True)


def serve(handler, cert=None, key=None):
    """Serves `handler` on 127.0.0.1, over TLS with CERT and KEY when given, until stdin closes."""
    server = QuietServer(("127.0.0.1", 0), handler)
    if cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    exit_when_stdin_closes()
    announce(server.server_address[1])
    server.serve_forever()
