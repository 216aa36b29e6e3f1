"""A local stand-in for Telegram's Bot API on 127.0.0.1, for tests and bench/telegram_burst.py.

It keeps each channel's messages (sendMessage, sendPhoto, editMessageText, editMessageCaption,
deleteMessage), answers a wrong token with 401 and an unknown channel with 400, can enforce a rate
limit per channel (429 with ``retry_after``), and can be told what to answer next: ``fail_next``
with a status (500, 429…) or a ``"hang"`` that posts the message and then answers too late.
"""

import email.parser
import json
import math
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

TOKEN = "123456:TEST-token"


class FakeBotAPI:
    def __init__(self, token=TOKEN, channels=("@news_en", "@news_ru", "@news_uz", "@news_cyrl"), rate=None):
        self.token = token
        self.channels = set(channels)
        self.rate = rate  # (messages, seconds) per channel, or None
        self.messages = defaultdict(dict)  # channel → {message_id: {"text", "photo"}}
        self.calls = []  # (method, fields) of every request, answered or not
        self.script = deque()  # what to answer next: 500, (429, retry_after), ("hang", seconds)
        self.hang_seconds = 0.0
        self._next_id = defaultdict(lambda: 100)
        self._sent = defaultdict(deque)  # channel → times of accepted sends
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, *answers):
        self.script.extend(answers)

    def posts(self, channel) -> list[dict]:
        with self.lock:
            return [dict(m, message_id=i) for i, m in sorted(self.messages[channel].items())]

    # The API

    def answer(self, method: str, fields: dict, files: dict) -> tuple[int, dict, float]:
        """(status, body, seconds to wait before answering)."""
        with self.lock:
            self.calls.append((method, fields))
            scripted = self.script.popleft() if self.script else None
            if scripted == 500:
                return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}, 0
            if isinstance(scripted, tuple) and scripted[0] == 429:
                return 429, _too_many(scripted[1]), 0
            chat = fields.get("chat_id", "")
            if chat not in self.channels:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}, 0
            delay = scripted[1] if isinstance(scripted, tuple) and scripted[0] == "hang" else 0
            if method in ("sendMessage", "sendPhoto"):
                if self.rate:
                    count, seconds = self.rate
                    now, sent = time.monotonic(), self._sent[chat]
                    while sent and sent[0] <= now - seconds:
                        sent.popleft()
                    if len(sent) >= count:
                        return 429, _too_many(max(1, math.ceil(sent[0] + seconds - now))), 0
                    sent.append(now)
                self._next_id[chat] += 1
                message_id = self._next_id[chat]
                text = fields.get("text", fields.get("caption", ""))
                self.messages[chat][message_id] = {"text": text, "photo": len(files.get("photo", b"")) or None}
                return 200, {"ok": True, "result": {"message_id": message_id, "chat": {"id": chat}}}, delay
            message_id = int(fields.get("message_id") or 0)
            if message_id not in self.messages[chat]:
                verb = "delete" if method == "deleteMessage" else "edit"
                return (
                    400,
                    {"ok": False, "error_code": 400, "description": f"Bad Request: message to {verb} not found"},
                    0,
                )
            if method == "deleteMessage":
                del self.messages[chat][message_id]
                return 200, {"ok": True, "result": True}, delay
            text = fields.get("text", fields.get("caption", ""))
            if self.messages[chat][message_id]["text"] == text:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message is not modified"}, 0
            self.messages[chat][message_id]["text"] = text
            return 200, {"ok": True, "result": {"message_id": message_id}}, delay

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                prefix, _, method = self.path.lstrip("/").partition("/")
                if prefix != f"bot{fake.token}":
                    return self._send(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                fields, files = _form(self.headers.get("Content-Type", ""), body)
                status, answer, delay = fake.answer(method, fields, files)
                if delay:
                    time.sleep(delay)
                self._send(status, answer)

            def _send(self, status, answer):
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped waiting

        return Handler


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # a burst of workers connecting at once is not refused
    daemon_threads = True


def _too_many(retry_after: int) -> dict:
    return {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry_after}",
        "parameters": {"retry_after": retry_after},
    }


def _form(content_type: str, body: bytes) -> tuple[dict, dict]:
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser().parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        fields, files = {}, {}
        for part in message.get_payload():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if part.get_filename():
                files[name] = payload
            else:
                fields[name] = payload.decode()
        return fields, files
    return dict(parse_qsl(body.decode())), {}
