#!/usr/bin/env python3
"""Prints, as JSON, what a mail program would see in the .eml file given as the argument."""
import email
import email.header
import email.policy
import hashlib
import json
import sys


def decoded(value):
    return str(email.header.make_header(email.header.decode_header(value))) if value is not None else None


with open(sys.argv[1], "rb") as file:
    raw = file.read()
message = email.message_from_bytes(raw, policy=email.policy.compat32)
parts = []
for part in message.walk():
    if part.is_multipart():
        continue
    payload = part.get_payload(decode=True) or b""
    entry = {
        "content_type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "filename": part.get_filename(),
        "content_type_name": decoded(part.get_param("name")),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "size": len(payload),
    }
    if part.get_content_maintype() == "text" and part.get_filename() is None:
        entry["text"] = payload.decode(part.get_content_charset() or "ascii")
    parts.append(entry)
print(json.dumps({
    "subject": decoded(message["Subject"]),
    "from": decoded(message["From"]),
    "to": decoded(message["To"]),
    "date": message["Date"],
    "message_id": message["Message-ID"],
    "mime_version": message["MIME-Version"],
    "content_type": message.get_content_type(),
    "date_count": len(message.get_all("Date") or []),
    "parts": parts,
    "longest_line": max(len(line) for line in raw.split(b"\r\n")),
}, ensure_ascii=False))
