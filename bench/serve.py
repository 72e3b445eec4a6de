"""A built site served on loopback with gzip, counting the bytes each response put on the wire.

The browser's own transfer sizes leave out what a cached or aborted response cost and differ
between Chromium versions; counting what the server wrote (headers and body, gzipped as a static
host such as GitHub Pages sends them) gives the same number on every run. The log of responses
lets a scenario ask what was served between two moments of one page visit.
"""

from __future__ import annotations

import gzip
import mimetypes
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .config import GZIP_LEVEL, QUIET_S

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/manifest+json")


class CountingWriter:
    """Wraps a connection's output, counting the bytes written (headers and body)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.count = 0

    def write(self, data: bytes) -> int:
        written: int = self.raw.write(data)
        self.count += len(data)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)  # flush, closed, ... as the connection has them


class SiteFiles:
    """A built site's files, gzipped once at the same level, and a log of what was served."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.gzipped: dict[Path, bytes] = {}
        self.log: list[tuple[float, str, int, int]] = []  # (finished at, path, bytes on the wire, status)
        self.lock = threading.Lock()

    def compress_all(self) -> None:
        # Compressing up front keeps the usual page's inlined 4.8 MB plotly.js from slowing its first run.
        for path in self.root.rglob("*"):
            if path.is_file() and content_type(path).startswith(COMPRESSIBLE):
                self.gzipped[path] = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)

    def record(self, path: str, size: int, status: int) -> None:
        with self.lock:
            self.log.append((time.monotonic(), path, size, status))

    def mark(self) -> int:
        """A moment in the log, to ask later what was served since."""
        with self.lock:
            return len(self.log)

    def served_between(self, start: int, end: int | None = None) -> list[tuple[str, int, int]]:
        """(path, bytes on the wire, status) of each response finished between two marks."""
        with self.lock:
            return [(path, size, status) for _, path, size, status in self.log[start:end]]

    def wait_quiet(self, quiet: float = QUIET_S, limit: float = 10.0) -> None:
        """Wait until nothing has been served for `quiet` seconds (at most `limit`)."""
        started = time.monotonic()
        while time.monotonic() - started < limit:
            with self.lock:
                last = self.log[-1][0] if self.log else 0.0
            if time.monotonic() - last >= quiet:
                return
            time.sleep(0.05)


def content_type(path: Path) -> str:
    kind = {".js": "application/javascript", ".json": "application/json", ".map": "application/json",
            ".xml": "application/xml", ".csv": "text/csv"}.get(path.suffix)
    return kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class GzipHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers expect of a real server
    server: "SiteServer"

    def setup(self) -> None:
        super().setup()
        self.wfile = CountingWriter(self.wfile)  # type: ignore[assignment]

    def do_GET(self) -> None:
        self.respond(with_body=True)

    def do_HEAD(self) -> None:
        self.respond(with_body=False)

    def respond(self, with_body: bool) -> None:
        files = self.server.files
        writer: CountingWriter = self.wfile  # type: ignore[assignment]
        start, status = writer.count, 200
        url_path = unquote(urlsplit(self.path).path)
        target = files.root / url_path.lstrip("/")
        outside = ".." in Path(url_path).parts
        try:
            if outside or not (target.is_file() or (target / "index.html").is_file()):
                status = 404
                self.send_file(files.root / "404.html", status, with_body)
            elif target.is_dir() and not url_path.endswith("/"):
                status = 301
                self.send_response(status)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_file(target / "index.html" if target.is_dir() else target, status, with_body)
        except ConnectionError:
            pass  # the browser gave up on this request; count what was sent
        files.record(url_path, writer.count - start, status)

    def send_file(self, path: Path, status: int, with_body: bool) -> None:
        kind = content_type(path)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compressed = self.server.files.gzipped.get(path) if accepts_gzip else None
        body = compressed if compressed is not None else path.read_bytes()
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith(COMPRESSIBLE) and kind != "image/svg+xml" else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.send_header("Vary", "Accept-Encoding")
        if compressed is not None:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, files: SiteFiles) -> None:
        # Binds now: the site is built for this address (instant navigation matches site_url).
        super().__init__(("127.0.0.1", 0), GzipHandler)
        self.files = files
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"

    def start(self) -> None:
        self.files.compress_all()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a browser closing a kept-alive connection: nothing was lost, nothing to report
        super().handle_error(request, client_address)

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
