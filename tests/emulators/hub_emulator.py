"""A loopback stand-in for the Hugging Face hub, run as its own process and ended by its pid.

    python -m tests.emulators.hub_emulator ROOT PORT_FILE [--cut-once BYTES] [--corrupt FILE]
                                          [--stall-once BYTES]

Every folder under ROOT is a model repository named ``owner/<folder>``. It answers the two calls
a download makes: ``GET /api/models/<repo>/revision/<rev>?blobs=true`` (the file list with sizes,
SHA-256 for weight files and git blob ids for the rest, and a card's licence) and
``GET /<repo>/resolve/<rev>/<path>``, honouring ``Range``. ``--cut-once`` drops the connection
of the first transfer of the largest file after that many bytes (a dropped download);
``--corrupt`` flips one byte of that file in every transfer; ``--stall-once`` sends that many
bytes of the first transfer of the largest file, then holds the connection open without sending
more (a slow download, to cancel while it runs). Each request is appended to
``PORT_FILE.log`` (method, path, Range) for the test to read. Listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

OWNER = "tiny"
LFS_SUFFIXES = (".safetensors", ".bin")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def listing(folder: Path, repo: str) -> dict[str, Any]:
    siblings = []
    for path in _files(folder):
        data = path.read_bytes()
        entry: dict[str, Any] = {
            "rfilename": path.relative_to(folder).as_posix(), "size": len(data),
            "blobId": hashlib.sha1(f"blob {len(data)}\0".encode() + data,
                                   usedforsecurity=False).hexdigest()}
        if path.suffix in LFS_SUFFIXES:
            entry["lfs"] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        siblings.append(entry)
    index = folder / "model_index.json"
    config = {"diffusers": json.loads(index.read_text())} if index.is_file() else {}
    return {"id": repo, "sha": "0" * 40, "siblings": siblings, "config": config,
            "cardData": {"license": "apache-2.0"}}


class Hub:
    def __init__(self, root: Path, log: Path, cut_once: int | None, corrupt: str | None,
                 stall_once: int | None = None):
        self.root, self.log = root, log
        self.cut_once, self.corrupt, self.stall_once = cut_once, corrupt, stall_once
        self.lock = threading.Lock()
        self.largest: str | None = None

    def record(self, line: str) -> None:
        with self.lock, self.log.open("a", encoding="utf-8") as f:
            f.write(line + "\n")


def handler(hub: Hub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        def _json(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            path = unquote(urlparse(self.path).path)
            hub.record(f"GET {path} {self.headers.get('Range', '-')}")
            parts = path.strip("/").split("/")
            if parts[:2] == ["api", "models"] and len(parts) >= 6 and parts[4] == "revision":
                folder = hub.root / parts[3]
                if parts[2] != OWNER or not folder.is_dir():
                    self._json(404, {"error": "Repository not found"})
                    return
                self._json(200, listing(folder, f"{parts[2]}/{parts[3]}"))
                return
            if len(parts) >= 5 and parts[2] == "resolve" and parts[0] == OWNER:
                file = hub.root / parts[1] / "/".join(parts[4:])
                if not file.is_file():
                    self._json(404, {"error": "Entry not found"})
                    return
                self._file(file, "/".join(parts[4:]), parts[1])
                return
            self._json(404, {"error": "not found"})

        def _file(self, file: Path, name: str, repo: str) -> None:
            data = bytearray(file.read_bytes())
            folder = hub.root / repo
            largest = max(_files(folder), key=lambda p: p.stat().st_size)
            is_largest = file == largest
            if hub.corrupt and is_largest:
                data[len(data) // 2] ^= 0xFF
            start = 0
            if (ranged := self.headers.get("Range", "")).startswith("bytes="):
                start = int(ranged[6:].split("-")[0])
            body = bytes(data[start:])
            self.send_response(206 if start else 200)
            self.send_header("Content-Length", str(len(body)))
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            if hub.stall_once is not None and is_largest:
                stall, hub.stall_once = hub.stall_once, None
                self.wfile.write(body[:stall])
                self.wfile.flush()
                # held until the client gives up (it closes the connection) or a minute passes
                self.connection.settimeout(60)
                with contextlib.suppress(OSError):
                    self.connection.recv(1)
                self.close_connection = True
                return
            if hub.cut_once is not None and is_largest:
                cut, hub.cut_once = hub.cut_once, None
                self.wfile.write(body[:cut])
                self.wfile.flush()
                self.close_connection = True
                self.connection.close()
                return
            self.wfile.write(body)

    return Handler


def main(argv: list[str]) -> None:
    root, port_file = Path(argv[0]), Path(argv[1])
    cut = int(argv[argv.index("--cut-once") + 1]) if "--cut-once" in argv else None
    corrupt = argv[argv.index("--corrupt") + 1] if "--corrupt" in argv else None
    stall = int(argv[argv.index("--stall-once") + 1]) if "--stall-once" in argv else None
    hub = Hub(root, port_file.with_name(port_file.name + ".log"), cut, corrupt, stall)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(hub))
    tmp = port_file.with_name(port_file.name + ".tmp")
    tmp.write_text(str(server.server_address[1]))
    tmp.replace(port_file)  # the test sees the port only once it is whole
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
