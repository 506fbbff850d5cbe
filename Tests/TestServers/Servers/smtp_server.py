#!/usr/bin/env python3
"""An SMTP server (aiosmtpd) on 127.0.0.1 for the transport tests.

Usage: smtp_server.py CERT KEY MAILDIR USER PASSWORD [implicit]
Requires STARTTLS (or, with "implicit", TLS from the first byte, as on port 465), then AUTH (PLAIN or LOGIN) with USER/PASSWORD; saves each message to
MAILDIR/N.eml (the bytes as received) and MAILDIR/N.json (the envelope). Prints "ready PORT" on its
first stdout line; exits when its stdin closes.
"""
import asyncio
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

import serving


class SaveHandler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@rejected.example"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        with open(base + ".eml", "wb") as file:
            file.write(envelope.original_content)
        with open(base + ".json", "w") as file:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, file)
        return "250 Message accepted for delivery"


def main():
    cert, key, folder, user, password = sys.argv[1:6]
    implicit = len(sys.argv) > 6 and sys.argv[6] == "implicit"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() \
            and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    handler = SaveHandler(folder)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        if implicit:
            return SMTP(handler, hostname="mail.test", authenticator=authenticator, auth_required=True,
                        auth_require_tls=False)  # the whole connection is TLS already
        return SMTP(handler, hostname="mail.test", tls_context=context, require_starttls=True,
                    authenticator=authenticator, auth_required=True, auth_require_tls=True)

    server = loop.run_until_complete(loop.create_server(factory, host="127.0.0.1", port=0,
                                                        ssl=context if implicit else None))
    port = server.sockets[0].getsockname()[1]

    serving.exit_when_stdin_closes()
    serving.announce(port)
    loop.run_forever()


if __name__ == "__main__":
    main()
