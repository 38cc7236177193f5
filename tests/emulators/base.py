"""A tiny HTTP server harness for provider emulators, bound to 127.0.0.1 on a free port.

Each emulator subclasses ``Emulator``, registers routes with ``route(method, regex)`` and answers
with ``Reply`` objects. Every request is recorded (method, path, headers, JSON body) so tests can
check what the real SDK client sent. ``fail_next(...)`` queues failures (status, body, headers or a
delay) that the next matching requests receive before normal service resumes.
"""

from __future__ import annotations

import base64
import json
import random
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def key_encodings(key: str) -> dict[str, str]:
    """``key`` written every way a careless service may echo it back: raw, URL-encoded (both
    hex cases), base64 and base64url, inside a Basic ``Authorization`` payload at each of the
    three byte alignments, and its secret half alone (for an ``id:secret`` key)."""
    forms = {
        "raw": key,
        "url-encoded": urllib.parse.quote(key, safe=""),
        "url-encoded, lower-case hex": re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(),
                                              urllib.parse.quote(key, safe="")),
        "base64": base64.b64encode(key.encode()).decode(),
        "base64url": base64.urlsafe_b64encode(key.encode()).decode().rstrip("="),
    }
    for pad in range(3):
        user = "u" * (pad + 1)  # "u:", "uu:", "uuu:" put the key at each alignment
        forms[f"basic auth {pad}"] = "Basic " + base64.b64encode(
            f"{user}:{key}".encode()).decode()
    if ":" in key:
        secret = key.split(":", 1)[1]
        forms["secret half"] = secret
        forms["secret half, base64"] = base64.b64encode(secret.encode()).decode()
    return forms


def variant() -> int:
    """A fresh number for output that differs per call (as a service without a seed does)."""
    return random.SystemRandom().randrange(1, 1 << 30)


@dataclass
class Reply:
    status: int = 200
    body: bytes | dict[str, Any] | list[Any] | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def encoded(self) -> tuple[bytes, str]:
        if isinstance(self.body, bytes):
            return self.body, self.headers.get("Content-Type", "application/octet-stream")
        if isinstance(self.body, str):
            return self.body.encode(), self.headers.get("Content-Type", "text/plain")
        return json.dumps(self.body).encode(), "application/json"


@dataclass
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


Handler = Callable[["Recorded", "re.Match[str]"], Reply]


@dataclass
class _Failure:
    pattern: re.Pattern[str]
    reply: Reply
    times: int


class Emulator:
    """Base class: start() binds 127.0.0.1:0 in a daemon thread; stop() shuts it down."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._failures: list[_Failure] = []
        self._lock = threading.Lock()
        self.requests: list[Recorded] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- configuration -------------------------------------------------------------------
    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self._routes.append((method.upper(), re.compile(pattern + r"$"), handler))

    def fail_next(self, pattern: str, reply: Reply, times: int = 1) -> None:
        """The next ``times`` requests whose path matches ``pattern`` receive ``reply``."""
        with self._lock:
            self._failures.append(_Failure(re.compile(pattern), reply, times))

    def echo_keys(self, pattern: str, status: int, keys: list[str], times: int = 1) -> None:
        """The next ``times`` requests matching ``pattern`` get ``status`` with a body (and a
        header) echoing every encoding of every key in ``keys``, as careless services do."""
        echoed = {f"{n} {i}": form for i, key in enumerate(keys)
                  for n, form in key_encodings(key).items()}
        text = "; ".join(f"{name}={form}" for name, form in echoed.items())
        self.fail_next(pattern, Reply(status, {"detail": {"status": "error",
                                                          "message": f"failed for {text}"},
                                               "error": {"message": f"failed for {text}"},
                                               "message": f"failed for {text}"},
                                      headers={"X-Debug-Echo": text[:4000]}), times)

    def reset(self) -> None:
        """Forget recorded requests and queued failures (between tests sharing a server)."""
        with self._lock:
            self.requests.clear()
            self._failures.clear()

    def requests_to(self, pattern: str, method: str | None = None) -> list[Recorded]:
        rx = re.compile(pattern)
        return [r for r in self.requests
                if rx.search(r.path) and (method is None or r.method == method.upper())]

    # -- lifecycle -----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "emulator not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Emulator:
        emulator = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                emulator._dispatch(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve  # noqa: N815

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- dispatch ------------------------------------------------------------------------
    def _dispatch(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        path, _, query = h.path.partition("?")
        rec = Recorded(h.command, path, query, {k.lower(): v for k, v in h.headers.items()}, body)
        with self._lock:
            self.requests.append(rec)
            reply = self._take_failure(path)
        if reply is None:
            reply = Reply(404, {"error": f"no route for {h.command} {path}"})
            for method, rx, handler in self._routes:
                if method == h.command and (m := rx.match(path)):
                    reply = handler(rec, m)
                    break
        if reply.delay:
            time.sleep(reply.delay)
        data, ctype = reply.encoded()
        try:
            h.send_response(reply.status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(data)))
            for k, v in reply.headers.items():
                if k.lower() != "content-type":
                    h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _take_failure(self, path: str) -> Reply | None:
        for failure in self._failures:
            if failure.times > 0 and failure.pattern.search(path):
                failure.times -= 1
                if failure.times == 0:
                    self._failures.remove(failure)
                return failure.reply
        return None
