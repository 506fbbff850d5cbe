#!/usr/bin/env python3
"""Chat robots (DingTalk, WeCom, Feishu) and a plain webhook over HTTPS on 127.0.0.1, for the transport tests.

Usage: robot_server.py CERT KEY LOGDIR SECRET
SECRET signs DingTalk and Feishu requests. Prints "ready PORT" on its first stdout line once it accepts
connections; exits when its stdin closes (the test process ended).

Accepted messages are appended to LOGDIR/messages.jsonl as {"robot", "token", "body", "headers"};
rejected ones to LOGDIR/rejected.jsonl as {"robot", "token", "reason"}; uploaded files are saved as
LOGDIR/media/<media_id> and described in LOGDIR/uploads.jsonl.

Routes (answers are JSON, HTTP 200 unless said):
  POST /dingtalk/robot/send?access_token=T&timestamp=MS&sign=S
        sign = base64(HMAC-SHA256(key=SECRET, msg="MS\\nSECRET")), MS within an hour of now, else 310000;
        body {"msgtype":"markdown","markdown":{"title","text"}} else 40035; over 20 a minute per T: 130101
  POST /wecom/cgi-bin/webhook/send?key=K
        {"msgtype":"markdown","markdown":{"content"}} (at most 4096 UTF-8 bytes, else 40058) or
        {"msgtype":"file","file":{"media_id"}} (issued here, else 40007); other shapes 40008;
        over 20 a minute per K: 45009
  POST /wecom/cgi-bin/webhook/upload_media?key=K&type=file
        multipart/form-data with a part name="media" (filename plain UTF-8 or filename*=UTF-8''...);
        none, or no type=file: 44001; answers media_id and created_at
  POST /feishu/open-apis/bot/v2/hook/TOKEN
        body "timestamp" (unix seconds, a string, within an hour) and
        "sign" = base64(HMAC-SHA256(key="timestamp\\nSECRET", msg="")), else 19021;
        msg_type "text", "post" (content.post.zh_cn title and rows of tagged elements) or
        "interactive" (a "card" object), else 19002
  POST /webhook/NAME    any JSON body (else HTTP 400), recorded under token NAME, answers {"ok":true}
  GET  /count?robot=R&token=T   the number of accepted messages for R and T (text/plain)
  anything else         404 {"errcode":404,"errmsg":"no such route"}

Faults, chosen by the token (T, K, TOKEN or NAME) so that tests running at once do not interfere:
  fail500...    HTTP 500 "internal error"
  slow...       sleeps 5 s before reading the body, then goes on
  reset...      reads the body, then resets the TCP connection without answering
  err-CODE-...  that robot's error answer with CODE (for /webhook: HTTP CODE if it is 400-599)
  hold...       reads the body, sleeps 3 s, records nothing if the client has gone meanwhile
"""
import base64
import collections
import email.message
import email.utils
import hashlib
import hmac
import http.server
import json
import os
import re
import secrets
import select
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse

import serving

LOGDIR = SECRET = ""
lock = threading.Lock()  # guards the state below and the log files
counts = collections.Counter()  # (robot, token) -> accepted messages
recent = collections.defaultdict(collections.deque)  # (robot, token) -> monotonic times of the last minute
media_ids = set()
LIMIT = {"dingtalk": (130101, "send too fast, exceed 20 times per minute"),
         "wecom": (45009, "api freq out of limit")}


def append_line(name, record):
    with open(os.path.join(LOGDIR, name), "a", encoding="utf-8") as file:
        file.write(json.dumps(record, ensure_ascii=False) + "\n")
        file.flush()
        os.fsync(file.fileno())


def reject(robot, token, reason):
    with lock:
        append_line("rejected.jsonl", {"robot": robot, "token": token, "reason": reason})


def accept(robot, token, body, headers):
    """Records a message; False (and nothing recorded) if it is over the robot's 20-a-minute limit."""
    with lock:
        if robot in LIMIT:
            times, now = recent[(robot, token)], time.monotonic()
            while times and now - times[0] >= 60:
                times.popleft()
            if len(times) >= 20:
                return False
            times.append(now)
        counts[(robot, token)] += 1
        append_line("messages.jsonl", {"robot": robot, "token": token, "body": body, "headers": headers})
        return True


def b64_hmac(key, message):
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def fresh(seconds):
    return abs(time.time() - seconds) <= 3600


def dig(value, *keys):
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


INVALID = object()  # what parse_json answers for a body that is not JSON


def parse_json(body):
    try:
        return json.loads(body.decode("utf-8"))
    except ValueError:  # also UnicodeDecodeError
        return INVALID


def multipart_parts(content_type, body):
    """The parts of a multipart/form-data body as (Content-Disposition Message, bytes)."""
    header = email.message.Message()
    header["Content-Type"] = content_type
    boundary = header.get_boundary()
    if header.get_content_type() != "multipart/form-data" or not boundary:
        return []
    parts = []
    for section in body.split(b"--" + boundary.encode())[1:]:
        if section.startswith(b"--"):
            break  # the closing delimiter
        head, _, content = section.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        disposition = email.message.Message()
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-disposition":
                disposition["Content-Disposition"] = value.strip()
        parts.append((disposition, content.removesuffix(b"\r\n")))
    return parts


def part_filename(disposition):
    """filename*=UTF-8''... (RFC 2231) wins over filename="..." (raw UTF-8), as RFC 6266 says."""
    for name, value in disposition.get_params([], header="content-disposition"):
        if name == "filename" and isinstance(value, tuple):
            return email.utils.collapse_rfc2231_value(value)
    return disposition.get_filename() or ""


def feishu_shape_ok(body):
    kind, content = body.get("msg_type"), body.get("content")
    if kind == "text":
        return isinstance(dig(content, "text"), str)
    if kind == "post":
        rows = dig(content, "post", "zh_cn", "content")
        return (isinstance(dig(content, "post", "zh_cn", "title"), str) and isinstance(rows, list)
                and all(isinstance(row, list) and all(isinstance(e, dict) and "tag" in e for e in row)
                        for row in rows))
    return kind == "interactive" and isinstance(body.get("card"), dict)


def route_of(path, query):
    """(robot, token, action) for a POST path, or None."""
    if path == "/dingtalk/robot/send":
        return "dingtalk", query.get("access_token", ""), "send"
    if path == "/wecom/cgi-bin/webhook/send":
        return "wecom", query.get("key", ""), "send"
    if path == "/wecom/cgi-bin/webhook/upload_media":
        return "wecom", query.get("key", ""), "upload"
    for prefix, robot in (("/feishu/open-apis/bot/v2/hook/", "feishu"), ("/webhook/", "webhook")):
        if path.startswith(prefix):
            return robot, urllib.parse.unquote(path[len(prefix):]), "send"
    return None


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

    def reply_json(self, value, code=200):
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        self.reply(code, body, "application/json; charset=utf-8")

    def read_body(self):
        """The request body, or None if the client went away before sending all of it."""
        length = int(self.headers.get("Content-Length", "0"))
        try:
            body = self.rfile.read(length)
        except OSError:
            return None
        return body if len(body) == length else None

    def peer_gone(self):
        """True if the client has closed or reset the connection while we kept it waiting.

        A client waiting for an answer sends nothing, so the socket only becomes readable when it closes:
        a FIN reads as b"" and a reset as an error. SSLSocket.recv refuses MSG_PEEK, so the peek goes
        through a plain socket on a duplicate of the descriptor. If bytes did arrive, they are most likely
        a TLS close_notify before the FIN: the TLS layer reads it as b"" (the connection is not reused).
        """
        sock = self.connection
        try:
            if not select.select([sock], [], [], 0)[0]:
                return False
            raw = socket.socket(fileno=os.dup(sock.fileno()))
        except (OSError, ValueError):
            return True
        try:
            if not raw.recv(1, socket.MSG_PEEK | getattr(socket, "MSG_DONTWAIT", 0)):
                return True
        except BlockingIOError:
            return False
        except OSError:
            return True
        finally:
            raw.close()
        self.close_connection = True
        timeout = sock.gettimeout()
        sock.settimeout(0)
        try:
            return sock.recv(1) == b""
        except ssl.SSLWantReadError:
            return False
        except OSError:
            return True
        finally:
            sock.settimeout(timeout)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/count":
            return self.reply_json({"errcode": 404, "errmsg": "no such route"}, 404)
        query = dict(urllib.parse.parse_qsl(url.query))
        with lock:
            n = counts[(query.get("robot", ""), query.get("token", ""))]
        self.reply(200, str(n).encode())

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        route = route_of(url.path, query)
        if route is None:
            self.read_body()
            return self.reply_json({"errcode": 404, "errmsg": "no such route"}, 404)
        robot, token, action = route
        if token.startswith("slow"):
            time.sleep(5)
        body = self.read_body()
        if body is None:
            self.close_connection = True
            return
        injected = re.match(r"err-(\d+)-", token)
        if token.startswith("fail500"):
            reject(robot, token, "fail500")
            self.reply(500, b"internal error")
        elif token.startswith("reset"):
            reject(robot, token, "reset")
            # SO_LINGER 0: closing sends a TCP reset instead of an answer.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif injected:
            code = int(injected.group(1))
            reject(robot, token, "injected error %d" % code)
            self.error(robot, token, code, "injected error %d" % code)
        else:
            if token.startswith("hold"):
                time.sleep(3)
                if self.peer_gone():
                    reject(robot, token, "client gone")
                    self.close_connection = True
                    return
            getattr(self, "%s_%s" % (robot, action))(token, query, body)

    def error(self, robot, token, code, message, reason=None):
        """Answers a robot's error shape (HTTP 200) and, given a reason, logs the rejection."""
        if reason is not None:
            reject(robot, token, reason)
        if robot == "feishu":
            self.reply_json({"code": code, "msg": message, "data": {}})
        elif robot == "webhook":
            self.reply_json({"ok": False, "error": message}, code if 400 <= code <= 599 else 200)
        else:
            self.reply_json({"errcode": code, "errmsg": message})

    def record(self, robot, token, message):
        headers = {name.lower(): value for name, value in self.headers.items()}
        if not accept(robot, token, message, headers):
            return self.error(robot, token, *LIMIT[robot], reason="rate limit")
        if robot == "feishu":
            self.reply_json({"StatusCode": 0, "StatusMessage": "success", "code": 0, "data": {}, "msg": "success"})
        elif robot == "webhook":
            self.reply_json({"ok": True})
        else:
            self.reply_json({"errcode": 0, "errmsg": "ok"})

    def dingtalk_send(self, token, query, body):
        stamp, sign = query.get("timestamp", ""), query.get("sign", "")
        expected = b64_hmac(SECRET.encode(), ("%s\n%s" % (stamp, SECRET)).encode())
        if not (stamp.isdigit() and fresh(int(stamp) / 1000) and hmac.compare_digest(sign, expected)):
            return self.error("dingtalk", token, 310000, "sign not match, more: "
                              "[https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]", "bad sign")
        message = parse_json(body)
        if not (isinstance(message, dict) and message.get("msgtype") == "markdown"
                and isinstance(dig(message, "markdown", "title"), str)
                and isinstance(dig(message, "markdown", "text"), str)):
            return self.error("dingtalk", token, 40035, "缺少参数 json", "bad shape")
        self.record("dingtalk", token, message)

    def wecom_send(self, token, query, body):
        message = parse_json(body)
        kind = message.get("msgtype") if isinstance(message, dict) else None
        if kind == "markdown" and isinstance(dig(message, "markdown", "content"), str):
            if len(message["markdown"]["content"].encode()) > 4096:
                return self.error("wecom", token, 40058, "markdown.content exceed max length 4096. "
                                  "invalid Request Parameter", "too long")
        elif kind == "file" and isinstance(dig(message, "file"), dict):
            with lock:
                known = message["file"].get("media_id") in media_ids
            if not known:
                return self.error("wecom", token, 40007, "invalid media_id", "unknown media_id")
        else:
            return self.error("wecom", token, 40008, "invalid message type", "bad shape")
        self.record("wecom", token, message)

    def wecom_upload(self, token, query, body):
        media = [(d, data) for d, data in multipart_parts(self.headers.get("Content-Type", ""), body)
                 if d.get_param("name", header="content-disposition") == "media"]
        if query.get("type") != "file" or not media:
            return self.error("wecom", token, 44001, "empty media data", "no media")
        disposition, data = media[0]
        media_id = "3" + secrets.token_hex(24)
        with open(os.path.join(LOGDIR, "media", media_id), "wb") as file:
            file.write(data)
        with lock:
            media_ids.add(media_id)
            append_line("uploads.jsonl", {"key": token, "media_id": media_id, "filename": part_filename(disposition),
                                          "length": len(data), "sha256": hashlib.sha256(data).hexdigest()})
        self.reply_json({"errcode": 0, "errmsg": "ok", "type": "file", "media_id": media_id,
                         "created_at": str(int(time.time()))})

    def feishu_send(self, token, query, body):
        message = parse_json(body)
        if not isinstance(message, dict):
            return self.error("feishu", token, 19002, "params error, msg_type need", "bad shape")
        stamp, sign = message.get("timestamp"), message.get("sign")
        if not (isinstance(stamp, str) and stamp.isdigit() and fresh(int(stamp)) and isinstance(sign, str)
                and hmac.compare_digest(sign, b64_hmac(("%s\n%s" % (stamp, SECRET)).encode(), b""))):
            return self.error("feishu", token, 19021, "sign match fail or timestamp is not within one hour "
                              "from current time", "bad sign")
        if not feishu_shape_ok(message):
            return self.error("feishu", token, 19002, "params error, msg_type need", "bad shape")
        self.record("feishu", token, message)

    def webhook_send(self, token, query, body):
        message = parse_json(body)
        if message is INVALID:
            reject("webhook", token, "invalid json")
            return self.reply_json({"ok": False, "error": "invalid json"}, 400)
        self.record("webhook", token, message)


def main():
    global LOGDIR, SECRET
    cert, key, LOGDIR, SECRET = sys.argv[1:5]
    os.makedirs(os.path.join(LOGDIR, "media"), exist_ok=True)
    serving.serve(Handler, cert=cert, key=key)


if __name__ == "__main__":
    main()
