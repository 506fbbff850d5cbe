#!/usr/bin/env python3
"""A plain HTTP server on 127.0.0.1 serving a folder, for the end-to-end tests of `import http://…`.

Usage: static_server.py FOLDER
Prints "ready PORT" on its first stdout line once it accepts connections; exits when its stdin closes.
"""
import functools
import http.server
import sys

import serving


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    serving.serve(functools.partial(Quiet, directory=sys.argv[1]))


if __name__ == "__main__":
    main()
